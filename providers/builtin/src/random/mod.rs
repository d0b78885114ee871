//! The `random` provider (`hashicorp/random`): values chosen once at create
//! time and kept in state until a `keepers` entry or any argument changes.

mod chars;
mod id;
mod integer;
mod password;
mod pet;
mod pet_words;
mod string;
mod uuid;

use terrace_provider_sdk::{Attribute, Type};

use crate::plan::{self, Same};
use crate::provider::{Builtin, Factory};

/// The factory for the `random` provider.
pub(crate) fn factory() -> Factory {
    Factory {
        name: "random",
        source: "hashicorp/random",
        build: || {
            Builtin::new(
                vec![
                    Box::new(string::RandomString),
                    Box::new(password::RandomPassword),
                    Box::new(id::RandomId),
                    Box::new(integer::RandomInteger),
                    Box::new(uuid::RandomUuid),
                    Box::new(pet::RandomPet),
                ],
                Vec::new(),
            )
        },
    }
}

/// The `keepers` attribute every random resource has.
fn keepers() -> (&'static str, Attribute) {
    (
        "keepers",
        Attribute::optional(Type::map(Type::String))
            .force_new()
            .describe(
            "Arbitrary values that, when changed, replace the resource with a new random value.",
        ),
    )
}

/// How each attribute's change is judged: `keepers` ignores null-valued
/// keys, everything else compares exactly.
fn same(name: &str) -> Same {
    if name == "keepers" {
        plan::map_values_not_null
    } else {
        plan::equal
    }
}
