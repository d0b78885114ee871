locals {
  a = [{ b = [{ c = 1 }] }]
  d = [{
    e = [{
      f = 1
  }]}]
  g = merge(
    { h = 1 },
    {
      i = 2
  })
  j = { k = { l = {
    m = 1
  } } }
}
