variable "name" {
  type = string
}

resource "terraform_data" "server" {
  input = "server-${var.name}"
}

output "server" {
  value = terraform_data.server.output
}
