locals {
  a = 1
}
   