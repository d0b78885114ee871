//! End-to-end tests of `terrace fmt`: writing, `-check`, `-diff`, `-recursive`.

mod util;

use util::Dir;

#[test]
fn fmt_rewrites_checks_and_diffs() {
    let dir = Dir::new();
    dir.write(
        "main.tf",
        "variable \"a\" {\n  default=1\n  type =number\n}\n",
    );
    dir.write("sub/x.tf", "locals {\n  a=1\n}\n");
    let check = dir.run(&["fmt", "-check"]);
    assert_eq!(check.code, 3, "unformatted files make -check exit 3");
    assert_eq!(check.stdout.trim(), "main.tf");
    let diff = dir.run(&["fmt", "-check", "-diff"]);
    assert!(diff.stdout.contains("-  default=1"), "{}", diff.stdout);
    assert!(diff.stdout.contains("+  default = 1"), "{}", diff.stdout);
    let fixed = dir.run(&["fmt"]);
    assert_eq!(fixed.code, 0);
    assert_eq!(
        dir.read("main.tf"),
        "variable \"a\" {\n  default = 1\n  type    = number\n}\n"
    );
    assert_eq!(
        dir.read("sub/x.tf"),
        "locals {\n  a=1\n}\n",
        "not recursive by default"
    );
    assert_eq!(
        dir.run(&["fmt", "-check"]).code,
        0,
        "formatting is idempotent"
    );
    dir.run(&["fmt", "-recursive"]);
    assert_eq!(dir.read("sub/x.tf"), "locals {\n  a = 1\n}\n");
}

#[test]
fn fmt_reports_syntax_errors() {
    let dir = Dir::new();
    dir.write("main.tf", "variable \"a\" {\n");
    let out = dir.run(&["fmt"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("main.tf"), "{}", out.stderr);
}
