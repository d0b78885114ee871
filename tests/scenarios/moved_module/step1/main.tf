module "app" {
  source = "./modules/app"
  name   = "main"
}

module "old" {
  source   = "./modules/app"
  for_each = toset(["a", "b"])
  name     = each.key
}

output "app" {
  value = module.app.server
}

output "old" {
  value = { for k, m in module.old : k => m.server }
}
