locals {
  a         = 1         # c1
  long_name = { x = 1 } # c2
  b = {
    c = 1  # c3
  }        # c4
  d  = "x" # c5
  ee = "yy"
  # standalone
  f = 1
  gggg = [1,
  2]
  h = 3
}
