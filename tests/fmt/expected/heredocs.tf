resource "local_file" "f" {
  content  = <<EOT
line one
    indented line   
  ${var.name} and ${var.other}
%{if var.flag~}
flag on
%{endif~}
EOT
  filename = "out.txt"
  script   = <<-SCRIPT
    #!/bin/sh
    echo "hi"
      SCRIPT
  policy = jsonencode(<<JSON
{"a": 1}
JSON
  )
}
