locals {
  a = "${var.name}"
  b = "${var.name}-suffix"
  c = "prefix-${var.name}"
  d = "${var.a}${var.b}"
  e = "${upper("${var.x}")}"
  f = "${
    var.multi
  }"
  g = "${var.cond ? "a" : "b"}"
  h = ["${var.x}", "${var.y}"]
  i = {key = "${var.z}"}
  j = "${~ var.strip ~}"
  k = "${ {a = 1} }"
  l = "$${literal}"
}
resource "x" "y" {
  name = "${var.name}"
  nested {
    value = "${local.a}"
  }
}
