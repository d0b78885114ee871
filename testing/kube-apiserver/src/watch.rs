//! WATCH as a stream of JSON lines: the objects present first (ADDED, or those changed since
//! the given resourceVersion), then ADDED/MODIFIED/DELETED as the store changes, until
//! `timeoutSeconds` passes. Changes are found by polling, so rapid successive writes to one
//! object may arrive as a single MODIFIED event.

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::time::{Duration, Instant};

use futures::stream::{self, Stream};
use serde_json::{json, Value};

use crate::handler::{self, Request};
use crate::server::{lock, Shared};

type Snapshot = BTreeMap<(String, String), Value>;

fn key(o: &Value) -> (String, String) {
    let m = &o["metadata"];
    (
        m["namespace"].as_str().unwrap_or_default().to_string(),
        m["name"].as_str().unwrap_or_default().to_string(),
    )
}

fn rv(o: &Value) -> u64 {
    o["metadata"]["resourceVersion"]
        .as_str()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}

fn event(kind: &str, o: &Value) -> String {
    format!("{}\n", json!({"type": kind, "object": o}))
}

struct Watch {
    shared: Shared,
    request: Request,
    seen: Snapshot,
    pending: VecDeque<String>,
    deadline: Instant,
}

/// The event stream of a started watch; `objects` is what `handler::start_watch` returned.
pub fn stream(
    shared: Shared,
    request: Request,
    objects: Vec<Value>,
) -> impl Stream<Item = Result<String, Infallible>> {
    let since: u64 = request
        .query
        .iter()
        .find(|(k, _)| k == "resourceVersion")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let timeout = request
        .query
        .iter()
        .find(|(k, _)| k == "timeoutSeconds")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1800u64);
    let mut pending = VecDeque::new();
    let mut seen = Snapshot::new();
    for o in objects {
        if since == 0 {
            pending.push_back(event("ADDED", &o));
        } else if rv(&o) > since {
            pending.push_back(event("MODIFIED", &o));
        }
        seen.insert(key(&o), o);
    }
    let watch = Watch {
        shared,
        request,
        seen,
        pending,
        deadline: Instant::now() + Duration::from_secs(timeout),
    };
    stream::unfold(watch, |mut w| async move {
        loop {
            if let Some(line) = w.pending.pop_front() {
                return Some((Ok(line), w));
            }
            if Instant::now() >= w.deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            let now = {
                let state = lock(&w.shared);
                handler::watch_snapshot(&state, &w.request)
            };
            let Ok(now) = now else { return None };
            let current: Snapshot = now.into_iter().map(|o| (key(&o), o)).collect();
            for (k, o) in &current {
                match w.seen.get(k) {
                    None => w.pending.push_back(event("ADDED", o)),
                    Some(old) if rv(old) != rv(o) => w.pending.push_back(event("MODIFIED", o)),
                    Some(_) => {}
                }
            }
            for (k, o) in &w.seen {
                if !current.contains_key(k) {
                    w.pending.push_back(event("DELETED", o));
                }
            }
            w.seen = current;
        }
    })
}
