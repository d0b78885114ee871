variable "s" {
  type = "string"
}
variable "l" {
  type = "list"
}
variable "m" {
  type = "map"
}
variable "bl" {
  type = list
}
variable "bm" {
  type = map
}
variable "bs" {
  type = set
}
variable "other" {
  type = "bool"
}
variable "modern" {
  type = list(object({ a = string, b = number }))
}
variable "interp" {
  type = "${string}"
}
resource "not_a_variable" "x" {
  type = "string"
  kind = list
}
