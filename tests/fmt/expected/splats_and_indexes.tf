locals {
  a = aws_instance.web[*].id
  b = aws_instance.web.*.id
  c = var.list[0]
  d = var.map["key"]
  e = var.nested[0][1]
  f = module.vpc.subnets[count.index].id
  g = var.x.0
  h = data.aws_ami.ubuntu.id
  i = var.list[length(var.list) - 1]
}
