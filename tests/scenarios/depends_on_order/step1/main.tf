resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  input = "b"
}

resource "terraform_data" "c" {
  input = "c-${terraform_data.b.output}"
}

module "m" {
  source = "./m"
}

output "c" {
  value = terraform_data.c.output
}

output "m" {
  value = module.m.value
}
