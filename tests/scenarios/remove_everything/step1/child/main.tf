variable "input" {
  type = string
}

resource "terraform_data" "inner" {
  input = "inner-${var.input}"
}

output "value" {
  value = terraform_data.inner.output
}
