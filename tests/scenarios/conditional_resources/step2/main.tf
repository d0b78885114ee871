variable "enabled" {
  default = true
}

variable "size" {
  default = 3
}

resource "terraform_data" "optional" {
  count = var.enabled ? 1 : 0
  input = var.size
}

resource "terraform_data" "pool" {
  count            = var.size
  input            = "pool-${count.index}"
  triggers_replace = var.enabled

  lifecycle {
    create_before_destroy = true
  }
}

output "optional" {
  value = one(terraform_data.optional[*].output)
}

output "pool" {
  value = length(terraform_data.pool)
}
