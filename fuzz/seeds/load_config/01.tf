variable "secret" {
  type      = string
  default   = "hunter2"
  sensitive = true
}

locals {
  conn = "postgres://u:${var.secret}@db"
}

output "conn" {
  value     = local.conn
  sensitive = true
}
