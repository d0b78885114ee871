locals {
  a = var.x != null ? var.x : "default"
  b = try(var.obj.key, null)
  c = can(regex("^a", var.s))
  d = length(var.list) > 0
  e = var.map["key"] != "" && contains(var.list, "x")
  f = [for k, v in var.map : "${k}=${v}" if v != null]
  g = { for s in var.list : s => upper(s) }
  h = one([for x in var.list : x if x == "a"])
  i = sensitive("secret")
  j = tostring(1)
  k = var.a.b.c[0]["d"].e
}
