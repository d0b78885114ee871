//! Hand-built plans of `terraform_data` resources mirroring the cases that
//! tests/views/gen/generate.py ran through real Terraform, shared by the
//! view tests.

#![allow(dead_code)]

use std::collections::BTreeMap;

use terrace::addrs::{parse_instance, AbsResourceInstance};
use terrace::engine::plan_model::{Action, ActionReason, OutputChange, Plan, ResourceChange};
use terrace_value::{Type, Value};

/// The id every golden file uses for generated ids.
pub const ID: &str = "00000000-0000-0000-0000-000000000000";

/// A golden file's text.
pub fn golden(name: &str) -> String {
    let path = format!("{}/tests/views/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

pub fn s(text: &str) -> Value {
    Value::from(text)
}

pub fn n(i: i64) -> Value {
    Value::from(i)
}

pub fn null() -> Value {
    Value::null()
}

pub fn unknown(t: Type) -> Value {
    Value::Unknown(t)
}

pub fn obj(entries: &[(&str, Value)]) -> Value {
    Value::Object(
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<BTreeMap<_, _>>(),
    )
}

pub fn tuple(items: &[Value]) -> Value {
    Value::Tuple(items.to_vec())
}

pub fn addr(text: &str) -> AbsResourceInstance {
    parse_instance(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

/// A `terraform_data` object.
pub fn data(id: Value, input: Value, output: Value, triggers: Value) -> Value {
    obj(&[
        ("id", id),
        ("input", input),
        ("output", output),
        ("triggers_replace", triggers),
    ])
}

/// A change to a `terraform_data` instance.
pub fn change(
    address: &str,
    action: Action,
    before: Option<Value>,
    after: Option<Value>,
) -> ResourceChange {
    ResourceChange {
        addr: addr(address),
        prev_addr: None,
        provider: "provider[\"terraform.io/builtin/terraform\"]".into(),
        action,
        reason: None,
        before,
        after,
        requires_replace: Vec::new(),
        importing: None,
        private: Vec::new(),
    }
}

pub fn with_reason(mut c: ResourceChange, reason: ActionReason) -> ResourceChange {
    c.reason = Some(reason);
    c
}

pub fn output(
    name: &str,
    action: Action,
    before: Option<Value>,
    after: Option<Value>,
    sensitive: bool,
) -> OutputChange {
    OutputChange {
        name: name.into(),
        action,
        before,
        after,
        sensitive,
    }
}

pub fn plan(changes: Vec<ResourceChange>, outputs: Vec<OutputChange>) -> Plan {
    Plan {
        changes,
        outputs,
        timestamp: "TIMESTAMP".into(),
        ..Plan::default()
    }
}

/// The object type of the nested input the cases use.
pub fn nested_type() -> Type {
    nested_input().ty()
}

/// `{ name = "x", tags = {...}, list = [...], n = 1, on = true }`.
pub fn nested_input() -> Value {
    obj(&[
        ("list", tuple(&[s("a"), s("b"), s("c")])),
        ("n", n(1)),
        ("name", s("x")),
        ("on", Value::Bool(true)),
        ("tags", obj(&[("a", s("1")), ("b", s("2"))])),
    ])
}

/// Every case: its golden name and the plan that mirrors it.
pub fn cases() -> Vec<(&'static str, Plan)> {
    vec![
        ("create", create()),
        ("update", update()),
        ("replace", replace()),
        ("replace_cbd", replace_cbd()),
        ("destroy", destroy()),
        ("nochange", nochange()),
        ("moved", moved()),
        ("json", json()),
        ("heredoc", heredoc()),
        ("sensitive_update", sensitive_update()),
        ("outputs_only", outputs_only()),
        ("destroy_mode", destroy_mode()),
        ("refresh_only", refresh_only()),
        ("unknown_list", unknown_list()),
    ]
}

fn id_later() -> Value {
    unknown(Type::String)
}

pub fn create() -> Plan {
    let created = |input: Value, out_t: Type| data(id_later(), input, unknown(out_t), null());
    plan(
        vec![
            change(
                "terraform_data.a",
                Action::Create,
                None,
                Some(created(nested_input(), nested_type())),
            ),
            change(
                "terraform_data.secret",
                Action::Create,
                None,
                Some(created(s("hunter2").sensitive(), Type::String)),
            ),
            change(
                "terraform_data.text",
                Action::Create,
                None,
                Some(created(s("line one\nline two\n"), Type::String)),
            ),
        ],
        vec![
            output("known", Action::Create, None, Some(s("hello")), false),
            output(
                "later",
                Action::Create,
                None,
                Some(unknown(Type::String)),
                false,
            ),
            output("secret", Action::Create, None, Some(s("s")), true),
        ],
    )
}

pub fn update() -> Plan {
    let new_input = obj(&[
        ("list", tuple(&[s("a"), s("c"), s("d")])),
        ("n", n(2)),
        ("name", s("y")),
        ("on", Value::Bool(true)),
        ("tags", obj(&[("a", s("1")), ("b", s("3")), ("c", s("4"))])),
    ]);
    let out_t = new_input.ty();
    plan(
        vec![change(
            "terraform_data.a",
            Action::Update,
            Some(data(s(ID), nested_input(), nested_input(), null())),
            Some(data(s(ID), new_input, unknown(out_t), null())),
        )],
        vec![output(
            "o",
            Action::Update,
            Some(s("x")),
            Some(s("y")),
            false,
        )],
    )
}

pub fn replace() -> Plan {
    // Terraform keeps `triggers_replace` in the plan's replace paths but
    // does not print `# forces replacement` for attributes of dynamic type;
    // values here carry no such type, so the path is left out to match.
    let mut c = change(
        "terraform_data.r",
        Action::DeleteThenCreate,
        Some(data(s(ID), s("same"), s("same"), s("one"))),
        Some(data(id_later(), s("same"), unknown(Type::String), s("two"))),
    );
    c.reason = Some(ActionReason::ReplaceBecauseCannotUpdate);
    plan(vec![c], vec![])
}

pub fn replace_cbd() -> Plan {
    let mut c = change(
        "terraform_data.r",
        Action::CreateThenDelete,
        Some(data(s(ID), null(), null(), tuple(&[s("one")]))),
        Some(data(
            id_later(),
            null(),
            null(),
            tuple(&[s("one"), s("two")]),
        )),
    );
    // As in `replace`: no `# forces replacement` for dynamic attributes.
    c.reason = Some(ActionReason::ReplaceBecauseCannotUpdate);
    plan(vec![c], vec![])
}

pub fn destroy() -> Plan {
    let kept = |input: Value| Some(data(s(ID), input.clone(), input, null()));
    plan(
        vec![
            with_reason(
                change("terraform_data.gone", Action::Delete, kept(s("bye")), None),
                ActionReason::DeleteBecauseNoResourceConfig,
            ),
            change(
                "terraform_data.keep",
                Action::NoOp,
                kept(null()),
                kept(null()),
            ),
            change("terraform_data.n[0]", Action::NoOp, kept(n(0)), kept(n(0))),
            with_reason(
                change("terraform_data.n[1]", Action::Delete, kept(n(1)), None),
                ActionReason::DeleteBecauseNoInstance,
            ),
        ],
        vec![],
    )
}

pub fn nochange() -> Plan {
    let v = Some(data(s(ID), s("x"), s("x"), null()));
    plan(
        vec![change("terraform_data.keep", Action::NoOp, v.clone(), v)],
        vec![],
    )
}

pub fn moved() -> Plan {
    let v = Some(data(s(ID), s("x"), s("x"), null()));
    let mut a = change("terraform_data.new", Action::NoOp, v.clone(), v.clone());
    a.prev_addr = Some(addr("terraform_data.old"));
    let mut b = change(
        "terraform_data.new2",
        Action::Update,
        v,
        Some(data(s(ID), s("y"), unknown(Type::String), null())),
    );
    b.prev_addr = Some(addr("terraform_data.old2"));
    plan(vec![a, b], vec![])
}

pub fn json() -> Plan {
    let before = s(r#"{"a":1,"b":["x","y"],"c":{"d":true}}"#);
    let after = s(r#"{"a":2,"b":["x","z"],"c":{"d":true}}"#);
    plan(
        vec![change(
            "terraform_data.j",
            Action::Update,
            Some(data(s(ID), before.clone(), before, null())),
            Some(data(s(ID), after, unknown(Type::String), null())),
        )],
        vec![],
    )
}

pub fn heredoc() -> Plan {
    let before = s("one\ntwo\nthree\n");
    plan(
        vec![change(
            "terraform_data.h",
            Action::Update,
            Some(data(s(ID), before.clone(), before, null())),
            Some(data(
                s(ID),
                s("one\n2\nthree\nfour\n"),
                unknown(Type::String),
                null(),
            )),
        )],
        vec![],
    )
}

pub fn sensitive_update() -> Plan {
    let input = |p: &str| obj(&[("password", s(p).sensitive()), ("user", s("admin"))]);
    let plain = obj(&[("password", s("old")), ("user", s("admin"))]);
    plan(
        vec![change(
            "terraform_data.s",
            Action::Update,
            Some(data(s(ID), input("old"), plain.clone(), null())),
            Some(data(s(ID), input("new"), unknown(plain.ty()), null())),
        )],
        vec![],
    )
}

pub fn outputs_only() -> Plan {
    plan(
        vec![],
        vec![
            output("a", Action::Update, Some(s("one")), Some(s("two")), false),
            output("b", Action::Delete, Some(n(1)), None, false),
            output("c", Action::Create, None, Some(tuple(&[n(1), n(2)])), false),
        ],
    )
}

pub fn destroy_mode() -> Plan {
    let mut p = plan(
        vec![change(
            "terraform_data.a",
            Action::Delete,
            Some(data(s(ID), s("x"), s("x"), null())),
            None,
        )],
        vec![output("o", Action::Delete, Some(s("x")), None, false)],
    );
    p.mode = terrace::engine::plan_model::PlanMode::Destroy;
    p
}

pub fn refresh_only() -> Plan {
    let mut p = plan(vec![], vec![]);
    p.mode = terrace::engine::plan_model::PlanMode::RefreshOnly;
    p
}

pub fn unknown_list() -> Plan {
    let letters = |ls: &[&str]| tuple(&ls.iter().map(|l| s(l)).collect::<Vec<_>>());
    let before = letters(&["a", "b", "c", "d", "e", "f"]);
    let after = letters(&["a", "b", "c", "X", "e", "f"]);
    let c_input = obj(&[("known", s("k")), ("later", unknown(Type::String))]);
    plan(
        vec![
            change(
                "terraform_data.a",
                Action::Update,
                Some(data(s(ID), before.clone(), before, null())),
                Some(data(s(ID), after.clone(), unknown(after.ty()), null())),
            ),
            change(
                "terraform_data.b",
                Action::Create,
                None,
                Some(data(id_later(), null(), null(), null())),
            ),
            change(
                "terraform_data.c",
                Action::Create,
                None,
                Some(data(
                    id_later(),
                    c_input.clone(),
                    unknown(c_input.ty()),
                    null(),
                )),
            ),
        ],
        vec![],
    )
}
