//! A `create_before_destroy` replacement whose old object cannot be
//! destroyed keeps that object in the state as deposed, and the next apply
//! destroys it.

use super::{assert_ok, Fixture};

fn config(name: &str) -> String {
    format!(
        r#"
resource "probe_thing" "db" {{
  name = "{name}"
  lifecycle {{
    create_before_destroy = true
  }}
}}
"#
    )
}

#[test]
fn a_failed_delete_leaves_the_old_object_deposed_until_the_next_apply() {
    let f = Fixture::new(&[("main.tf", &config("first"))]);
    assert_ok(&f.apply().1);
    std::fs::write(f.dir.path().join("main.tf"), config("second")).expect("write");
    f.log.fail_deletes(true);
    let (_, d) = f.apply();
    assert!(d.has_errors(), "the delete should have failed");
    let state = f.state().snapshot().expect("snapshot");
    assert_eq!(state.deposed.len(), 1);
    assert_eq!(state.deposed[0].address, "probe_thing.db");
    assert_eq!(state.deposed[0].record.attributes["name"], "first");
    assert_eq!(
        state.resources["probe_thing.db"].attributes["name"],
        "second"
    );

    let (plan, d) = f.plan();
    assert_ok(&d);
    assert_eq!(plan.deposed.len(), 1);
    assert!(plan.has_changes());

    f.log.fail_deletes(false);
    assert_ok(&f.apply().1);
    assert!(f.state().snapshot().expect("snapshot").deposed.is_empty());
    // Once refused during the replacement, then done by the next apply.
    assert_eq!(
        f.log.starting("delete"),
        vec!["delete  first", "delete  first"]
    );
}
