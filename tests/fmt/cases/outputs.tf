output "ip" {
value = aws_instance.web.public_ip
description = "The IP"
sensitive = false
}
output   "ids"   {
  value       =   [for i in aws_instance.web : i.id]
  depends_on=[aws_instance.web]
}
