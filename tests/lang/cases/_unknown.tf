# Extra context for unknown.hcl only. It is added next to _context.tf when
# unknown.hcl is evaluated, and that file is evaluated with `terraform plan`
# (nothing is applied), so every attribute a resource computes is unknown.
#
# terraform_data: `id` is an unknown string during the plan of a create;
# `output` is unknown with the type of `input`.

resource "terraform_data" "u" {
  input = "x"
}

resource "terraform_data" "l" {
  input = ["a", "b"]
}

resource "terraform_data" "o" {
  input = { a = 1, b = "x" }
}

locals {
  u_str  = terraform_data.u.id     # unknown string (not null)
  u_list = terraform_data.l.output # unknown tuple([string, string])
  u_obj  = terraform_data.o.output # unknown object({a = number, b = string})
}
