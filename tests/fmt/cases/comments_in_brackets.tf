resource "x" "y" { # on the block line
  list = [ # opening
    "a", # first
    # between items
    "b",
  ] # closing
  obj = {
    # leading comment
    a = 1 /* inline */
    b = 2
  }
  call = f(
    1, // one
    2  // two
  )
}
