variable "tags" {
  type = object({
    team = string
    env  = optional(string, "dev")
  })
}

variable "count" {
  type    = number
  default = 2
  validation {
    condition     = var.count > 0
    error_message = "Count must be positive."
  }
}

output "env" {
  value = var.tags.env
}
