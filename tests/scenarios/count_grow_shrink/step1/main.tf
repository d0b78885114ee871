variable "n" {
  type    = number
  default = 2
}

resource "terraform_data" "item" {
  count = var.n
  input = "item-${count.index}"
}

output "inputs" {
  value = terraform_data.item[*].output
}

output "count" {
  value = length(terraform_data.item)
}
