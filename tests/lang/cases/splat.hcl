# Splat expressions ([*] full splat, .* legacy attribute-only splat),
# index and attribute access.

local.people[*].name
local.people.*.name
local.people[*].age
var.servers[*].name
var.servers.*.name
var.servers[*].tags
var.servers[*].tags[0]
var.servers.*.tags[0]
var.servers[*]
local.empty[*].name
local.nested[*]
local.people[*].missing
local.one_obj[*].id
local.one_obj.*.id
local.one_obj[*]
local.nothing[*]
local.nothing[*].id
"str"[*]
42[*]
local.str_set[*]
local.by_name[*]
var.ports[*]
[for p in local.people : p.name][*]
local.people[*]["name"]
tolist(var.servers)[*].port
toset(var.names)[*]
length(local.people[*].name)
local.people[*].name[0]
(local.people[*].name)[0]
local.with_null[*]

# --- index access
local.nums[0]
local.nums[2]
local.nums[3]
local.nums[-1]
local.nums["1"]
local.nums["x"]
local.nums[1.5]
local.nums[null]
var.names[1]
var.names[5]
local.mixed[1]
local.nested[0][1]
local.nested[2][0]
local.people[1].name
local.people[1]["name"]
local.people[0].nope
var.ports["http"]
var.ports.https
var.ports["gopher"]
var.ports.gopher
local.by_name["ann"].age
local.by_name.ann["age"]
local.by_name["zed"]
local.str_set[0]
local.one_obj.attrs.color
local.one_obj["attrs"]["color"]
local.one_obj.id.x
local.nothing.x
local.nothing[0]
"abc"[0]
var.obj.tags[1]
var.obj.name
var.obj["port"]
var.obj.missing
var.optional_attrs
var.optional_attrs.size
var.optional_attrs.note
local.people.0.name
var.names.0
{a = 1}.a
{a = 1}["a"]
[10, 20][1]
[10, 20].1
