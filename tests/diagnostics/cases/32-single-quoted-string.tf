locals {
  a = 'abc'
}
