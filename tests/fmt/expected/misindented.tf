resource "a" "b" {
  name = "x"
  nested {
    value = 1
  }
}
locals {
  a = {
    b = [
      1,
      2
    ]
  }
}
