output "checked" {
  value = "ok"
  precondition {
    condition     = length("abc") == 3
    error_message = "Bad length."
  }
}
