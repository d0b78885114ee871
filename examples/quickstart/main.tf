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

# Resources from the providers built into the binary: a name, a password,
# a rendered file per service, and a value that changes in place.

resource "random_pet" "cluster" {
  length = 2
  keepers = {
    environment = var.environment
  }
}

resource "random_password" "database" {
  length  = 20
  special = false
}

resource "local_file" "service_config" {
  for_each = var.services
  filename = "${path.module}/rendered/${each.key}.env"
  content = join("\n", [
    "SERVICE=${each.key}",
    "PORT=${each.value.port}",
    "REPLICAS=${each.value.replicas}",
    "CLUSTER=${random_pet.cluster.id}",
    "",
  ])
}

resource "terraform_data" "release" {
  input = {
    cluster  = random_pet.cluster.id
    services = keys(var.services)
  }
}

output "cluster" {
  value = random_pet.cluster.id
}

output "config_files" {
  value = sort([for f in local_file.service_config : f.filename])
}

output "generated_password" {
  value     = random_password.database.result
  sensitive = true
}
