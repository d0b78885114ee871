# "dependent" is created before its old object is destroyed, and it depends
# on "base": Terraform then replaces "base" create-before-destroy too.
resource "terraform_data" "base" {
  input            = "base"
  triggers_replace = ["v2"]
}

resource "terraform_data" "dependent" {
  input            = "dependent"
  triggers_replace = [terraform_data.base.id]

  lifecycle {
    create_before_destroy = true
  }
}

output "dependent" {
  value = terraform_data.dependent.output
}
