locals {
  prefix       = "app-${var.env}"
  bucket_count = 2
  common_tags = {
    env  = var.env
    team = "platform"
  }
  names = [for i in range(local.bucket_count) : "${local.prefix}-${i}"]
}
