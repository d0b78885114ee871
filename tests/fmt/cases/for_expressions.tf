locals {
  upper = [for s in var.list:upper(s)]
  filtered = [ for s in var.list : s if s != "" ]
  indexed = [for i,v in var.list: "${i}=${v}"]
  as_map = {for k,v in var.map:k=>v}
  grouped = {for k, v in var.map : v => k...}
  nested = [for x in [1, 2, 3]: [for y in [4,5]: x*y]]
  multi = {
    for name, cfg in var.things :
    name => cfg.value
    if cfg.enabled
  }
}
