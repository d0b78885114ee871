locals {
  a = "tab\q"
}
