variable "a" { type = "string" }
variable "b" { type = list }
variable "c" {
  type = "list"
  default = "${var.x}"
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
