# Shared context for the expression cases in tests/lang/cases/*.hcl.
#
# This file is loaded, unchanged, into the module whose outputs evaluate the
# cases; that module lives at tests/lang, so path.module == "tests/lang" and
# fixture files are reached as "${path.module}/fixtures/...".
# No variable is set from outside: every value below is its default.

# A sensitive string.
variable "secret" {
  type      = string
  default   = "hunter2"
  sensitive = true
}

# No type constraint: the value keeps the type of its default
# (an object with a tuple attribute).
variable "obj" {
  default = {
    name = "web"
    port = 80
    tags = ["a", "b"]
  }
}

# Typed variables: their defaults are converted to the declared types.
variable "names" {
  type    = list(string)
  default = ["alpha", "beta", "gamma"]
}

variable "ports" {
  type    = map(number)
  default = { http = 80, https = 443 }
}

variable "servers" {
  type = list(object({
    name = string
    port = number
    tags = list(string)
  }))
  default = [
    { name = "a", port = 80, tags = ["x"] },
    { name = "b", port = 443, tags = ["y", "z"] },
  ]
}

variable "maybe" {
  type    = string
  default = null
}

variable "optional_attrs" {
  type = object({
    name = string
    size = optional(number, 10)
    note = optional(string)
  })
  default = { name = "n" }
}

locals {
  # A tuple of objects (no type conversion happens in locals).
  people = [
    { name = "ann", age = 31, team = "red" },
    { name = "bob", age = 25, team = "blue" },
    { name = "cid", age = 40, team = "red" },
  ]
  # An object of objects.
  by_name = {
    ann = { age = 31 }
    bob = { age = 25 }
  }
  nums      = [3, 1, 2]
  mixed     = [1, "two", true]
  nested    = [[1, 2], [3], []]
  empty     = []
  nothing   = null
  one_obj   = { id = "x1", attrs = { color = "red" } }
  str_map   = tomap({ a = "1", b = "2" })
  str_set   = toset(["b", "a", "c", "a"])
  with_null = ["a", null, "b"]

  # Templates for templatestring (it only accepts a reference, not a literal).
  tpl      = "Hello, $${name}!"
  tpl_list = "%%{for x in items}[$${x}]%%{endfor}"

  # Sensitive values derived from the sensitive variable.
  secret_obj  = { user = "admin", pass = var.secret }
  secret_list = [var.secret, "public"]
}
