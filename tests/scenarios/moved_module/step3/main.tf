module "app" {
  source   = "./modules/app"
  for_each = toset(["primary"])
  name     = "main"
}

moved {
  from = module.app
  to   = module.app["primary"]
}

module "new" {
  source   = "./modules/app"
  for_each = toset(["a", "c"])
  name     = each.key
}

moved {
  from = module.old["a"]
  to   = module.new["a"]
}

output "app" {
  value = module.app["primary"].server
}

output "new" {
  value = { for k, m in module.new : k => m.server }
}
