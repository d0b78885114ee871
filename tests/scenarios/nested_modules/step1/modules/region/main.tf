variable "region" {
  type = string
}

variable "zones" {
  type = set(string)
}

module "zone" {
  source   = "../zone"
  for_each = var.zones
  name     = "${var.region}-${each.key}"
}

output "zones" {
  value = { for k, z in module.zone : k => z.id_input }
}
