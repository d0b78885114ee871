//! Terraform's built-in function library. Each group lives in its own file and
//! contributes a list of [`Function`]s; [`lookup`] finds one by name.

mod call;
mod collection;
mod collection_equal;
mod collection_maps;
mod collection_seq;
mod collection_sets;
#[cfg(test)]
mod collection_tests;
mod conversion;
#[cfg(test)]
mod conversion_tests;
mod crypto;
mod crypto_rsa;
mod csv_decode;
mod datetime;
mod encoding;
mod fileset_glob;
mod filesystem;
mod go_duration;
mod go_ip;
mod go_path;
pub mod go_quote;
mod go_time;
mod gzip;
mod json_codec;
mod network;
mod numeric;
mod string;
#[cfg(test)]
pub(crate) mod test_support;
mod text_codepages;
mod text_encodings;
mod yaml_decode;
mod yaml_encode;
mod yaml_resolve;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use terrace_value::{Type, Value};

pub use call::{call, CallError};

/// What a function may use besides its arguments.
pub struct FuncContext<'a> {
    /// The directory relative paths are resolved against (`path.module`).
    pub base_dir: PathBuf,
    /// The timestamp of this run, in RFC 3339, for `plantimestamp()`.
    pub plan_timestamp: String,
    /// Whether this is a plan, where impure functions give unknown results.
    pub planning: bool,
    /// Renders a template's source with the given variables, for `templatefile`.
    pub render_template: &'a dyn Fn(&str, &str, &Value) -> Result<Value, String>,
}

/// Why a function call failed; `arg` is the index of the argument at fault.
#[derive(Debug, Clone, PartialEq)]
pub struct FuncError {
    /// The argument the error is about, if it is about one.
    pub arg: Option<usize>,
    /// What went wrong.
    pub message: String,
}

impl FuncError {
    /// An error about the argument at `index`.
    pub fn arg(index: usize, message: impl Into<String>) -> FuncError {
        FuncError {
            arg: Some(index),
            message: message.into(),
        }
    }

    /// An error about the call as a whole.
    pub fn call(message: impl Into<String>) -> FuncError {
        FuncError {
            arg: None,
            message: message.into(),
        }
    }
}

/// The implementation: receives arguments already converted to the parameter
/// types (and, unless a parameter allows them, known, non-null and unmarked).
pub type FuncImpl = fn(&FuncContext<'_>, &[Value]) -> Result<Value, FuncError>;

/// One parameter of a function.
#[derive(Clone, Debug)]
pub struct Param {
    /// The name used in error messages.
    pub name: &'static str,
    /// The type arguments are converted to (`Type::Dynamic` for any).
    pub ty: Type,
    /// Whether null is accepted (otherwise it is an error).
    pub allow_null: bool,
    /// Whether unknown values are passed in (otherwise the result is unknown).
    pub allow_unknown: bool,
    /// Whether marked values are passed in (otherwise marks are removed and
    /// put on the result).
    pub allow_marked: bool,
    /// Whether only the argument's own marks move to the result, leaving
    /// marks on its elements in place (for functions such as `length` that
    /// look at a collection's shape, not at its elements).
    pub shallow_marks: bool,
}

impl Param {
    /// A parameter of type `ty` that rejects null and short-circuits unknowns.
    pub fn new(name: &'static str, ty: Type) -> Param {
        Param {
            name,
            ty,
            allow_null: false,
            allow_unknown: false,
            allow_marked: false,
            shallow_marks: false,
        }
    }

    /// This parameter, also accepting null.
    pub fn nullable(mut self) -> Param {
        self.allow_null = true;
        self
    }

    /// This parameter, also receiving unknown values.
    pub fn unknowns(mut self) -> Param {
        self.allow_unknown = true;
        self
    }

    /// This parameter, moving only the argument's own marks to the result.
    pub fn shallow_marks(mut self) -> Param {
        self.shallow_marks = true;
        self
    }

    /// This parameter, receiving values with their marks.
    pub fn marked(mut self) -> Param {
        self.allow_marked = true;
        self
    }
}

/// A built-in function.
#[derive(Clone, Debug)]
pub struct Function {
    /// The name it is called by.
    pub name: &'static str,
    /// Fixed parameters.
    pub params: Vec<Param>,
    /// The parameter repeated for any further arguments, if variadic.
    pub variadic: Option<Param>,
    /// The result type when it does not depend on the arguments; the result
    /// of a call with unknown arguments is an unknown of this type.
    pub returns: Type,
    /// The implementation.
    pub imp: FuncImpl,
    /// Whether each call may give a different result (`timestamp`, `uuid`),
    /// so that during planning the result is unknown.
    pub impure: bool,
}

impl Function {
    /// A function with fixed parameters.
    pub fn new(name: &'static str, params: Vec<Param>, returns: Type, imp: FuncImpl) -> Function {
        Function {
            name,
            params,
            variadic: None,
            returns,
            imp,
            impure: false,
        }
    }

    /// This function, giving a new result on every call.
    pub fn impure(mut self) -> Function {
        self.impure = true;
        self
    }

    /// This function, taking any number of further arguments like `param`.
    pub fn variadic(mut self, param: Param) -> Function {
        self.variadic = Some(param);
        self
    }
}

fn registry() -> &'static HashMap<&'static str, Function> {
    static REGISTRY: OnceLock<HashMap<&'static str, Function>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let groups = [
            collection::functions(),
            conversion::functions(),
            crypto::functions(),
            crypto_rsa::functions(),
            datetime::functions(),
            encoding::functions(),
            filesystem::functions(),
            network::functions(),
            numeric::functions(),
            string::functions(),
        ];
        groups.into_iter().flatten().map(|f| (f.name, f)).collect()
    })
}

/// The built-in function called `name`.
pub fn lookup(name: &str) -> Option<&'static Function> {
    registry().get(name)
}

/// Every built-in function's name, sorted.
pub fn names() -> Vec<&'static str> {
    let mut names: Vec<_> = registry().keys().copied().collect();
    names.sort_unstable();
    names
}
