variable "s" {
  type = string
}
variable "l" {
  type = list(string)
}
variable "m" {
  type = map(string)
}
variable "bl" {
  type = list(any)
}
variable "bm" {
  type = map(any)
}
variable "bs" {
  type = set(any)
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
