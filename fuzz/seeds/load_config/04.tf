locals {
  x = local.y
  y = local.x
}
