locals {
  a = "${var.a}"
  b = "${ var.b }"
  c = "${"nested"}"
  d = "${"x${var.y}"}"
  e = "${var.e}%{if true}x%{endif}"
  f = "${var.list[0]}"
  g = "${func(var.a, "lit")}"
  h = "${{a=1}}"
  i = "${[1,2]}"
  j = "${-1}"
}
