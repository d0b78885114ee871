# Adding count: Terraform moves terraform_data.x to terraform_data.x[0] by itself.
resource "terraform_data" "x" {
  count = 2
  input = count.index == 0 ? "one" : "two"
}

output "x" {
  value = terraform_data.x[*].output
}
