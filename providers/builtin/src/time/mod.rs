//! The `time` provider (`hashicorp/time`): `time_sleep`, which waits on
//! create and destroy, and `time_static`, a timestamp fixed at create time.

mod duration;
mod sleep;
mod static_time;

use crate::provider::{Builtin, Factory};

/// The factory for the `time` provider.
pub(crate) fn factory() -> Factory {
    Factory {
        name: "time",
        source: "hashicorp/time",
        build: || {
            Builtin::new(
                vec![
                    Box::new(sleep::TimeSleep),
                    Box::new(static_time::TimeStatic),
                ],
                Vec::new(),
            )
        },
    }
}

/// Now, in UTC, as RFC 3339 to the second (`2020-02-12T06:36:13Z`), the
/// form the time provider stores.
fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
