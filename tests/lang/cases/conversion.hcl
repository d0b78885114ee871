# Automatic conversions, conditionals and type unification, tuples vs lists,
# objects vs maps, null handling.

# --- conditional expressions
true ? 1 : 2
false ? 1 : 2
1 > 2 ? "yes" : "no"
true ? 1 : "a"
false ? 1 : "a"
true ? "1" : 2
true ? true : "x"
true ? [1] : ["a"]
true ? [1, 2] : []
true ? {a = 1} : {b = 2}
true ? {a = 1} : {a = "x"}
true ? tolist(["a"]) : ["b", "c"]
true ? tomap({a = 1}) : {b = "x"}
true ? null : "x"
false ? null : "x"
true ? null : null
true ? [1] : 5
true ? {a = 1} : [1]
"true" ? 1 : 2
"yes" ? 1 : 2
null ? 1 : 2
1 ? 1 : 2
true ? local.people : []
false ? local.people[0] : {name = "z", age = 1, team = "t"}
true ? var.names : ["x"]
false ? var.names : ["x", 1]
true ? local.str_set : ["a"]
true ? 1 : upper(2, 3)

# --- tuples vs lists, objects vs maps
[1, "a"]
[1, 2, 3]
["a", true, null]
[]
[[], [1]]
tolist([1, "a"])
tolist([1, true])
tolist([[1], ["a"]])
tolist([{a = 1}, {a = "x"}])
tolist([{a = 1}, {b = 2}])
tolist([1, [2]])
tolist([null, "a"])
tolist([null])
tolist([])
{a = 1, b = "x"}
{}
{"a b" = 1, "c" = 2}
{a = {b = {c = 1}}}
tomap({a = 1, b = "x"})
tomap({a = 1, b = true})
tomap({a = [1], b = ["x"]})
tomap({a = 1, b = [1]})
tomap({})
tomap({a = null})
tomap({a = null, b = 1})
{for k, v in {a = 1} : k => v}

# --- object keys
{(1) = "one"}
{true = 1}
{"${"k"}1" = 1}
{a = 1, a = 2}
{(null) = 1}
{(["x"]) = 1}

# --- null handling
null
local.nothing
var.maybe
[null]
{a = null}
coalesce(null, "x")
try(local.nothing.attr, "fallback")
local.nothing == null ? "null" : "not"
length(local.with_null)
compact(local.with_null)
tostring(null)
tonumber(null)
tobool(null)
tolist(null)
length(null)
upper(null)
"${null}"
"x${local.nothing}"
format("%v", null)
jsonencode(null)
join(",", ["a", null])
concat(null, [1])
[for x in local.with_null : x if x != null]
