# String templates: interpolation, directives, strip markers, heredocs,
# escapes and unicode.

"plain"
""
"a${1 + 1}b"
"${1 + 1}"
"${true}"
"${"x"}"
"${[1]}"
"x${[1]}"
"x${{a = 1}}"
"x${true}y${1.5}z${10 / 4}"
"${1 / 3}"
"n=${9007199254740993}"
"${var.secret}"
"pre-${var.secret}"
"x${local.nums[0]}"
"$${literal}"
"%%{literal}"
"$$"
"$"
"%"
"a$b"
"a%b"
"${"nested ${"deep ${1}"}"}"
"%{if true}yes%{endif}"
"%{if false}yes%{endif}"
"%{if false}yes%{else}no%{endif}"
"%{if "true"}yes%{endif}"
"%{if 1}yes%{endif}"
"%{for x in ["a", "b"]}${x},%{endfor}"
"%{for i, x in ["a", "b"]}${i}:${x} %{endfor}"
"%{for k, v in {b = 2, a = 1}}${k}=${v};%{endfor}"
"%{for x in []}${x}%{endfor}"
"%{for x in local.str_set}${x}%{endfor}"
"%{for x in ["a", "b"]}${x}%{if x != "b"}, %{endif}%{endfor}"
"a  ${~ "b" ~}  c"
"a  %{~ if true ~}  b  %{~ endif ~}  c"
"%{for x in ["a"]}${x}%{endfor"
"${"
"%{ if true }x"
"%{endif}"
"${local.people}"
"${null}"
"${tostring(null)}"
"a${null}"
"\n\t\r\"\\"
"\u00e9\U0001F600"
"caf\u00e9 == café"
"\x41"
"\q"
"tab\there"
length("\u00e9")
length("e\u0301")
length("🇩🇪")
"é" == "e\u0301"
upper("straße")

<<<
<<EOT
line1
line2
EOT
>>>

<<<
<<EOT
  indented
    more
EOT
>>>

<<<
<<-EOT
    indented
      more
    EOT
>>>

<<<
<<-EOT
  a
 b
    c
  EOT
>>>

<<<
<<-EOT
	tab
	  mixed
	EOT
>>>

<<<
<<EOT
no trailing newline after this line
EOT
>>>

<<<
<<EOT
EOT
>>>

<<<
<<EOT
${upper("interp")} and $${escaped} and %{if true}directive%{endif}
EOT
>>>

<<<
<<EOT
%{ for x in ["a", "b"] ~}
- ${x}
%{ endfor ~}
done
EOT
>>>

<<<
<<EOT
%{ for x in ["a", "b"] }
- ${x}
%{ endfor }
done
EOT
>>>

<<<
<<-EOT
  %{~ if true ~}
    kept
  %{~ endif ~}
  EOT
>>>

<<<
<<EOT
quotes " and backslash \ and \n stay literal
EOT
>>>

<<<
<<END
custom marker
END
>>>

<<<
<<EOT
  ${var.secret}
EOT
>>>

<<<
"%{ for i in range(3) ~}
${i}
%{~ endfor }"
>>>

templatestring("Hello, $${name}!", {name = "ann"})
templatestring(local.tpl, {name = "ann"})
templatestring(local.tpl_list, {items = [1, 2]})
templatestring(local.tpl, {x = 1})
templatestring(local.tpl, {name = ["x"]})
templatestring(local.tpl, {name = var.secret})
templatestring(local.nothing, {})
