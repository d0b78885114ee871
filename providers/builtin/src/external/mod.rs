//! The `external` provider (`hashicorp/external`): the `external` data
//! source, which runs a program and reads its answer.

mod data;

use crate::provider::{Builtin, Factory};

/// The factory for the `external` provider.
pub(crate) fn factory() -> Factory {
    Factory {
        name: "external",
        source: "hashicorp/external",
        build: || Builtin::new(Vec::new(), vec![Box::new(data::External)]),
    }
}
