//! Expectations for the filesystem functions, taken from Terraform 1.15.5
//! run over the same file tree.

use std::fs;
use std::path::Path;

use terrace_value::{Marks, Type, Value};

use super::super::{call, lookup, CallError, FuncContext};

fn renderer(path: &str, source: &str, vars: &Value) -> Result<Value, String> {
    if source.contains("${missing}") {
        return Err(format!(
            "vars map does not contain key \"missing\", referenced at {path}:1,3-10"
        ));
    }
    if source.contains("%{") {
        return Err(format!("{path}:1,1-3: Invalid template directive"));
    }
    let name = vars
        .as_entries()
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("?");
    Ok(Value::string(source.replace("${name}", name)))
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |p: &str, data: &[u8]| {
        let full = root.join(p);
        fs::create_dir_all(full.parent().unwrap()).unwrap();
        fs::write(full, data).unwrap();
    };
    write("hello.txt", b"Hello, World!\n");
    write("binary.bin", b"\xff\xfe\x00");
    write("greeting.tftpl", b"Hello, ${name}!");
    write("missing.tftpl", b"${missing}");
    write("broken.tftpl", b"%{ if }");
    write("tree/.hidden.txt", b"h\n");
    write("tree/a.txt", b"a\n");
    write("tree/b.json", b"{}\n");
    write("tree/sub/c.txt", b"c\n");
    write("tree/sub/deep/d.txt", b"d\n");
    dir
}

fn run(base: &Path, name: &str, args: Vec<Value>) -> Result<Value, CallError> {
    let ctx = FuncContext {
        base_dir: base.to_path_buf(),
        plan_timestamp: String::new(),
        planning: false,
        render_template: &renderer,
    };
    call(lookup(name).unwrap(), &ctx, args)
}

fn s(v: &str) -> Value {
    Value::string(v)
}

fn set(items: &[&str]) -> Value {
    Value::set(Type::String, items.iter().map(|i| s(i)).collect())
}

fn detail(r: Result<Value, CallError>) -> String {
    r.unwrap_err().detail
}

#[test]
fn path_functions() {
    let here = Path::new(".");
    let one = |name: &str, arg: &str| run(here, name, vec![s(arg)]).unwrap();
    assert_eq!(one("basename", ""), s("."));
    assert_eq!(one("basename", "a/b/"), s("b"));
    assert_eq!(one("basename", "/"), s("/"));
    assert_eq!(one("dirname", "a/b/"), s("a/b"));
    assert_eq!(one("dirname", "a"), s("."));
    assert_eq!(one("dirname", "/a/../b/c"), s("/b"));
    assert_eq!(one("abspath", "/x/./y/"), s("/x/y"));
    let wd = std::env::current_dir().unwrap();
    let wd = std::fs::canonicalize(wd).unwrap();
    let got = one("abspath", "a/../b");
    let got = got.as_str().unwrap();
    assert!(
        got.ends_with("/b")
            && Path::new(got)
                .parent()
                .map(fs::canonicalize)
                .unwrap()
                .unwrap()
                == wd
    );
    assert_eq!(one("pathexpand", "a/~"), s("a/~"));
    assert_eq!(one("pathexpand", ""), s(""));
    if let Ok(home) = std::env::var("HOME") {
        assert_eq!(
            one("pathexpand", "~/a/../b"),
            s(&format!("{}/b", home.trim_end_matches('/')))
        );
    }
    assert_eq!(
        detail(run(here, "pathexpand", vec![s("~x")])),
        "Call to function \"pathexpand\" failed: cannot expand user-specific home dir."
    );
}

#[test]
fn file_reads_utf8_only() {
    let t = tree();
    let base = t.path();
    assert_eq!(
        run(base, "file", vec![s("hello.txt")]).unwrap(),
        s("Hello, World!\n")
    );
    assert_eq!(
        run(base, "filebase64", vec![s("hello.txt")]).unwrap(),
        s("SGVsbG8sIFdvcmxkIQo=")
    );
    assert_eq!(
        detail(run(base, "file", vec![s("binary.bin")])),
        "Call to function \"file\" failed: contents of \"binary.bin\" are not valid UTF-8; use the \
         filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. \
         filemd5, filesha256) to obtain file hashing results instead."
    );
    let missing = run(base, "file", vec![s("nope")]).unwrap_err();
    assert_eq!(missing.summary, "Invalid function argument");
    assert!(missing.detail.starts_with(
        "Invalid value for \"path\" parameter: no file exists at \"nope\"; this function works only"
    ));
    let hidden = run(base, "filebase64", vec![s("nope").sensitive()]).unwrap_err();
    assert!(hidden
        .detail
        .contains("no file exists at (sensitive value);"));
    let dir = detail(run(base, "file", vec![s("tree")]));
    assert!(dir.starts_with("Invalid value for \"path\" parameter: failed to read file: read "));
    assert!(dir.ends_with("/tree: is a directory."));
    assert_eq!(
        detail(run(base, "file", vec![s("~x/a")])),
        "Invalid value for \"path\" parameter: failed to expand ~: cannot expand user-specific home dir."
    );
    let secret = run(base, "file", vec![s("hello.txt").sensitive()]).unwrap();
    assert_eq!(secret.marks(), Marks::SENSITIVE);
}

#[test]
fn fileexists_distinguishes_kinds() {
    let t = tree();
    let base = t.path();
    assert_eq!(
        run(base, "fileexists", vec![s("hello.txt")]).unwrap(),
        Value::Bool(true)
    );
    assert_eq!(
        run(base, "fileexists", vec![s("nope")]).unwrap(),
        Value::Bool(false)
    );
    assert_eq!(
        run(base, "fileexists", vec![s("nope/x")]).unwrap(),
        Value::Bool(false)
    );
    let dir = run(base, "fileexists", vec![s("tree")]).unwrap_err();
    assert_eq!(dir.summary, "Error in function call");
    assert!(dir.detail.ends_with("/tree\" is a directory, not a file."));
    let under_file = detail(run(base, "fileexists", vec![s("hello.txt/x")]));
    assert!(under_file.starts_with("Call to function \"fileexists\" failed: failed to stat \""));
    assert_eq!(
        detail(run(base, "fileexists", vec![s("tree").sensitive()])),
        "Call to function \"fileexists\" failed: (sensitive value) is a directory, not a file."
    );
}

#[test]
fn fileset_follows_terraform() {
    let t = tree();
    let base = t.path();
    let fs = |pattern: &str| run(base, "fileset", vec![s("tree"), s(pattern)]);
    let cases: &[(&str, &[&str])] = &[
        ("*", &[".hidden.txt", "a.txt", "b.json"]),
        (
            "**",
            &[
                ".hidden.txt",
                "a.txt",
                "b.json",
                "sub/c.txt",
                "sub/deep/d.txt",
            ],
        ),
        (
            "**/*.txt",
            &[".hidden.txt", "a.txt", "sub/c.txt", "sub/deep/d.txt"],
        ),
        ("sub/**", &["sub/c.txt", "sub/deep/d.txt"]),
        ("{a,b}.*", &["a.txt", "b.json"]),
        ("?.txt", &["a.txt"]),
        ("[^a].*", &["b.json"]),
        ("[!a].*", &["a.txt"]),
        ("a**", &["a.txt"]),
        ("**.txt", &[".hidden.txt", "a.txt"]),
        ("/*.txt", &[".hidden.txt", "a.txt"]),
        ("sub/*/d.txt", &["sub/deep/d.txt"]),
        ("\\a.txt", &["a.txt"]),
        ("*/", &[".hidden.txt", "a.txt", "b.json"]),
        ("", &[]),
        ("{a,{b,c}}.*", &["b.json"]),
        ("**/**/*.txt", &["sub/c.txt", "sub/deep/d.txt"]),
        ("{a,}*", &[".hidden.txt", "a.txt", "b.json"]),
        ("sub/deep/../c.txt", &["sub/c.txt"]),
        ("**/sub/**", &["sub/c.txt", "sub/deep/d.txt"]),
        ("*[", &[]),
        ("../*.txt", &["../hello.txt"]),
    ];
    for (pattern, want) in cases {
        assert_eq!(fs(pattern).unwrap(), set(want), "pattern {pattern:?}");
    }
    assert_eq!(
        run(base, "fileset", vec![s("."), s("tree/a.txt")]).unwrap(),
        set(&["tree/a.txt"])
    );
    assert_eq!(
        run(base, "fileset", vec![s("nope"), s("*")]).unwrap(),
        set(&[])
    );
    for bad in ["[", "{a", "{a,sub/c}.txt", "[a-]*", "a.tx["] {
        let err = detail(fs(bad));
        assert!(err.ends_with(": syntax error in pattern."), "{bad}: {err}");
        assert!(err.starts_with("Call to function \"fileset\" failed: failed to glob pattern \""));
    }
    let marked = run(base, "fileset", vec![s("tree"), s("*.json").sensitive()]).unwrap();
    assert_eq!(marked.marks(), Marks::SENSITIVE);
    assert_eq!(marked.unmark().0, set(&["b.json"]));
}

#[test]
fn templatefile_checks_vars_then_renders() {
    let t = tree();
    let base = t.path();
    let obj = |k: &str, v: &str| Value::Object([(k.to_string(), s(v))].into());
    assert_eq!(
        run(
            base,
            "templatefile",
            vec![s("greeting.tftpl"), obj("name", "Ann")]
        )
        .unwrap(),
        s("Hello, Ann!")
    );
    let map = Value::Map(Type::String, [("name".to_string(), s("Bo"))].into());
    assert_eq!(
        run(base, "templatefile", vec![s("greeting.tftpl"), map]).unwrap(),
        s("Hello, Bo!")
    );
    assert_eq!(
        detail(run(base, "templatefile", vec![s("greeting.tftpl"), s("x")])),
        "Invalid value for \"vars\" parameter: invalid vars value: must be a map."
    );
    assert_eq!(
        detail(run(base, "templatefile", vec![s("greeting.tftpl"), obj("1a", "x")])),
        "Invalid value for \"vars\" parameter: invalid template variable name \"1a\": must start with \
         a letter, followed by zero or more letters, digits, and underscores."
    );
    assert_eq!(
        run(
            base,
            "templatefile",
            vec![s("greeting.tftpl"), obj("a-b", "x")]
        )
        .unwrap(),
        s("Hello, ?!")
    );
    let missing = run(
        base,
        "templatefile",
        vec![s("missing.tftpl"), Value::empty_object()],
    )
    .unwrap_err();
    assert_eq!(missing.summary, "Invalid function argument");
    assert!(missing
        .detail
        .contains("vars map does not contain key \"missing\""));
    let broken = run(
        base,
        "templatefile",
        vec![s("broken.tftpl"), Value::empty_object()],
    )
    .unwrap_err();
    assert_eq!(broken.summary, "Error in function call");
    assert!(detail(run(base, "templatefile", vec![s("nope"), s("x")]))
        .contains("no file exists at \"nope\""));
    assert_eq!(
        run(
            base,
            "templatefile",
            vec![s("greeting.tftpl"), Value::unknown()]
        )
        .unwrap(),
        Value::Unknown(Type::Dynamic)
    );
    assert_eq!(
        run(
            base,
            "templatefile",
            vec![Value::Unknown(Type::String), Value::empty_object()]
        )
        .unwrap(),
        Value::Unknown(Type::Dynamic)
    );
    let secret = run(
        base,
        "templatefile",
        vec![s("greeting.tftpl").sensitive(), Value::empty_object()],
    )
    .unwrap();
    assert_eq!(secret.marks(), Marks::SENSITIVE);
}
