locals {
  a = local.b + 1
  b = local.c * 2
  c = 3
  d = [for i in [1, 2, 3] : i * local.c]
  e = { for k, v in { x = 1, y = 2 } : k => v + local.a }
}

output "d" {
  value = local.d
}
