locals {
  short              = 1       # first
  a_much_longer_name = "value" # second
  mid                = true    # third

  alone = 1      # only one
  x     = [1, 2] # list
}
