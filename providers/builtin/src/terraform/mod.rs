//! The `terraform` provider (`terraform.io/builtin/terraform`), which
//! Terraform ships inside its own binary: the `terraform_data` resource.

mod data;

use crate::provider::{Builtin, Factory};

/// The factory for the `terraform` provider.
pub(crate) fn factory() -> Factory {
    Factory {
        name: "terraform",
        source: "terraform.io/builtin/terraform",
        build: || Builtin::new(vec![Box::new(data::TerraformData)], Vec::new()),
    }
}
