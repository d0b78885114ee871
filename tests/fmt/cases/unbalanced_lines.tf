locals {
  a = foo(bar(
    1,
    2
  ))
  b = merge({
    a = 1
    }, {
    b = 2
  })
  c = [{
    x = 1
  }]
  d = { a = [
    1
  ] }
}
