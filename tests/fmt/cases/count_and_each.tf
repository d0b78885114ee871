resource "aws_instance" "web" {
  count = var.enabled ? 3 : 0
  ami = var.ami
  tags = {
    Name = "web-${count.index}"
  }
}
resource "aws_s3_bucket" "b" {
  for_each = toset(var.names)
  bucket = each.key
  depends_on = [ aws_instance.web ]
  lifecycle {
    ignore_changes = [ tags, ]
    prevent_destroy = true
  }
}
