variable "services" {
  type = map(object({
    port    = optional(number, 80)
    enabled = optional(bool, true)
    tags    = optional(map(string), {})
    owner   = optional(string)
    health = optional(object({
      path    = optional(string, "/healthz")
      retries = optional(number, 3)
    }), {})
  }))
  default = {
    web = {
      port   = 8080
      health = { retries = 5 }
    }
    db = {
      port    = 5432
      tags    = { tier = "data" }
      enabled = false
    }
    cache = {
      owner = "ops"
      tags  = { tier = "cache" }
    }
  }
}

resource "terraform_data" "service" {
  for_each = { for name, s in var.services : name => s if s.enabled }
  input = {
    port    = each.value.port
    tags    = each.value.tags
    owner   = coalesce(each.value.owner, "nobody")
    health  = "${each.value.health.path}x${each.value.health.retries}"
  }
}

output "services" {
  value = var.services
}

output "inputs" {
  value = { for name, r in terraform_data.service : name => r.output }
}
