terraform {
  required_version = ">= 1.5"
}

provider "aws" {
  region = "eu-west-1"
  alias  = "eu"
}

locals {
  heredoc = <<-EOT
    line ${1 + 1}
    %{ for x in ["a", "b"] }${x}%{ endfor }
  EOT
}
