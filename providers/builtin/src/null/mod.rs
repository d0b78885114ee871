//! The `null` provider (`hashicorp/null`): `null_resource`, a resource that
//! does nothing but can be replaced on demand.

mod resource;

use crate::provider::{Builtin, Factory};

/// The factory for the `null` provider.
pub(crate) fn factory() -> Factory {
    Factory {
        name: "null",
        source: "hashicorp/null",
        build: || Builtin::new(vec![Box::new(resource::NullResource)], Vec::new()),
    }
}
