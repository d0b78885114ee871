locals {
  items = toset(["a", "c", "d"])
}

resource "terraform_data" "item" {
  for_each = local.items
  input    = "${each.key}=${each.value}"
}

output "values" {
  value = { for k, r in terraform_data.item : k => r.output }
}
