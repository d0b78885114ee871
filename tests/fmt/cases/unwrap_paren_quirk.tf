# terraform fmt sees "(" first and ")" last and decides no parentheses are
# needed, so its output no longer parses. Reproduced as is.
locals {
  c = "${(var.x) +
  (var.y)}"
}
