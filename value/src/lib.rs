//! The data every layer of Terrace shares: values that may be unknown or
//! sensitive at any depth, Terraform's type system and conversion rules, and
//! diagnostics. It knows nothing about HCL syntax, providers or state storage.

mod convert;
mod diagnostic;
mod json;
mod marks;
mod number;
mod path;
mod types;
mod unify;
mod value;

pub use convert::{convert, ConversionError};
pub use diagnostic::{Diagnostic, Diagnostics, Pos, Severity, SourceRange};
pub use json::{type_from_json, type_to_json, value_from_json, value_to_json, JsonError};
pub use marks::Marks;
pub use number::{Number, NumberError};
pub use path::{Path, PathStep};
pub use types::{ObjectType, Type};
pub use unify::unify;
pub use value::Value;
