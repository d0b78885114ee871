variable "env" {
  default = "prod"
}

resource "terraform_data" "bucket" {
  count = 2
  input = {
    name = "app-${var.env}-${count.index}"
    tags = { env = var.env, team = "platform" }
  }
}

resource "terraform_data" "index" {
  for_each = toset(["app-prod-0", "app-prod-1"])
  input    = upper(each.key)
}

output "names" {
  value = [for b in terraform_data.bucket : b.output.name]
}

output "summary" {
  value = "2 buckets in prod"
}
