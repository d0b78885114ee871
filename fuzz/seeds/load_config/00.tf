variable "region" {
  type    = string
  default = "us-east-1"
}

variable "sizes" {
  type = list(number)
}

locals {
  total = sum(var.sizes)
  name  = "app-${var.region}"
}

output "name" {
  value = local.name
}
