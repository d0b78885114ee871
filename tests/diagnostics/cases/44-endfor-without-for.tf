locals {
  a = "%{ endfor }"
}
