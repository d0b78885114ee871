locals {
  a = local.b[0
}
