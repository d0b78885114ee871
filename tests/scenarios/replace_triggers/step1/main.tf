resource "terraform_data" "a" {
  input            = "a"
  triggers_replace = ["r1"]
}

resource "terraform_data" "b" {
  input = "b-${terraform_data.a.output}"
}

resource "terraform_data" "c" {
  input = "c1"
}

output "a_has_id" {
  value = terraform_data.a.id != ""
}

output "b" {
  value = terraform_data.b.output
}

output "c" {
  value = terraform_data.c.output
}
