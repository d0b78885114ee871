resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  input      = "b"
  depends_on = [terraform_data.a]
}

resource "terraform_data" "c" {
  input      = "c-${terraform_data.b.output}"
  depends_on = [terraform_data.a, module.m]
}

module "m" {
  source     = "./m"
  depends_on = [terraform_data.a]
}

output "c" {
  value      = terraform_data.c.output
  depends_on = [terraform_data.a]
}

output "m" {
  value = module.m.value
}
