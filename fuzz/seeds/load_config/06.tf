resource "terraform_data" "a" {
  count = 2
  input = "x-${count.index}"
  lifecycle {
    create_before_destroy = true
  }
}

data "terraform_remote_state" "r" {
  backend = "local"
}

module "child" {
  source = "./child"
}
