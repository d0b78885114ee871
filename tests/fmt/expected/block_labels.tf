resource "aws_s3_bucket" "logs" {
  bucket = "logs"
}

data "aws_ami" "ubuntu" {
  most_recent = true
}

module "vpc" {
  source = "./vpc"
}

resource "null_resource" "x" {}

resource "weird" "aAb" {}
resource "esc" "tab\there" {}
provider "aws" {
  alias = "east"
}
