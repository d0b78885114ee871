locals {
  a = [local.l...]
}
