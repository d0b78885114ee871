locals {
  a = [
    1,
    2,
    3
  ]
  b = ["x", "y"]
  c = [
    {
      name  = "a"
      value = 1
    },
    {
      name  = "bbbbbb"
      value = 2
    },
  ]
  d = [[1, 2], [3, 4]]
  e = [
    [1, 2],
  [3, 4]]
}
