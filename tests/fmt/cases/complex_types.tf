variable "settings" {
  type = object({
    name = string
    count = optional(number, 1)
    tags = optional(map(string), {})
    rules = list(object({
      port = number
      cidr = string
    }))
  })
  default = {
    name = "x"
    rules = []
  }
}
