//! `random_string`, and the arguments, checks and planning it shares with
//! `random_password`: length, the four character classes with their
//! minimums, the deprecated `number` kept in step with `numeric`, and
//! `override_special`.

use async_trait::async_trait;
use terrace_provider_sdk::{Attribute, Block, Diagnostic, Diagnostics, Schema, Type, Value};

use super::chars::{self, Params};
use super::{keepers, same};
use crate::attrs::{self, attr, number, object, with_all};
use crate::plan::{self, Same};
use crate::provider::{Plan, Resource};

pub(crate) struct RandomString;

const MINIMUMS: [&str; 4] = ["min_upper", "min_lower", "min_numeric", "min_special"];

/// The arguments and results of both random strings; `sensitive` marks the
/// result of a password.
pub(super) fn string_attributes(sensitive: bool) -> Vec<(&'static str, Attribute)> {
    let flag = |what: &str| {
        Attribute::optional_computed(Type::Bool)
            .force_new()
            .describe(&format!(
                "Include {what} in the result. Default value is `true`."
            ))
    };
    let min = |what: &str| {
        Attribute::optional_computed(Type::Number)
            .force_new()
            .describe(&format!(
                "Minimum number of {what} in the result. Default value is `0`."
            ))
    };
    let mut result = Attribute::computed(Type::String).describe("The generated random string.");
    if sensitive {
        result = result.sensitive();
    }
    vec![
        keepers(),
        (
            "length",
            Attribute::required(Type::Number)
                .force_new()
                .describe("The length of the string desired, at least 1 and at least the sum of the minimums."),
        ),
        ("special", flag("special characters (`!@#$%&*()-_=+[]{}<>:?` unless overridden)")),
        ("upper", flag("uppercase alphabet characters")),
        ("lower", flag("lowercase alphabet characters")),
        ("numeric", flag("numeric characters")),
        ("number", flag("numeric characters (deprecated, use `numeric`)")),
        ("min_special", min("special characters")),
        ("min_upper", min("uppercase alphabet characters")),
        ("min_lower", min("lowercase alphabet characters")),
        ("min_numeric", min("numeric characters")),
        (
            "override_special",
            Attribute::optional(Type::String)
                .force_new()
                .describe("Special characters to use instead of the default set; `special` must still be true."),
        ),
        ("result", result),
    ]
}

fn block() -> Block {
    let mut attrs = string_attributes(false);
    attrs.push((
        "id",
        Attribute::computed(Type::String).describe("The generated random string."),
    ));
    Block::with_attributes(attrs)
}

/// Checks length and minimums once they are known, and that `number` and
/// `numeric` do not disagree.
pub(super) fn validate_strings(config: &Value) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let known_int = |name| attrs::int(config, name).ok().flatten();
    if let Some(length) = known_int("length") {
        if length < 1 {
            diags.push(Diagnostic::error(
                "Invalid value for \"length\"",
                format!("The attribute \"length\" must be at least 1, got {length}."),
            ));
        }
    }
    for name in MINIMUMS {
        if let Some(v) = known_int(name).filter(|v| *v < 0) {
            diags.push(Diagnostic::error(
                format!("Invalid value for {name:?}"),
                format!("The attribute {name:?} must be at least 0, got {v}."),
            ));
        }
    }
    let mins: Option<Vec<i64>> = MINIMUMS
        .iter()
        .map(|n| {
            if attrs::is_set(config, n) {
                known_int(n)
            } else {
                Some(0)
            }
        })
        .collect();
    if let (Some(length), Some(mins)) = (known_int("length"), mins) {
        let sum: i64 = mins.iter().map(|m| m.max(&0)).sum();
        if length < sum {
            diags.push(Diagnostic::error(
                "Invalid value for \"length\"",
                format!(
                    "The attribute \"length\" must be at least the sum of min_upper, min_lower, \
                     min_numeric and min_special ({sum}), got {length}."
                ),
            ));
        }
    }
    let flag = |name| attrs::boolean(config, name).ok().flatten();
    if let (Some(a), Some(b)) = (flag("number"), flag("numeric")) {
        if a != b {
            diags.push(Diagnostic::error(
                "Number and numeric are both configured with different values",
                "The attribute \"number\" is deprecated; set only \"numeric\".",
            ));
        }
    }
    diags
}

/// `override_special` going from `""` to null is no change worth a
/// replacement, as in Terraform's provider.
fn same_string(name: &str) -> Same {
    if name == "override_special" {
        |prior, planned| {
            plan::equal(prior, planned) || (prior.as_str() == Some("") && planned.is_null())
        }
    } else {
        same(name)
    }
}

/// Plans either random string: defaults for the classes and minimums, and
/// `number`/`numeric` each defaulting to the other.
pub(super) fn plan_strings(block: &Block, prior: Option<&Value>, config: &Value) -> Plan {
    let number_cfg = attr(config, "number");
    let numeric_cfg = attr(config, "numeric");
    let or_true = |v: &Value| {
        if v.is_null() {
            Value::Bool(true)
        } else {
            v.clone()
        }
    };
    let mut defaults: Vec<(&str, Value)> = vec![
        ("number", or_true(numeric_cfg)),
        ("numeric", or_true(number_cfg)),
    ];
    defaults.extend(["special", "upper", "lower"].map(|n| (n, Value::Bool(true))));
    defaults.extend(MINIMUMS.map(|n| (n, number(0))));
    plan::standard(block, &defaults, prior, config, same_string)
}

/// The generator's parameters from a planned state.
pub(super) fn params(planned: &Value) -> Result<Params, Diagnostics> {
    let int = |name| -> Result<i64, Diagnostics> { Ok(attrs::int(planned, name)?.unwrap_or(0)) };
    let flag =
        |name| -> Result<bool, Diagnostics> { Ok(attrs::boolean(planned, name)?.unwrap_or(true)) };
    Ok(Params {
        length: int("length")?,
        upper: flag("upper")?,
        lower: flag("lower")?,
        numeric: flag("numeric")?,
        special: flag("special")?,
        min_upper: int("min_upper")?,
        min_lower: int("min_lower")?,
        min_numeric: int("min_numeric")?,
        min_special: int("min_special")?,
        override_special: attrs::string(planned, "override_special")?,
    })
}

/// A random string for `planned`, or a diagnostic saying why there is none.
pub(super) fn generate(planned: &Value) -> Result<String, Diagnostics> {
    let p = params(planned)?;
    chars::generate(&p).map_err(|e| Diagnostic::error("Cannot generate a random string", e).into())
}

/// The state of an imported string: the classes at their defaults, the
/// length that of the imported value.
pub(super) fn imported(block: &Block, id: Value, result: &str) -> Value {
    let mut set = vec![
        ("id", id),
        ("result", Value::string(result)),
        ("length", number(result.len() as i64)),
    ];
    set.extend(["special", "upper", "lower", "number", "numeric"].map(|n| (n, Value::Bool(true))));
    set.extend(MINIMUMS.map(|n| (n, number(0))));
    object(block, set)
}

#[async_trait]
impl Resource for RandomString {
    fn type_name(&self) -> &'static str {
        "random_string"
    }

    fn schema(&self) -> Schema {
        Schema {
            version: 2,
            block: block(),
        }
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        validate_strings(config)
    }

    fn plan(&self, prior: Option<&Value>, config: &Value) -> Result<Plan, Diagnostics> {
        Ok(plan_strings(&block(), prior, config))
    }

    async fn create(&self, planned: &Value) -> Result<Value, Diagnostics> {
        let result = generate(planned)?;
        Ok(with_all(
            planned,
            [
                ("result", Value::string(result.clone())),
                ("id", Value::string(result)),
            ],
        ))
    }

    fn import(&self, id: &str) -> Result<Value, Diagnostics> {
        Ok(imported(&block(), Value::string(id), id))
    }
}
