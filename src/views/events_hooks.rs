//! The events of work on one instance (`apply_start`, `apply_progress`,
//! `apply_complete`, `apply_errored`, `refresh_start`, `refresh_complete`):
//! the `hook` object naming the instance, its action, its id when that is
//! safe to show, and the time spent.

use serde_json::{json, Map, Value as Json};
use terrace_value::Value;

use super::events::{resource_json, Event, Level};
use crate::addrs::AbsResourceInstance;

/// What an apply hook is doing to an instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookAction {
    /// Creating.
    Create,
    /// Updating in place.
    Update,
    /// Destroying.
    Delete,
    /// Reading a data source.
    Read,
}

impl HookAction {
    fn name(self) -> &'static str {
        match self {
            HookAction::Create => "create",
            HookAction::Update => "update",
            HookAction::Delete => "delete",
            HookAction::Read => "read",
        }
    }

    /// (`Creating`, `creating`, `Creation`) and so on.
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            HookAction::Create => ("Creating", "creating", "Creation"),
            HookAction::Update => ("Modifying", "modifying", "Modifications"),
            HookAction::Delete => ("Destroying", "destroying", "Destruction"),
            HookAction::Read => ("Reading", "reading", "Read"),
        }
    }
}

/// The `id` of an object, when it is a known string that is not sensitive.
pub fn object_id(object: &Value) -> Option<String> {
    let id = object.as_entries()?.get("id")?;
    if id.has_marks_deep() || object.is_sensitive() {
        return None;
    }
    id.as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

/// Go's duration text for whole seconds: `0s`, `10s`, `1m10s`, `1h0m5s`.
pub fn elapsed_text(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}h{m}m{s}s")
    } else if m > 0 {
        format!("{m}m{s}s")
    } else {
        format!("{s}s")
    }
}

fn hook(
    addr: &AbsResourceInstance,
    action: Option<HookAction>,
    id: Option<&str>,
    elapsed: Option<u64>,
) -> Json {
    let mut out = Map::new();
    out.insert("resource".into(), resource_json(addr));
    if let Some(a) = action {
        out.insert("action".into(), json!(a.name()));
    }
    if let Some(id) = id {
        out.insert("id_key".into(), json!("id"));
        out.insert("id_value".into(), json!(id));
    }
    if let Some(e) = elapsed {
        out.insert("elapsed_seconds".into(), json!(e));
    }
    Json::Object(out)
}

fn id_suffix(id: Option<&str>) -> String {
    id.map(|id| format!(" [id={id}]")).unwrap_or_default()
}

/// `apply_start`; `prior` is the object before (for its id), if any.
pub fn apply_start(addr: &AbsResourceInstance, action: HookAction, prior: Option<&Value>) -> Event {
    // A create starts from nothing, even when it replaces an object.
    let id = prior
        .filter(|_| action != HookAction::Create)
        .and_then(object_id);
    let id = id.as_deref();
    Event::new(
        Level::Info,
        format!("{addr}: {}...{}", action.words().0, id_suffix(id)),
        "apply_start",
        vec![("hook", hook(addr, Some(action), id, None))],
    )
}

/// `apply_progress`: still working after `elapsed` seconds.
pub fn apply_progress(addr: &AbsResourceInstance, action: HookAction, elapsed: u64) -> Event {
    Event::new(
        Level::Info,
        format!(
            "{addr}: Still {}... [{} elapsed]",
            action.words().1,
            elapsed_text(elapsed)
        ),
        "apply_progress",
        vec![("hook", hook(addr, Some(action), None, Some(elapsed)))],
    )
}

/// `apply_complete`; `new` is the object after (for its id), if any.
pub fn apply_complete(
    addr: &AbsResourceInstance,
    action: HookAction,
    new: Option<&Value>,
    elapsed: u64,
) -> Event {
    let id = if action == HookAction::Delete {
        None
    } else {
        new.and_then(object_id)
    };
    let id = id.as_deref();
    Event::new(
        Level::Info,
        format!(
            "{addr}: {} complete after {}{}",
            action.words().2,
            elapsed_text(elapsed),
            id_suffix(id)
        ),
        "apply_complete",
        vec![("hook", hook(addr, Some(action), id, Some(elapsed)))],
    )
}

/// `apply_errored`: the provider failed after `elapsed` seconds.
pub fn apply_errored(addr: &AbsResourceInstance, action: HookAction, elapsed: u64) -> Event {
    Event::new(
        Level::Error,
        format!(
            "{addr}: {} errored after {}",
            action.words().2,
            elapsed_text(elapsed)
        ),
        "apply_errored",
        vec![("hook", hook(addr, Some(action), None, Some(elapsed)))],
    )
}

/// `refresh_start` for the object in the state.
pub fn refresh_start(addr: &AbsResourceInstance, prior: &Value) -> Event {
    let id = object_id(prior);
    let id = id.as_deref();
    Event::new(
        Level::Info,
        format!("{addr}: Refreshing state...{}", id_suffix(id)),
        "refresh_start",
        vec![("hook", hook(addr, None, id, None))],
    )
}

/// `refresh_complete` with the refreshed object.
pub fn refresh_complete(addr: &AbsResourceInstance, refreshed: &Value) -> Event {
    let id = object_id(refreshed);
    let id = id.as_deref();
    Event::new(
        Level::Info,
        format!("{addr}: Refresh complete{}", id_suffix(id)),
        "refresh_complete",
        vec![("hook", hook(addr, None, id, None))],
    )
}
