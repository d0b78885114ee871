locals {
  in_object = {
    script = <<EOT
echo ${var.x}
EOT
    other  = 1
  }
  in_call = templatefile("x.tpl", {
    body = <<-EOT
      hello
    EOT
  })
  multi_interp = <<EOT
${join(",",
[for x in var.list : x])}
EOT
strip = <<EOT
%{~if var.a~}
yes
%{~else~}
no
%{~endif~}
EOT
after = "x"
}
