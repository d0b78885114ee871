variable "password" {
  type      = string
  sensitive = true
}

variable "name" {
  type = string
}

resource "terraform_data" "db" {
  input = {
    name     = var.name
    password = var.password
  }
}

output "connection" {
  value     = "${var.name}:${var.password}"
  sensitive = true
}

output "name" {
  value = terraform_data.db.output.name
}
