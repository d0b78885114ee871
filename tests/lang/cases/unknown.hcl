# Unknown values (evaluated with `terraform plan`; see _unknown.tf).
# In the golden file, "unknown" is true for a wholly unknown value, false for
# a known one, and mirrors the value's shape (lists/objects of booleans) when
# only some parts are unknown; "value" holds the known parts (null where
# unknown).

local.u_str
[local.u_str, "known"]
{a = local.u_str, b = 1}
"prefix-${local.u_str}"
upper(local.u_str)
length(local.u_str)
local.u_str == "x"
local.u_str != null
local.u_str == null
local.u_str == local.u_str
true ? local.u_str : "b"
local.u_str == "x" ? "yes" : "no"
local.u_str == "x" ? "same" : "same"
false && local.u_str == "x"
true || local.u_str == "x"
true && local.u_str == "x"
local.u_list
local.u_list[0]
length(local.u_list)
[for x in local.u_list : upper(x)]
{for x in local.u_list : x => 1}
local.u_list[*]
local.u_obj
local.u_obj.a
local.u_obj.b
keys(local.u_obj)
merge(local.u_obj, {c = 3})
jsonencode(local.u_obj)
try(local.u_str, "fallback")
can(local.u_str)
coalesce(local.u_str, "x")
concat([1], [local.u_str])
tostring(local.u_str)
tonumber(local.u_obj.a)
sensitive(local.u_str)
issensitive(local.u_str)
startswith(local.u_str, "x")
length(local.u_str) >= 0
local.u_obj.nope
"${local.u_str}" == "${local.u_str}"
[local.u_str][0]
lookup({a = 1}, local.u_str, 0)
compact([local.u_str, ""])
sort([local.u_str, "a"])
timestamp()
uuid() != ""
plantimestamp() != ""
