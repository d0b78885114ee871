variable "services" {
  type = map(number)
  default = {
    api = 1
  }
}

module "service" {
  source   = "./modules/service"
  for_each = var.services
  name     = each.key
  replicas = each.value
}

output "replicas" {
  value = { for k, m in module.service : k => m.replicas }
}

output "configs" {
  value = { for k, m in module.service : k => m.config }
}
