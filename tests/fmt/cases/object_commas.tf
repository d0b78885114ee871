locals {
  a = { x = 1, y = 2, z = 3 }
  b = { x = 1 , y = 2 }
  c = {
    x = 1, y = 2
    zzz = 3
  }
  d = {x=1}
  e = {"a"=1,"b"=2}
  f = { a: 1, b: 2 }
}
