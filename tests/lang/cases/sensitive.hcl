# Sensitive marks: how they propagate through operators, functions and
# collections. "sensitive": true in the golden file means Terraform demanded
# `sensitive = true` on the output (the value carries a mark somewhere).

var.secret
"${var.secret}"
length(var.secret)
upper(var.secret)
var.secret == "hunter2"
var.secret == "x" ? "yes" : "no"
var.secret != null
[var.secret]
{k = var.secret}
local.secret_obj
local.secret_obj.user
local.secret_obj.pass
local.secret_list
local.secret_list[1]
local.secret_list[0]
keys(local.secret_obj)
values(local.secret_obj)
[for s in local.secret_list : upper(s)]
[for s in local.secret_list : length(s)]
{for k, v in local.secret_obj : k => v}
jsonencode(local.secret_obj)
sha256(var.secret)
base64encode(var.secret)
split("n", var.secret)
merge(local.secret_obj, {extra = 1})
concat(local.secret_list, ["x"])
tolist(local.secret_list)
toset(local.secret_list)
length(local.secret_list)
sensitive(1) + 1
sensitive(true) && false
sensitive(false) && true
sensitive(1) == 2
sensitive(["a", "b"])[0]
length(sensitive(["a", "b"]))
sensitive({a = 1}).a
contains(local.secret_list, "public")
try(var.secret, "x")
can(var.secret)
coalesce(var.secret, "x")
nonsensitive(var.secret)
nonsensitive(upper(var.secret))
nonsensitive(local.secret_list)
nonsensitive(local.secret_list[1])
sensitive(nonsensitive(var.secret))
sensitive(sensitive(1))
issensitive(local.secret_list[0])
issensitive([var.secret])
format("%s-%s", "a", var.secret)
replace(var.secret, "h", "H")
var.secret[0]
[for x in sensitive([1, 2]) : x]
{for x in sensitive(["a"]) : x => 1}
sensitive([1])[*]
templatestring(local.tpl, {name = sensitive("z")})
