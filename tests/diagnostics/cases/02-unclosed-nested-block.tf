resource "null_resource" "a" {
  lifecycle {
    create_before_destroy = true
}
