//! Reading and removing values of an object at field-set paths.

use serde_json::Value;

use crate::fieldset::Element;
use crate::schema;

fn matches_key(item: &Value, pairs: &[(String, String)]) -> bool {
    pairs.iter().all(|(k, v)| {
        let actual = schema::key_value(item, k);
        serde_json::from_str::<Value>(v).is_ok_and(|want| json_eq(&actual, &want))
    })
}

/// Equality that treats numbers by value (`80` equals `80.0`'s integer spelling is not needed here).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.to_string() == y.to_string() || x.as_f64() == y.as_f64()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

fn step<'a>(v: &'a Value, e: &Element) -> Option<&'a Value> {
    match (e, v) {
        (Element::Field(name), Value::Object(m)) => m.get(name),
        (Element::Key(pairs), Value::Array(items)) => items.iter().find(|i| matches_key(i, pairs)),
        (Element::Value(want), Value::Array(items)) => {
            let want: Value = serde_json::from_str(want).ok()?;
            items.iter().find(|i| json_eq(i, &want))
        }
        (Element::Index(i), Value::Array(items)) => items.get(*i),
        _ => None,
    }
}

pub fn get<'a>(v: &'a Value, path: &[Element]) -> Option<&'a Value> {
    path.iter().try_fold(v, step)
}

/// Removes the value at `path`; parents left empty by it stay (as the real server leaves them).
pub fn remove(v: &mut Value, path: &[Element]) {
    let Some((last, parent_path)) = path.split_last() else {
        return;
    };
    let mut cur = v;
    for e in parent_path {
        let next = match (e, cur) {
            (Element::Field(name), Value::Object(m)) => m.get_mut(name),
            (Element::Key(pairs), Value::Array(items)) => {
                items.iter_mut().find(|i| matches_key(i, pairs))
            }
            (Element::Index(i), Value::Array(items)) => items.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return,
        }
    }
    match (last, cur) {
        (Element::Field(name), Value::Object(m)) => {
            m.shift_remove(name);
        }
        (Element::Key(pairs), Value::Array(items)) => items.retain(|i| !matches_key(i, pairs)),
        (Element::Value(want), Value::Array(items)) => {
            if let Ok(want) = serde_json::from_str::<Value>(want) {
                items.retain(|i| !json_eq(i, &want));
            }
        }
        (Element::Index(i), Value::Array(items)) if *i < items.len() => {
            items.remove(*i);
        }
        _ => {}
    }
}
