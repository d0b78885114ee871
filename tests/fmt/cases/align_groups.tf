locals {
  a = 1
  bbbbbbbb = 2
  # a comment line breaks the group
  cc = 3
  ddddddddddd = 4

  e = 5
  ffffff = 6
  multi = [
    1,
    2,
  ]
  g = 7
  hhhh = 8
  nested {
    x = 1
  }
  i = 9
}
