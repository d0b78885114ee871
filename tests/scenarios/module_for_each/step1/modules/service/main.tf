variable "name" {
  type = string
}

variable "replicas" {
  type    = number
  default = 1
}

resource "terraform_data" "replica" {
  count = var.replicas
  input = "${var.name}-${count.index}"
}

resource "terraform_data" "config" {
  input = {
    name     = var.name
    replicas = var.replicas
  }
}

output "replicas" {
  value = terraform_data.replica[*].output
}

output "config" {
  value = terraform_data.config.output
}
