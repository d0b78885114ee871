# Errors: syntax, references, calls, types. Nearly every line fails; the few
# near-misses that succeed (e.g. format(1), toset of mixed primitives) are kept
# because they show where Terraform is more lenient than expected.

1 +
(1
[1, 2
{a = 1
"unterminated
1 2
a b c
local.
var.nonexistent
local.nonexistent
nosuchfunc(1)
upper()
upper("a", "b")
upper([1])
upper({a = 1})
substr("abc", "x", 1)
length()
jsondecode(1, 2)
self.attr
count.index
each.key
module.nothing.out
data.foo
terraform_data.nothing.id
path.nothing
terraform.nothing
1 == 
!
-"x"
true ? 1
x => 1
[for x in [1] x]
{for x in [1] : x}
[for x in [1] : x => x]
var.obj.name.first
local.nums.0.x
local.nums[*][0][0]
{a = 1}.b
{a = 1}["b"]
tomap({a = 1})["b"]
["a"][1]
local.people[0].name.upper
lookup(local.people, "a")
element(local.nothing, 0)
toset([1, "a", true])
tomap({a = [1], b = "x"})
[1, 2] + [3]
"a" * 2
{} - 1
1 < "x"
true > false
null < 1
ceil(null)
format(1)
join(",", [["a"]])
regex(1)
timeadd("x", "y")
cidrhost("10.0.0.0/8")
file()
fileset()
templatefile("x")
range()
range(1, 2, 3, 4)
zipmap(["a"])
setproduct()
max("a")
abs([1])
