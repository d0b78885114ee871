resource "terraform_data" "renamed" {
  input = "kept"
}

moved {
  from = terraform_data.old
  to   = terraform_data.renamed
}

locals {
  keys = {
    first  = 0
    second = 1
  }
}

resource "terraform_data" "list" {
  for_each = local.keys
  input    = each.key == "first" ? "list-0" : "list-changed"
}

moved {
  from = terraform_data.list[0]
  to   = terraform_data.list["first"]
}

moved {
  from = terraform_data.list[1]
  to   = terraform_data.list["second"]
}

output "old" {
  value = terraform_data.renamed.output
}

output "list" {
  value = { for k, r in terraform_data.list : k => r.output }
}
