locals {
  a = "Hello, ${ var.name }!"
  b = "%{ for x in var.list }${x}, %{ endfor }"
  c = "%{if var.x}yes%{else}no%{endif}"
  d = "escaped $${not} and %%{not}"
  e = "quote \" and backslash \\ and tab \t"
  f = "${var.a}${var.b} ${var.c}"
  g = "unicode é ü ✓"
}
