resource aws_s3_bucket logs {
  bucket = "logs"
}

data aws_ami "ubuntu" {
  most_recent = true
}

module   "vpc"    {
  source = "./vpc"
}

resource /* type */ "null_resource" /* name */ "x" {}

resource "weird" "a\u0041b" {}
resource "esc" "tab\there" {}
provider "aws" {
  alias = "east"
}
