variable "enabled" {
  default = false
}

module "region" {
  source   = "./modules/region"
  for_each = { us = ["a", "b"] }
  region   = each.key
  zones    = each.value
}

module "optional" {
  source = "./modules/region"
  count  = var.enabled ? 1 : 0
  region = "extra"
  zones  = ["z"]
}

output "regions" {
  value = { for k, r in module.region : k => r.zones }
}

output "optional" {
  value = module.optional[*].zones
}
