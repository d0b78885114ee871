variable "port" {
  type    = number
  default = 8080
  validation {
    condition     = var.port > 0 && var.port < 65536
    error_message = "Port must be valid."
  }
  sensitive = false
  nullable  = false
}
