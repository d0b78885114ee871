resource "terraform_data" "version" {
  input = "v1"
}

resource "terraform_data" "server" {
  input = "server"

  lifecycle {
    replace_triggered_by = [terraform_data.version]
  }
}

resource "terraform_data" "watcher" {
  input = "watcher"

  lifecycle {
    replace_triggered_by = [terraform_data.version.output]
  }
}

output "server" {
  value = terraform_data.server.output
}
