# for expressions: list and object forms, filters, grouping, iteration order.

[for x in [1, 2, 3] : x * 2]
[for i, x in ["a", "b"] : "${i}=${x}"]
[for x in ["a", 1] : x]
[for x in [] : x]
[for x in tolist(["a", "b"]) : upper(x)]
[for x in toset(["b", "a", "c"]) : x]
[for k, v in {b = 2, a = 1} : "${k}${v}"]
[for k in {b = 2, a = 1} : k]
[for v in tomap({z = "1", y = "2"}) : v]
[for x in [1, 2, 3, 4] : x if x % 2 == 0]
[for i, x in ["a", "b", "c"] : x if i != 1]
[for x in local.people : x.name if x.age > 30]
[for x in [[1, 2], [3]] : length(x)]
[for x in "abc" : x]
[for x in 5 : x]
[for x in null : x]
[for x in [1, 2] : x if "true"]
[for x in [1, 2] : x if 1]
[for x in [1, 2] : x if null]
{for x in ["a", "b"] : x => upper(x)}
{for i, x in ["a", "b"] : x => i}
{for k, v in {a = 1, b = 2} : upper(k) => v * 10}
{for k, v in {a = 1, b = 2} : k => v if v > 1}
{for x in ["a", "b", "a"] : x => x}
{for x in ["a", "b", "a"] : x => x...}
{for p in local.people : p.team => p.name...}
{for p in local.people : p.team => p.age...}
{for x in [1, 2, 3] : (x % 2 == 0 ? "even" : "odd") => x...}
{for x in [] : x => x}
{for x in [1, 2] : x => x}
{for x in [true] : x => 1}
{for x in [null] : x => 1}
{for x in [["a"]] : x => 1}
{for x in local.str_set : x => length(x)}
{for k, v in var.ports : v => k}
{for s in var.servers : s.name => s}
[for s in var.servers : s.tags]
flatten([for s in var.servers : [for t in s.tags : "${s.name}-${t}"]])
[for x in [1, 2] : [for y in [10, 20] : x * y]]
{for x in ["a"] : x => {for y in [1, 2] : y => x}}
[for i, v in local.people : i]
[for i, v in {a = 1, b = 2} : i]
[for x, y, z in [1] : x]
[for x in [1, 2] : y]
[for x in [1, 2] : x...]
{for x in ["a"] : x => x if x == "b"}
length([for x in range(100) : x if x % 7 == 0])
{for x in ["a", "A"] : lower(x) => x...}
[for x in local.with_null : x == null ? "-" : x]
[for k, v in local.one_obj : k]
[for c in ["b", "a", "B", "A", "_", "1"] : c]
[for k, v in {"b" = 1, "a" = 2, "B" = 3, "A" = 4, "_" = 5, "1" = 6} : k]
[for x in toset([3, 1, 2, 10]) : x]
[for x in toset([true, false]) : x]
