//! The `local` provider (`hashicorp/local`): files on the machine running
//! Terrace, written by `local_file` and `local_sensitive_file` and read by
//! the data sources of the same names.

mod file;
mod file_data;
mod hashes;
mod sensitive_file;

use crate::provider::{Builtin, Factory};

/// The factory for the `local` provider.
pub(crate) fn factory() -> Factory {
    Factory {
        name: "local",
        source: "hashicorp/local",
        build: || {
            Builtin::new(
                vec![
                    Box::new(file::LocalFile::plain()),
                    Box::new(sensitive_file::resource()),
                ],
                vec![
                    Box::new(file_data::FileData { sensitive: false }),
                    Box::new(file_data::FileData { sensitive: true }),
                ],
            )
        },
    }
}
