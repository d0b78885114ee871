resource "a" "b" {
  name        = "x"
  longer_name = 1
  nested {
    v = [1, 2]
  }
}
