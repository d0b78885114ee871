//! Type constraints as written in `variable` blocks: `string`,
//! `list(object({ name = string, port = optional(number, 80) }))`, `any`.
//! Optional attributes may carry defaults, applied after conversion.

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::Span;
use terrace_value::{convert, Diagnostic, Diagnostics, ObjectType, Type, Value};

use crate::lang::eval::Evaluator;
use crate::lang::scope::EvalContext;
use crate::lang::source::SourceFile;

/// Defaults for optional attributes, at any depth of a type constraint.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Defaults {
    /// Default values of this object's optional attributes.
    pub attrs: BTreeMap<String, Value>,
    /// Defaults inside this object's attributes.
    pub children: BTreeMap<String, Defaults>,
    /// Defaults inside each element of a collection.
    pub elements: Option<Box<Defaults>>,
    /// Defaults inside each element of a tuple.
    pub tuple: Vec<Defaults>,
}

impl Defaults {
    fn is_empty(&self) -> bool {
        self.attrs.is_empty()
            && self.children.is_empty()
            && self.elements.is_none()
            && self.tuple.iter().all(Defaults::is_empty)
    }

    /// Replaces nulls in optional attributes of `value` (already converted to
    /// its constraint) with their defaults.
    pub fn apply(&self, value: Value, ty: &Type) -> Value {
        if self.is_empty() || value.is_null() || !value.is_known() {
            return value;
        }
        let (value, marks) = value.unmark();
        let out = match (value, ty) {
            (Value::Object(mut attrs), Type::Object(ot)) => {
                for (name, default) in &self.attrs {
                    let t = ot.attrs.get(name).unwrap_or(&Type::Dynamic);
                    if attrs.get(name).is_some_and(Value::is_null) {
                        if let Ok(v) = convert(default, t) {
                            attrs.insert(name.clone(), v);
                        }
                    }
                }
                for (name, child) in &self.children {
                    if let (Some(v), Some(t)) = (attrs.remove(name), ot.attrs.get(name)) {
                        attrs.insert(name.clone(), child.apply(v, t));
                    }
                }
                Value::Object(attrs)
            }
            (Value::List(et, vs), Type::List(t)) => Value::List(et, self.each(vs, t)),
            (Value::Set(et, vs), Type::Set(t)) => Value::set(et, self.each(vs, t)),
            (Value::Map(et, m), Type::Map(t)) => {
                let d = self.elements.as_deref();
                Value::Map(
                    et,
                    m.into_iter()
                        .map(|(k, v)| (k, d.map_or(v.clone(), |d| d.apply(v, t))))
                        .collect(),
                )
            }
            (Value::Tuple(vs), Type::Tuple(ts)) => Value::Tuple(
                vs.into_iter()
                    .enumerate()
                    .map(|(i, v)| match (self.tuple.get(i), ts.get(i)) {
                        (Some(d), Some(t)) => d.apply(v, t),
                        _ => v,
                    })
                    .collect(),
            ),
            (v, _) => v,
        };
        out.mark(marks)
    }

    fn each(&self, vs: Vec<Value>, t: &Type) -> Vec<Value> {
        match self.elements.as_deref() {
            Some(d) => vs.into_iter().map(|v| d.apply(v, t)).collect(),
            None => vs,
        }
    }
}

/// A parsed type constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeConstraint {
    /// The type values are converted to.
    pub ty: Type,
    /// Defaults of optional attributes.
    pub defaults: Defaults,
}

impl TypeConstraint {
    /// `any`, the constraint of a variable without `type`.
    pub fn any() -> TypeConstraint {
        TypeConstraint {
            ty: Type::Dynamic,
            defaults: Defaults::default(),
        }
    }

    /// Converts `value` to this constraint and applies defaults.
    pub fn apply(&self, value: &Value) -> Result<Value, terrace_value::ConversionError> {
        let converted = convert(value, &self.ty)?;
        Ok(self.defaults.apply(converted, &self.ty))
    }
}

/// Parses a type constraint expression.
pub fn parse(file: &SourceFile, expr: &Expression) -> Result<TypeConstraint, Diagnostics> {
    let mut defaults = Defaults::default();
    let ty = parse_type(file, expr, &mut defaults, false)?;
    Ok(TypeConstraint { ty, defaults })
}

fn invalid(file: &SourceFile, expr: &Expression, detail: impl Into<String>) -> Diagnostics {
    let d = Diagnostic::error("Invalid type specification", detail);
    match expr.span() {
        Some(s) => d.at(file.range(s)).into(),
        None => d.into(),
    }
}

fn parse_type(
    file: &SourceFile,
    expr: &Expression,
    defaults: &mut Defaults,
    in_object: bool,
) -> Result<Type, Diagnostics> {
    match expr {
        Expression::Variable(v) => match v.as_str() {
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            "any" => Ok(Type::Dynamic),
            "list" | "map" | "set" => Err(invalid(file, expr, format!("The {} type constructor requires one argument specifying the element type.", v.as_str()))),
            other => Err(invalid(file, expr, format!("The keyword {other:?} is not a valid type specification."))),
        },
        Expression::String(_) | Expression::StringTemplate(_) => Err(Diagnostics::from(Diagnostic::error(
            "Invalid quoted type constraints",
            "Terraform 0.11 and earlier required type constraints to be given in quotes, but that form is now deprecated and will be removed in a future version of Terraform. Remove the quotes around this type constraint.",
        )
        .at(file.range(expr.span().unwrap_or(0..0))))),
        Expression::Parenthesis(p) => parse_type(file, p.inner(), defaults, in_object),
        Expression::FuncCall(call) => {
            let name = call.name.name.as_str();
            let args: Vec<&Expression> = call.args.iter().collect();
            match (name, args.as_slice()) {
                ("list" | "set" | "map", [elem]) => {
                    let mut child = Defaults::default();
                    let et = parse_type(file, elem, &mut child, false)?;
                    if !child.is_empty() {
                        defaults.elements = Some(Box::new(child));
                    }
                    Ok(match name {
                        "list" => Type::list(et),
                        "set" => Type::set(et),
                        _ => Type::map(et),
                    })
                }
                ("tuple", [Expression::Array(items)]) => {
                    let mut ts = Vec::new();
                    for item in items.iter() {
                        let mut child = Defaults::default();
                        ts.push(parse_type(file, item, &mut child, false)?);
                        defaults.tuple.push(child);
                    }
                    Ok(Type::Tuple(ts))
                }
                ("object", [Expression::Object(obj)]) => {
                    let mut ot = ObjectType::default();
                    for (key, value) in obj.iter() {
                        let name = match key {
                            ObjectKey::Ident(i) => i.as_str().to_string(),
                            ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                            ObjectKey::Expression(e) => return Err(invalid(file, e, "Object constructor map keys must be attribute names.")),
                        };
                        let mut child = Defaults::default();
                        let (t, optional) = parse_attr(file, value.expr(), &mut child, defaults, &name)?;
                        if optional {
                            ot.optional.insert(name.clone());
                        }
                        if !child.is_empty() {
                            defaults.children.insert(name.clone(), child);
                        }
                        ot.attrs.insert(name, t);
                    }
                    Ok(Type::Object(ot))
                }
                ("optional", _) if !in_object => Err(invalid(file, expr, "Keyword \"optional\" is valid only as a modifier for object type attributes.")),
                ("list" | "set" | "map", _) => Err(invalid(file, expr, format!("The {name} type constructor requires one argument specifying the element type."))),
                ("tuple", _) => Err(invalid(file, expr, "The tuple type constructor requires one argument specifying the element types as a list.")),
                ("object", _) => Err(invalid(file, expr, "The object type constructor requires one argument specifying the attribute types as a map.")),
                _ => Err(invalid(file, expr, format!("Keyword {name:?} is not a valid type constructor."))),
            }
        }
        _ => Err(invalid(file, expr, "A type specification is either a primitive type keyword (bool, number, string) or a complex type constructor call, like list(string).")),
    }
}

/// An object attribute's type, which may be `optional(T)` or `optional(T, default)`.
fn parse_attr(
    file: &SourceFile,
    expr: &Expression,
    child: &mut Defaults,
    parent: &mut Defaults,
    name: &str,
) -> Result<(Type, bool), Diagnostics> {
    let Expression::FuncCall(call) = expr else {
        return Ok((parse_type(file, expr, child, true)?, false));
    };
    if call.name.name.as_str() != "optional" {
        return Ok((parse_type(file, expr, child, true)?, false));
    }
    let args: Vec<&Expression> = call.args.iter().collect();
    match args.as_slice() {
        [t] => Ok((parse_type(file, t, child, true)?, true)),
        [t, default] => {
            let ty = parse_type(file, t, child, true)?;
            let ctx = EvalContext::default();
            let value = Evaluator::new(file, &ctx).eval(default)?;
            let value = convert(&value, &ty).map_err(|e| invalid(file, default, format!("Invalid default value for optional attribute: {e}.")))?;
            let value = child.apply(value, &ty);
            parent.attrs.insert(name.to_string(), value);
            Ok((ty, true))
        }
        _ => Err(invalid(file, expr, "Optional attribute modifier expects at most two arguments: the attribute type, and a default value.")),
    }
}
