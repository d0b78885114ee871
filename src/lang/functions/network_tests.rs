//! CIDR cases with the values and messages Terraform 1.15.5 gives.

use terrace_value::{Number, Type, Value};

use super::super::CallError;

fn run(name: &str, args: Vec<Value>) -> Result<Value, CallError> {
    crate::lang::functions::test_support::call_named(name, args)
}

fn n(text: &str) -> Value {
    Value::Number(Number::parse(text).unwrap())
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn ok(name: &str, prefix: &str, nums: &[&str]) -> String {
    let mut args = vec![s(prefix)];
    args.extend(nums.iter().map(|x| n(x)));
    match run(name, args) {
        Ok(v) => v.as_str().unwrap().to_string(),
        Err(e) => panic!("{name}({prefix}, {nums:?}): {}", e.detail),
    }
}

fn err(name: &str, prefix: &str, nums: &[&str]) -> String {
    let mut args = vec![s(prefix)];
    args.extend(nums.iter().map(|x| n(x)));
    run(name, args).unwrap_err().detail
}

#[test]
fn cidrhost_values() {
    assert_eq!(
        ok("cidrhost", "10.0.0.0/8", &["16777215"]),
        "10.255.255.255"
    );
    assert_eq!(ok("cidrhost", "10.0.0.0/8", &["-1"]), "10.255.255.255");
    assert_eq!(ok("cidrhost", "10.0.0.0/8", &["-16777216"]), "10.0.0.0");
    assert_eq!(ok("cidrhost", "fd00::/8", &["5"]), "fd00::5");
    assert_eq!(
        ok("cidrhost", "fd00::/64", &["-1"]),
        "fd00::ffff:ffff:ffff:ffff"
    );
    assert_eq!(
        ok("cidrhost", "::ffff:10.0.0.0/104", &["5"]),
        "0:5::ffff:a00:0"
    );
    assert_eq!(ok("cidrhost", "010.0.0.0/8", &["5"]), "10.0.0.5");
    assert_eq!(ok("cidrhost", "10.1.2.3/8", &["5"]), "10.0.0.5");
    assert_eq!(
        ok(
            "cidrhost",
            "fd00::/0",
            &["340282366920938463463374607431768211455"]
        ),
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
    );
    assert_eq!(
        ok("cidrhost", "::/0", &["18446744073709551616"]),
        "0:0:0:1::"
    );
    assert_eq!(
        ok("cidrhost", "fd00::/64", &["18446744073709551621"]),
        "fd00:0:0:1::5"
    );
    assert_eq!(ok("cidrhost", "::ffff:1.2.3.4/128", &["0"]), "1.2.3.4");
    assert_eq!(ok("cidrhost", "::1.2.3.4/128", &["0"]), "::102:304");
    assert_eq!(
        ok("cidrhost", "0:0:0:0:0:ffff:1.2.3.4/96", &["0"]),
        "0.0.0.0"
    );
    assert_eq!(
        ok("cidrhost", "::ffff:10.0.0.0/96", &["1"]),
        "0:1::ffff:0:0"
    );
    assert_eq!(ok("cidrhost", "FD00::/64", &["10"]), "fd00::a");
    assert_eq!(ok("cidrhost", "10.0.0.0/08", &["1"]), "10.0.0.1");
}

#[test]
fn cidrhost_errors() {
    let call_failed = |m: &str| format!("Call to function \"cidrhost\" failed: {m}.");
    assert_eq!(
        err("cidrhost", "10.0.0.0/8", &["16777216"]),
        call_failed("prefix of 8 does not accommodate a host numbered 16777216")
    );
    assert_eq!(
        err("cidrhost", "10.0.0.0/8", &["-16777217"]),
        call_failed("prefix of 8 does not accommodate a host numbered -1")
    );
    assert_eq!(
        err("cidrhost", "10.0.0.0/8", &["-18446744073709551621"]),
        call_failed("prefix of 8 does not accommodate a host numbered -18446744073692774405")
    );
    assert_eq!(
        err("cidrhost", "10.0.0.0/8", &["1.5"]),
        call_failed("value must be a whole number")
    );
    assert_eq!(
        err("cidrhost", "10.0.0.0", &["5"]),
        call_failed("invalid CIDR expression: invalid CIDR address: 10.0.0.0")
    );
    assert_eq!(
        err("cidrhost", "10.0.0.0/33", &["5"]),
        call_failed("invalid CIDR expression: invalid CIDR address: 10.0.0.0/33")
    );
    // Terraform itself fails on these with an internal error; we refuse them
    // with the usual message instead.
    for huge in ["9223372036854775808", "18446744073709551621", "1e40"] {
        assert!(
            err("cidrhost", "10.0.0.0/8", &[huge]).contains("does not accommodate a host numbered")
        );
    }
    assert_eq!(
        run("cidrhost", vec![s("fd00::/8"), s("x")])
            .unwrap_err()
            .detail,
        "Invalid value for \"hostnum\" parameter: a number is required."
    );
}

#[test]
fn cidrnetmask_values() {
    assert_eq!(ok("cidrnetmask", "10.0.0.0/8", &[]), "255.0.0.0");
    assert_eq!(ok("cidrnetmask", "10.0.0.0/0", &[]), "0.0.0.0");
    assert_eq!(ok("cidrnetmask", "1.2.3.4/32", &[]), "255.255.255.255");
    assert_eq!(
        ok("cidrnetmask", "::ffff:10.0.0.0/104", &[]),
        "ffff:ffff:ffff:ffff:ffff:ffff:ff00:0"
    );
    assert_eq!(
        ok("cidrnetmask", "::ffff:10.0.0.0/96", &[]),
        "ffff:ffff:ffff:ffff:ffff:ffff::"
    );
    assert_eq!(
        err("cidrnetmask", "fd00::/8", &[]),
        "Call to function \"cidrnetmask\" failed: IPv6 addresses cannot have a netmask: fd00::/8."
    );
    assert_eq!(
        err("cidrnetmask", "foo", &[]),
        "Call to function \"cidrnetmask\" failed: invalid CIDR expression: invalid CIDR address: foo."
    );
}

#[test]
fn cidrsubnet_values() {
    let cases = [
        ("10.0.0.0/8", "8", "2", "10.2.0.0/16"),
        ("10.0.0.0/8", "-1", "2", "14.0.0.0/7"),
        ("10.0.0.0/8", "8", "-1", "0.1.0.0/16"),
        ("10.0.0.0/8", "8", "-2", "0.2.0.0/16"),
        ("10.0.0.0/8", "0", "0", "10.0.0.0/8"),
        ("10.1.2.3/8", "8", "2", "10.2.0.0/16"),
        ("fd00::/8", "16", "65535", "fdff:ff00::/24"),
        ("fd00::/8", "100", "1", "fd00::10:0/108"),
        ("::ffff:10.0.0.0/104", "8", "2", "10.2.0.0/16"),
        ("10.0.0.0/8", "-9", "0", "<nil>"),
        ("10.0.0.0/8", "-8", "0", "10.0.0.0/0"),
        ("fd00::/8", "64", "1", "fd00::100:0:0:0/72"),
        ("fd00::/8", "70", "1", "fd00::4:0:0:0/78"),
        ("fd00::/8", "70", "18446744073709551617", "fd04::4:0:0:0/78"),
        ("::ffff:10.0.0.0/96", "8", "1", "1.0.0.0/8"),
        ("fd00::/8", "8", "1", "fd01::/16"),
        ("0.0.0.0/0", "8", "1", "1.0.0.0/8"),
    ];
    for (prefix, bits, num, want) in cases {
        assert_eq!(
            ok("cidrsubnet", prefix, &[bits, num]),
            want,
            "{prefix} {bits} {num}"
        );
    }
}

#[test]
fn cidrsubnet_errors() {
    let call_failed = |m: &str| format!("Call to function \"cidrsubnet\" failed: {m}.");
    assert_eq!(
        err("cidrsubnet", "10.0.0.0/8", &["8", "256"]),
        call_failed("prefix extension of 8 does not accommodate a subnet numbered 256")
    );
    assert_eq!(
        err("cidrsubnet", "10.0.0.0/8", &["8", "-256"]),
        call_failed("prefix extension of 8 does not accommodate a subnet numbered -256")
    );
    assert_eq!(
        err("cidrsubnet", "10.0.0.0/8", &["25", "2"]),
        call_failed("insufficient address space to extend prefix of 8 by 25")
    );
    assert_eq!(
        err("cidrsubnet", "10.0.0.0/8", &["64", "1"]),
        call_failed("insufficient address space to extend prefix of 8 by 64")
    );
    assert_eq!(
        err("cidrsubnet", "fd00::/8", &["1.5", "1"]),
        call_failed(
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807"
        )
    );
    assert_eq!(
        err("cidrsubnet", "fd00::/8", &["8", "1.5"]),
        call_failed("value must be a whole number")
    );
    for (bits, num) in [
        ("-8", "1"),
        ("-30", "1"),
        ("8", "18446744073709551618"),
        ("-9000000000000000000", "1"),
    ] {
        assert!(
            err("cidrsubnet", "10.0.0.0/8", &[bits, num]).contains("does not accommodate a subnet")
        );
    }
}

#[test]
fn cidrsubnets_values() {
    let list = |prefix: &str, bits: &[&str]| {
        let mut args = vec![s(prefix)];
        args.extend(bits.iter().map(|b| n(b)));
        run("cidrsubnets", args).unwrap()
    };
    let strings = |items: &[&str]| Value::List(Type::String, items.iter().map(|i| s(i)).collect());
    assert_eq!(list("10.0.0.0/8", &[]), strings(&[]));
    assert_eq!(
        list("10.0.0.0/8", &["4", "4", "8", "4"]),
        strings(&[
            "10.0.0.0/12",
            "10.16.0.0/12",
            "10.32.0.0/16",
            "10.48.0.0/12"
        ])
    );
    assert_eq!(
        list("fd00::/56", &["16", "16", "32"]),
        strings(&["fd00::/72", "fd00::100:0:0:0/72", "fd00::200:0:0:0/88"])
    );
    assert_eq!(
        list("10.0.0.0/24", &["8", "4"]),
        strings(&["10.0.0.0/32", "10.0.0.16/28"])
    );
    assert_eq!(list("10.1.2.3/16", &["8"]), strings(&["10.1.0.0/24"]));
    assert_eq!(
        list("10.0.0.0/8", &["8", "1"]),
        strings(&["10.0.0.0/16", "10.128.0.0/9"])
    );
    let sixteen = ["4"; 16];
    let got = list("10.0.0.0/24", &sixteen);
    assert_eq!(got.as_elements().unwrap().last(), Some(&s("10.0.0.240/28")));
}

#[test]
fn cidrsubnets_errors() {
    let e = |prefix: &str, bits: &[&str]| err("cidrsubnets", prefix, bits);
    let newbits = |m: &str| format!("Invalid value for \"newbits\" parameter: {m}.");
    assert_eq!(
        e("10.0.0.0/8", &["0"]),
        newbits("must extend prefix by at least one bit")
    );
    assert_eq!(
        e("10.0.0.0/8", &["4", "0"]),
        newbits("must extend prefix by at least one bit")
    );
    assert_eq!(
        e("10.0.0.0/8", &["33"]),
        newbits("may not extend prefix by more than 32 bits")
    );
    assert_eq!(
        e("10.0.0.0/8", &["25"]),
        newbits("would extend prefix to 33 bits, which is too long for an IPv4 address")
    );
    assert_eq!(
        e("fd00::/120", &["32"]),
        newbits("would extend prefix to 152 bits, which is too long for an IPv6 address")
    );
    assert_eq!(
        e("10.0.0.0/30", &["1", "1", "1"]),
        newbits("not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31")
    );
    assert_eq!(
        e("0.0.0.0/0", &["1"]),
        newbits("not enough remaining address space for a subnet with a prefix of 1 bits after 128.0.0.0/1")
    );
    assert_eq!(
        e("::/0", &["1"]),
        newbits("not enough remaining address space for a subnet with a prefix of 1 bits after 8000::/1")
    );
    assert_eq!(
        e("::ffff:10.0.0.0/104", &["8"]),
        newbits(
            "not enough remaining address space for a subnet with a prefix of 112 bits after <nil>"
        )
    );
    assert_eq!(
        e("10.0.0.0/8", &["1.5", "99"]),
        newbits(
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807"
        )
    );
    assert_eq!(
        e("foo", &["1"]),
        "Invalid value for \"prefix\" parameter: invalid CIDR expression: invalid CIDR address: foo."
    );
    let sixteen_plus = ["4"; 17];
    assert_eq!(
        e("10.0.0.0/24", &sixteen_plus),
        newbits("not enough remaining address space for a subnet with a prefix of 28 bits after 10.0.0.240/28")
    );
}
