variable "name" {
  type = string
}

resource "terraform_data" "host" {
  input = "server-${var.name}"
}

moved {
  from = terraform_data.server
  to   = terraform_data.host
}

output "server" {
  value = terraform_data.host.output
}
