variable "a" {
  default = "abc
}
