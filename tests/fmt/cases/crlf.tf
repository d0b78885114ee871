resource "a" "b" {
  name="x"
  long_name = 1 # comment


  list = [
    1,
  2]
  text = <<EOT
hello
EOT
}
