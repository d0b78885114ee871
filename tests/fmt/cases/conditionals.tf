locals {
  a = var.x?1:2
  b = var.enabled ? "yes":"no"
  c = (var.a==1&&var.b!=2)||!var.c
  d = var.n>=3 ? var.n<=5 ? "mid" : "high" : "low"
  e = var.x < 1 || var.y > 2
}
