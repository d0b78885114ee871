locals {
  a = 1+2*3-4/5%6
  b = -1
  c = 10 - -1
  d = var.x* -1
  e = (1+2)*(3-4)
  f = !var.flag
  g = ! var.flag && !(var.other)
  h = [-1, - 2]
  i = { x = -1 }
  j = var.a == -1 ? -2 : - 3
  k = 2-1
}
