variable "name" {
  type = string
}

resource "terraform_data" "subnet" {
  input = var.name
}

output "id_input" {
  value = terraform_data.subnet.output
}
