locals {
  a = (var.enabled
    ? "on"
  : "off")
  b = (var.x +
  var.y)
  d = var.single # trailing
  e = /* lead */ var.e
}
