resource "x" "y" {
  a = 1
  block {
  }
  bb = 2
  ccc = 3
  other_block { x = 1 }
  d = 4
}
