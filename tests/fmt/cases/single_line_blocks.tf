resource "a" "b" { name = "x" }
resource "a" "c" {name="y"}
locals {  x = 1  }
variable "v" { default = "${var.other}" }
resource "a" "d" {
  lifecycle { create_before_destroy = true }
  timeouts {}
}
