terraform {
}
locals {}
variable "x" {}
output "o" {
  value = {}
}
resource "a" "b" {
  list = []
  obj  = {}
  call = f()
}
