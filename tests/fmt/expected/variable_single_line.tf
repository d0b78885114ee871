variable "a" { type = string }
variable "b" { type = list(any) }
variable "c" {
  type    = list(string)
  default = var.x
}
module "m" {
  source = "./m"
  variable "inner" {
    type = "string"
  }
}
resource "r" "s" {
  dynamic "variable" {
    for_each = []
    content {
      type = "string"
    }
  }
}
