resource "terraform_data" "x" {
  input = "one"
}

resource "terraform_data" "y" {
  count = 1
  input = "y"
}

output "x" {
  value = terraform_data.x.output
}
