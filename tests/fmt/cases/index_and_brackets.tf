locals {
  a = var.m["k"]["j"]
  b = [for x in [var.a, var.b] : x]
  c = (var.list)[0]
  d = ["a", "b"][1]
  e = {a = 1}["a"]
  f = var.x[var.i][var.j]
}
