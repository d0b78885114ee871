//! Sets of field paths as server-side apply tracks them, with the `FieldsV1` encoding
//! (`f:`, `k:`, `v:`, `i:` keys, `.` for a node that is itself a member).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One step of a path into an object.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Element {
    Field(String),
    /// A list element by its merge keys: (key, JSON of the value), sorted by key.
    Key(Vec<(String, String)>),
    /// A set element by its JSON value.
    Value(String),
    Index(usize),
}

pub type Path = Vec<Element>;

impl Element {
    pub fn key(pairs: Vec<(String, Value)>) -> Element {
        let mut pairs: Vec<(String, String)> =
            pairs.into_iter().map(|(k, v)| (k, to_json(&v))).collect();
        pairs.sort();
        Element::Key(pairs)
    }

    pub fn value(v: &Value) -> Element {
        Element::Value(to_json(v))
    }

    fn encode(&self) -> String {
        match self {
            Element::Field(name) => format!("f:{name}"),
            Element::Key(pairs) => {
                let inner: Vec<String> = pairs
                    .iter()
                    .map(|(k, v)| format!("{}:{v}", to_json(&Value::String(k.clone()))))
                    .collect();
                format!("k:{{{}}}", inner.join(","))
            }
            Element::Value(v) => format!("v:{v}"),
            Element::Index(i) => format!("i:{i}"),
        }
    }

    fn decode(s: &str) -> Option<Element> {
        let (prefix, rest) = s.split_at_checked(2)?;
        match prefix {
            "f:" => Some(Element::Field(rest.to_string())),
            "v:" => serde_json::from_str::<Value>(rest)
                .ok()
                .map(|v| Element::value(&v)),
            "i:" => rest.parse().ok().map(Element::Index),
            "k:" => match serde_json::from_str::<Value>(rest).ok()? {
                Value::Object(m) => Some(Element::key(m.into_iter().collect())),
                _ => None,
            },
            _ => None,
        }
    }
}

fn to_json(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// `.spec.template.spec.containers[name="web"].image`, as conflict messages print paths.
pub fn display(path: &[Element]) -> String {
    let mut out = String::new();
    for e in path {
        match e {
            Element::Field(name) => {
                out.push('.');
                out.push_str(name);
            }
            Element::Key(pairs) => {
                let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                out.push_str(&format!("[{}]", inner.join(",")));
            }
            Element::Value(v) => out.push_str(&format!("[={v}]")),
            Element::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// A tree of paths; a node is in the set when `member` is true.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldSet {
    member: bool,
    children: BTreeMap<Element, FieldSet>,
}

impl FieldSet {
    pub fn insert(&mut self, path: &[Element]) {
        match path.split_first() {
            None => self.member = true,
            Some((first, rest)) => self.children.entry(first.clone()).or_default().insert(rest),
        }
    }

    pub fn contains(&self, path: &[Element]) -> bool {
        match path.split_first() {
            None => self.member,
            Some((first, rest)) => self.children.get(first).is_some_and(|c| c.contains(rest)),
        }
    }

    /// True when `path` or anything below it is a member.
    pub fn touches(&self, path: &[Element]) -> bool {
        match path.split_first() {
            None => !self.is_empty(),
            Some((first, rest)) => self.children.get(first).is_some_and(|c| c.touches(rest)),
        }
    }

    pub fn remove(&mut self, path: &[Element]) {
        match path.split_first() {
            None => self.member = false,
            Some((first, rest)) => {
                if let Some(child) = self.children.get_mut(first) {
                    child.remove(rest);
                    if child.is_empty() {
                        self.children.remove(first);
                    }
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.member && self.children.values().all(FieldSet::is_empty)
    }

    /// Every member path, parents before their children.
    pub fn members(&self) -> Vec<Path> {
        let mut out = Vec::new();
        self.collect(&mut Vec::new(), &mut out);
        out
    }

    fn collect(&self, prefix: &mut Path, out: &mut Vec<Path>) {
        if self.member {
            out.push(prefix.clone());
        }
        for (e, child) in &self.children {
            prefix.push(e.clone());
            child.collect(prefix, out);
            prefix.pop();
        }
    }

    pub fn union(&mut self, other: &FieldSet) {
        for p in other.members() {
            self.insert(&p);
        }
    }

    pub fn difference(&self, other: &FieldSet) -> FieldSet {
        let mut out = FieldSet::default();
        for p in self.members() {
            if !other.contains(&p) {
                out.insert(&p);
            }
        }
        out
    }

    pub fn to_fields_v1(&self) -> Value {
        let mut m = Map::new();
        if self.member && !self.children.is_empty() {
            m.insert(".".into(), Value::Object(Map::new()));
        }
        for (e, child) in &self.children {
            if !child.is_empty() {
                m.insert(e.encode(), child.to_fields_v1());
            }
        }
        Value::Object(m)
    }

    pub fn from_fields_v1(v: &Value) -> FieldSet {
        let mut set = FieldSet::default();
        if let Value::Object(m) = v {
            if m.is_empty() {
                set.member = true;
            }
            for (k, child) in m {
                if k == "." {
                    set.member = true;
                } else if let Some(e) = Element::decode(k) {
                    set.children.insert(e, FieldSet::from_fields_v1(child));
                }
            }
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fields_v1_round_trips_with_keys_values_and_dot() {
        let v1 = json!({
            "f:metadata": {"f:finalizers": {"v:\"a\"": {}}},
            "f:spec": {
                "f:replicas": {},
                "f:ports": {"k:{\"port\":80,\"protocol\":\"TCP\"}": {".": {}, "f:port": {}}}
            }
        });
        let set = FieldSet::from_fields_v1(&v1);
        assert_eq!(set.to_fields_v1(), v1);
        let element = vec![
            Element::Field("spec".into()),
            Element::Field("ports".into()),
            Element::key(vec![
                ("protocol".into(), json!("TCP")),
                ("port".into(), json!(80)),
            ]),
        ];
        assert!(set.contains(&element));
        assert_eq!(display(&element), ".spec.ports[port=80,protocol=\"TCP\"]");
        assert!(set.contains(&[
            Element::Field("metadata".into()),
            Element::Field("finalizers".into()),
            Element::value(&json!("a"))
        ]));
        assert!(!set.contains(&[Element::Field("spec".into())]));
        assert!(set.touches(&[Element::Field("spec".into())]));
    }

    #[test]
    fn difference_and_remove_prune_empty_nodes() {
        let mut a = FieldSet::default();
        let replicas = vec![
            Element::Field("spec".into()),
            Element::Field("replicas".into()),
        ];
        let paused = vec![
            Element::Field("spec".into()),
            Element::Field("paused".into()),
        ];
        a.insert(&replicas);
        a.insert(&paused);
        let mut b = FieldSet::default();
        b.insert(&paused);
        assert_eq!(a.difference(&b).members(), vec![replicas.clone()]);
        a.remove(&replicas);
        a.remove(&paused);
        assert!(a.is_empty());
        assert_eq!(a.to_fields_v1(), json!({}));
    }
}
