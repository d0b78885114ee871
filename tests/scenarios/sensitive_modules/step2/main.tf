variable "passwords" {
  type      = map(string)
  sensitive = true
  default   = { main = "m2", replica = "r1" }
}

module "db" {
  source   = "./modules/db"
  for_each = toset(["main", "replica"])
  name     = each.key
  password = var.passwords[each.key]
}

output "connections" {
  value     = { for k, m in module.db : k => m.connection }
  sensitive = true
}

output "names" {
  value = [for m in module.db : m.name]
}
