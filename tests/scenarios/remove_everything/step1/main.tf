resource "terraform_data" "single" {
  input = "single"
}

resource "terraform_data" "counted" {
  count = 2
  input = count.index
}

resource "terraform_data" "keyed" {
  for_each = toset(["x", "y"])
  input    = each.key

  lifecycle {
    create_before_destroy = true
  }
}

module "child" {
  source = "./child"
  input  = terraform_data.single.output
}

output "single" {
  value = terraform_data.single.output
}

output "secret" {
  value     = "s3cr3t"
  sensitive = true
}

output "child" {
  value = module.child.value
}
