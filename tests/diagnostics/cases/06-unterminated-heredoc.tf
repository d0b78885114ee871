locals {
  text = <<EOT
hello
world
}
