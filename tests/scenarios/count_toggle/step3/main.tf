# count to for_each without a moved block: the old instances go.
resource "terraform_data" "x" {
  for_each = toset(["a"])
  input    = "one"
}

output "x" {
  value = { for k, r in terraform_data.x : k => r.output }
}
