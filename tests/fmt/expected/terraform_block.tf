terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
    random = {
      source = "hashicorp/random"
    }
  }
  backend "s3" {
    bucket = "state"
    key    = "prod/terraform.tfstate"
    region = "us-east-1"
  }
}
