resource "terraform_data" "bucket" {
  count = local.bucket_count
  input = {
    name = local.names[count.index]
    tags = local.common_tags
  }
}

resource "terraform_data" "index" {
  for_each = toset(local.names)
  input    = upper(each.value)
}

output "names" {
  value = [for b in terraform_data.bucket : b.output.name]
}

output "summary" {
  value = format("%d buckets in %s", local.bucket_count, var.env)
}
