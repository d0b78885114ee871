//! Building blocks for providers that talk to a server: a `Provider` made of
//! resource types and data sources sharing one configured client, typed
//! attribute access with diagnostics that name the attribute, and the usual
//! planning pass.

mod attrs;
mod plan;
mod router;

pub use attrs::*;
pub use plan::{equal, proposed, standard};
pub use router::{DataSource, Plan, Resource, Router};
