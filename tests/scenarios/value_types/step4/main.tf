resource "terraform_data" "shape" {
  input = null
}

resource "terraform_data" "nested" {
  input = {
    list = []
    map  = { a = 1, b = "two" }
    deep = { x = { y = [true, null] } }
  }
}

output "shape" {
  value = terraform_data.shape.output
}

output "nested" {
  value = terraform_data.nested.output
}

output "nothing" {
  value = null
}

output "maybe" {
  value = "set"
}

output "numbers" {
  value = [1, 1.5, 1e3, -0.25, 12345678901234567890]
}
