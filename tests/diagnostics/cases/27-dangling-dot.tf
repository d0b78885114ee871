locals {
  a = local.
}
