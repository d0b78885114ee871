//! Regression tests for inputs found or foreseen by fuzzing: expressions that
//! once ran without bound must now stop with a diagnostic, and deep nesting
//! must not overflow the stack.

use std::time::{Duration, Instant};

use terrace_value::{value_to_json, Diagnostics, Value};

use super::{Budget, Evaluator};
use crate::lang::parse::parse_expr;
use crate::lang::scope::EvalContext;
use crate::lang::source::SourceFile;

/// Evaluates `text` on `budget`, returning the value or the error summaries.
fn eval_on(text: &str, budget: &Budget) -> Result<Value, Vec<String>> {
    let file = SourceFile::new("test.tf", text);
    let summaries = |d: Diagnostics| d.iter().map(|d| d.summary.clone()).collect();
    let expr = parse_expr(&file).map_err(summaries)?;
    let ctx = EvalContext::default();
    Evaluator::with_budget(&file, &ctx, budget)
        .eval(&expr)
        .map_err(summaries)
}

fn eval(text: &str) -> Result<Value, Vec<String>> {
    eval_on(text, &Budget::new())
}

fn fails_with(text: &str, budget: &Budget, summary: &str) {
    match eval_on(text, budget) {
        Ok(v) => panic!("{text} gave {v:?}"),
        Err(summaries) => assert_eq!(summaries, vec![summary.to_string()], "{text}"),
    }
}

/// Evaluates `text` and prints its result as the engine would, within `limit`.
fn quick(text: &str, limit: Duration) -> Result<Value, Vec<String>> {
    let started = Instant::now();
    let result = eval(text);
    if let Ok(v) = &result {
        let _ = value_to_json(v);
    }
    assert!(
        started.elapsed() < limit,
        "{text} took {:?}",
        started.elapsed()
    );
    result
}

#[test]
fn huge_exponent_literal_is_read_quickly() {
    // Found by fuzzing: the literal used to be written out digit by digit.
    let text = "1-7 % 3e-10155555555500-000000000000000073646+78126276123738 * 05 / 405 / 4";
    let result = quick(text, Duration::from_secs(1));
    assert_eq!(result, Err(vec!["Invalid number literal".to_string()]));
    // Within Go's exponent range the value underflows to zero, still quickly.
    let tiny = quick(r#"tonumber("3e-1015555555") * 2"#, Duration::from_secs(1));
    assert_eq!(tiny, eval("0"));
}

#[test]
fn repeated_squaring_overflows_quickly() {
    // Each squaring doubles the exponent until the number is an infinity.
    let mut text = r#"tonumber("9.99e99999")"#.to_string();
    for _ in 0..5 {
        text = format!("[for x in [{text}] : x * x][0]");
    }
    let result = quick(&text, Duration::from_secs(2)).unwrap();
    assert!(result.as_number().is_some_and(|n| n.is_infinite()));
}

#[test]
fn nested_for_expressions_hit_the_step_limit() {
    let ten = "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]";
    let mut text = "0".to_string();
    for v in ["a", "b", "c", "d", "e", "f"] {
        text = format!("[for {v} in {ten} : {text}]");
    }
    fails_with(
        &text,
        &Budget::with_limits(10_000, u64::MAX),
        "Expression too complex",
    );
}

#[test]
fn repeated_for_variable_hits_the_size_limit() {
    // Each level repeats the previous one eight times: 8^8 strings in all.
    let mut text = r#"["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]"#.to_string();
    for v in ["a", "b", "c", "d", "e", "f", "g", "h"] {
        text = format!("[for {v} in {text} : [{v}, {v}, {v}, {v}, {v}, {v}, {v}, {v}]]");
    }
    fails_with(
        &text,
        &Budget::with_limits(u64::MAX, 1 << 20),
        "Expression result too large",
    );
}

#[test]
fn template_repetition_hits_the_size_limit() {
    let mut text =
        r#""%{ for a in [1, 2, 3, 4, 5, 6, 7, 8] }xxxxxxxxxxxxxxxxxxxxxxxxxxxxx%{ endfor }""#
            .to_string();
    for v in ["b", "c", "d", "e", "f"] {
        let inner = text.trim_matches('"').to_string();
        text = format!(r#""%{{ for {v} in [1, 2, 3, 4, 5, 6, 7, 8] }}{inner}%{{ endfor }}""#);
    }
    fails_with(
        &text,
        &Budget::with_limits(u64::MAX, 1 << 20),
        "Expression result too large",
    );
}

#[test]
fn function_results_are_charged() {
    // Each concat doubles the list; the budget sees every result.
    let mut text = r#"[for i in range(1000) : "xxxxxxxxxxxxxxxxxxxxxxxx"]"#.to_string();
    for _ in 0..12 {
        text = format!("concat({text}, {text})");
    }
    fails_with(
        &text,
        &Budget::with_limits(u64::MAX, 1 << 20),
        "Expression result too large",
    );
}

#[test]
fn try_and_can_do_not_hide_a_spent_budget() {
    let big = "[for a in [1, 2, 3, 4] : [for b in [1, 2, 3, 4] : [for c in [1, 2, 3, 4] : c]]]";
    let small = || Budget::with_limits(40, u64::MAX);
    fails_with(
        &format!("try({big}, \"fallback\")"),
        &small(),
        "Expression too complex",
    );
    fails_with(&format!("can({big})"), &small(), "Expression too complex");
    fails_with(
        &format!("[can({big}), 1, 2]"),
        &small(),
        "Expression too complex",
    );
    // Ordinary failures are still caught.
    assert_eq!(eval("try(tonumber(\"x\"), 1)"), eval("1"));
}

#[test]
fn ordinary_expressions_fit_the_default_budget() {
    let v = eval("[for a in [1, 2, 3] : [for b in [1, 2] : \"${a}-${b}\"]]").unwrap();
    assert_eq!(v.length(), Some(3));
}

#[test]
fn deepest_parsable_nesting_evaluates_on_a_small_stack() {
    // The evaluator must manage all the nesting the parser accepts (its own
    // limit is 64 levels, braces are limited to MAX_NESTING), mixing kinds,
    // on a thread's default 2 MiB stack.
    let mut text = "1".to_string();
    let mut levels = 0;
    for i in 0..64 {
        let deeper = match i % 6 {
            0 => format!("[{text}][0]"),
            1 => format!("{{ a = {text} }}.a"),
            2 => format!("\"${{{text}}}\""),
            3 => format!("[for x in [1] : {text}][0]"),
            4 => format!("(true ? {text} : {text})"),
            _ => format!("-({text})"),
        };
        if parse_expr(&SourceFile::new("test.tf", deeper.as_str())).is_err() {
            break;
        }
        text = deeper;
        levels += 1;
    }
    assert!(levels >= 20, "{levels}");
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || eval(&text))
        .unwrap();
    let result = handle.join().expect("no stack overflow");
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn recursive_template_functions_are_refused() {
    // A template that renders itself would recurse until the stack
    // overflows; Terraform refuses template functions inside templates.
    let mut ctx = EvalContext::default();
    let tpl = r#"${templatestring(tpl, { tpl = tpl })}"#;
    ctx.variables.insert("tpl".into(), Value::string(tpl));
    let text = "templatestring(tpl, { tpl = tpl })";
    let file = SourceFile::new("test.tf", text);
    let expr = parse_expr(&file).unwrap();
    let err = Evaluator::new(&file, &ctx).eval(&expr).unwrap_err();
    assert_eq!(err.0.len(), 1);
    assert_eq!(err.0[0].summary, "Error in function call");
    assert!(
        err.0[0].detail.contains(
            "cannot recursively call templatestring from inside another template function"
        ),
        "{}",
        err.0[0].detail
    );
    ctx.variables.insert(
        "tpl".into(),
        Value::string(r#"x%{ if true }${templatefile("t.tftpl", {})}%{ endif }"#),
    );
    let err = Evaluator::new(&file, &ctx).eval(&expr).unwrap_err();
    assert!(
        err.0[0]
            .detail
            .contains("cannot recursively call templatefile"),
        "{}",
        err.0[0].detail
    );
}
