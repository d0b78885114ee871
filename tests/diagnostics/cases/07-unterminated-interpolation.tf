locals {
  a = "x-${var.name"
}
