//! Refresh reads all stored instances of a resource in one provider call,
//! so providers whose APIs list can refresh thousands of objects cheaply.

use super::{assert_ok, Fixture};

#[test]
fn one_read_many_per_resource_with_all_its_instances() {
    let f = Fixture::new(&[(
        "main.tf",
        r#"
resource "probe_thing" "many" {
  count = 3
  name  = "n${count.index}"
}

resource "probe_thing" "one" {
  name = "single"
}
"#,
    )]);
    let (_, d) = f.apply();
    assert_ok(&d);
    assert!(f.log.starting("read").is_empty(), "{:?}", f.log.lines());
    let (plan, d) = f.plan();
    assert_ok(&d);
    assert!(!plan.has_changes());
    assert_eq!(
        f.log.starting("read_many"),
        vec!["read_many  probe_thing.many[0],probe_thing.many[1],probe_thing.many[2]"]
    );
    // A lone instance is read on its own, with its private data.
    assert_eq!(f.log.starting("read "), vec!["read "]);
}

#[test]
fn apply_after_plan_reads_nothing_twice() {
    let f = Fixture::new(&[(
        "main.tf",
        "resource \"probe_thing\" \"a\" {\n  name = \"a\"\n}\n",
    )]);
    assert_ok(&f.apply().1);
    let (plan, d) = f.plan_then_apply();
    assert_ok(&d);
    assert!(!plan.has_changes());
    assert_eq!(f.log.starting("read"), vec!["read "]);
}
