locals {
  a = <<EOT
hi ${var.x
EOT
}
