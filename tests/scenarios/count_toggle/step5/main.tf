# Removing count: terraform_data.y[0] becomes terraform_data.y by itself.
resource "terraform_data" "x" {
  input = "one"
}

resource "terraform_data" "y" {
  input = "y"
}

output "x" {
  value = terraform_data.x.output
}
