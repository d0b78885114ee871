resource "terraform_data" "old" {
  input = "kept"
}

resource "terraform_data" "list" {
  count = 2
  input = "list-${count.index}"
}

output "old" {
  value = terraform_data.old.output
}

output "list" {
  value = terraform_data.list[*].output
}
