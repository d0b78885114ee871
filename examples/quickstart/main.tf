# The quickstart: a configuration that needs nothing but the terrace binary.
# It shows the language at work (typed variables with optional attributes,
# locals, for expressions, templates, functions, sensitive values) and the
# embedded SQLite state: run it twice and the second plan has no changes.

variable "environment" {
  type        = string
  default     = "dev"
  description = "Which environment this is."

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be dev, staging or prod."
  }
}

variable "services" {
  description = "The services of the application, with their ports."
  type = map(object({
    port     = number
    replicas = optional(number, 1)
    public   = optional(bool, false)
  }))
  default = {
    api    = { port = 8080, replicas = 2, public = true }
    worker = { port = 9090 }
  }
}

variable "database_password" {
  type      = string
  default   = "change-me"
  sensitive = true
}

locals {
  name_prefix = "shop-${var.environment}"

  public_services = sort([for name, svc in var.services : name if svc.public])
  total_replicas  = sum([for svc in values(var.services) : svc.replicas])

  endpoints = {
    for name, svc in var.services :
    name => format("http://%s-%s.internal:%d", local.name_prefix, name, svc.port)
  }

  database_url = "postgres://app:${var.database_password}@db.${var.environment}.internal:5432/shop"
}

output "name_prefix" {
  value = local.name_prefix
}

output "public_services" {
  value = local.public_services
}

output "total_replicas" {
  value = local.total_replicas
}

output "endpoints" {
  value = local.endpoints
}

output "database_url" {
  value     = local.database_url
  sensitive = true
}
