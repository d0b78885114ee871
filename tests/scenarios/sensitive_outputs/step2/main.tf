variable "password" {
  type      = string
  default   = "correct-horse"
  sensitive = true
}

resource "terraform_data" "db" {
  input = {
    user     = "admin"
    password = var.password
  }
}

resource "terraform_data" "token" {
  input = sensitive("token-1")
}

resource "terraform_data" "plain" {
  input = "plain"
}

output "password" {
  value     = var.password
  sensitive = true
}

output "connection" {
  value     = "admin:${var.password}@db"
  sensitive = true
}

output "user" {
  value = terraform_data.db.output.user
}

output "token" {
  value     = terraform_data.token.output
  sensitive = true
}

output "plain" {
  value = terraform_data.plain.output
}

output "length" {
  value = nonsensitive(length(var.password))
}
