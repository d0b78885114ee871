//! Type unification: the one type that several values can all be converted
//! to, as needed by conditionals and by collections built from mixed values.

use std::collections::{BTreeMap, BTreeSet};

use crate::Type;

/// The common type of `types`, or `None` when there is none.
pub fn unify(types: &[Type]) -> Option<Type> {
    let Some(first) = types.first() else {
        return Some(Type::Dynamic);
    };
    if types.iter().all(|t| t == first) {
        return Some(first.clone());
    }
    if types.contains(&Type::Dynamic) {
        return Some(Type::Dynamic);
    }
    if types.iter().all(Type::is_primitive) {
        return unify_primitives(types);
    }
    if types.iter().all(|t| matches!(t, Type::List(_))) {
        return unify_elements(types).map(Type::list);
    }
    if types.iter().all(|t| matches!(t, Type::Set(_))) {
        return unify_elements(types).map(Type::set);
    }
    if types.iter().all(|t| matches!(t, Type::Object(_) | Type::Map(_))) {
        return unify_objects(types);
    }
    if types.iter().all(|t| matches!(t, Type::Tuple(_) | Type::List(_))) {
        return unify_sequences(types);
    }
    None
}

fn unify_primitives(types: &[Type]) -> Option<Type> {
    if types.contains(&Type::String) {
        Some(Type::String)
    } else {
        None
    }
}

fn unify_elements(types: &[Type]) -> Option<Type> {
    let elems: Vec<Type> = types.iter().filter_map(|t| t.element_type().cloned()).collect();
    unify(&elems)
}

fn unify_objects(types: &[Type]) -> Option<Type> {
    let objects: Vec<&BTreeMap<String, Type>> = types
        .iter()
        .filter_map(|t| match t {
            Type::Object(o) => Some(&o.attrs),
            _ => None,
        })
        .collect();
    if objects.len() == types.len() {
        let names: BTreeSet<&String> = objects[0].keys().collect();
        if objects.iter().all(|o| o.keys().collect::<BTreeSet<_>>() == names) {
            let mut attrs = BTreeMap::new();
            for name in names {
                let ts: Vec<Type> = objects.iter().map(|o| o[name].clone()).collect();
                attrs.insert(name.clone(), unify(&ts)?);
            }
            return Some(Type::object(attrs));
        }
    }
    let mut elems = Vec::new();
    for t in types {
        match t {
            Type::Object(o) => elems.extend(o.attrs.values().cloned()),
            Type::Map(e) => elems.push((**e).clone()),
            _ => return None,
        }
    }
    unify(&elems).map(Type::map)
}

fn unify_sequences(types: &[Type]) -> Option<Type> {
    let tuples: Vec<&Vec<Type>> = types
        .iter()
        .filter_map(|t| match t {
            Type::Tuple(ts) => Some(ts),
            _ => None,
        })
        .collect();
    if tuples.len() == types.len() && tuples.iter().all(|t| t.len() == tuples[0].len()) {
        let mut out = Vec::new();
        for i in 0..tuples[0].len() {
            let ts: Vec<Type> = tuples.iter().map(|t| t[i].clone()).collect();
            out.push(unify(&ts)?);
        }
        return Some(Type::Tuple(out));
    }
    let mut elems = Vec::new();
    for t in types {
        match t {
            Type::Tuple(ts) => elems.extend(ts.iter().cloned()),
            Type::List(e) => elems.push((**e).clone()),
            _ => return None,
        }
    }
    unify(&elems).map(Type::list)
}
