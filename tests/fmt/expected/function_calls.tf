locals {
  a = merge(var.a, var.b)
  b = lookup(var.map, "key", "default")
  c = join(",", [for s in var.list : s])
  d = format(
    "%s-%s",
    var.a,
    var.b
  )
  e = concat(var.a,
    var.b,
  var.c)
  f = jsonencode({
    a  = 1
    bb = 2
  })
  g = coalesce(var.x...)
  h = provider::terraform::encode_tfvars({ a = 1 })
}
