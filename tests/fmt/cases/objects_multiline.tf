locals {
  tags = {
    Name = "web"
    Environment = "production"
    "quoted-key" = true
    (var.key) = "dynamic"
    Owner: "team"
  }
  nested = {
    level1 = {
      level2 = {
        deep = 1
        deeper_key = 2
      }
      sibling = "x"
    }
  }
  mixed = { a = 1,
    bb = 2 }
  commas = {
    a = 1,
    bbb = 2,
  }
}
