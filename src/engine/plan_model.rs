//! A plan: what would change, per resource instance and per output, with
//! values before and after (unknown where known only after apply, marked
//! where sensitive). Rendered by the plan views and saved by `-out`.

use terrace_value::{Path, Value};

use crate::addrs::AbsResourceInstance;

/// What happens to one resource instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// Nothing changes.
    NoOp,
    /// A new object is created.
    Create,
    /// A data source is read during apply.
    Read,
    /// The object is updated in place.
    Update,
    /// The object is destroyed, then a new one is created.
    DeleteThenCreate,
    /// A new object is created, then the old one is destroyed.
    CreateThenDelete,
    /// The object is destroyed.
    Delete,
    /// The object is removed from the state without being destroyed.
    Forget,
}

impl Action {
    /// Terraform's JSON action list (`["delete","create"]` for a replace).
    pub fn terraform_actions(self) -> &'static [&'static str] {
        match self {
            Action::NoOp => &["no-op"],
            Action::Create => &["create"],
            Action::Read => &["read"],
            Action::Update => &["update"],
            Action::DeleteThenCreate => &["delete", "create"],
            Action::CreateThenDelete => &["create", "delete"],
            Action::Delete => &["delete"],
            Action::Forget => &["forget"],
        }
    }

    /// Whether this replaces the object.
    pub fn is_replace(self) -> bool {
        matches!(self, Action::DeleteThenCreate | Action::CreateThenDelete)
    }
}

/// Why an action was chosen, when it is not obvious from the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActionReason {
    /// `-replace` asked for it.
    ReplaceByRequest,
    /// An attribute that forces replacement changed.
    ReplaceBecauseCannotUpdate,
    /// A `replace_triggered_by` reference changed.
    ReplaceByTriggers,
    /// The object is tainted (a create failed part way).
    ReplaceBecauseTainted,
    /// The resource is no longer in the configuration.
    DeleteBecauseNoResourceConfig,
    /// The instance key is no longer produced by `count`/`for_each`.
    DeleteBecauseNoInstance,
    /// The module instance no longer exists.
    DeleteBecauseNoModule,
    /// The instance key's kind no longer matches the resource's
    /// repetition (an index without `count`, a key without `for_each`).
    DeleteBecauseWrongRepetition,
    /// A data source depends on changes not yet applied.
    ReadBecauseDependencyPending,
    /// A data source's configuration has unknown values.
    ReadBecauseConfigUnknown,
}

/// The change to one resource instance.
#[derive(Debug, Clone)]
pub struct ResourceChange {
    /// The instance.
    pub addr: AbsResourceInstance,
    /// Its previous address, when a `moved` block applies.
    pub prev_addr: Option<AbsResourceInstance>,
    /// The provider configuration address that manages it.
    pub provider: String,
    /// What happens.
    pub action: Action,
    /// Why, when it matters.
    pub reason: Option<ActionReason>,
    /// The value before (marked where sensitive), or `None` when creating.
    pub before: Option<Value>,
    /// The value after (unknown parts possible), or `None` when deleting.
    pub after: Option<Value>,
    /// Paths whose change forces the replacement.
    pub requires_replace: Vec<Path>,
    /// The import ID, when an `import` block adopts the object.
    pub importing: Option<String>,
    /// Provider-private data from planning, handed to apply.
    pub private: Vec<u8>,
}

/// The change to one root module output.
#[derive(Debug, Clone)]
pub struct OutputChange {
    /// The output's name.
    pub name: String,
    /// Create, update, delete or no-op.
    pub action: Action,
    /// The value before.
    pub before: Option<Value>,
    /// The value after (may be unknown).
    pub after: Option<Value>,
    /// Whether the output is sensitive.
    pub sensitive: bool,
}

/// What kind of plan this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlanMode {
    /// Converge the world on the configuration.
    #[default]
    Normal,
    /// Destroy everything.
    Destroy,
    /// Only update the state to match the world.
    RefreshOnly,
}

/// A whole plan.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Normal, destroy or refresh-only.
    pub mode: PlanMode,
    /// Resource instance changes, in address order.
    pub changes: Vec<ResourceChange>,
    /// Output changes, by name order.
    pub outputs: Vec<OutputChange>,
    /// Instances whose real objects differ from the state (refresh found drift).
    pub drift: Vec<ResourceChange>,
    /// The resource attributes the changes depend on; a normal plan reports
    /// drift only in these.
    pub relevant: std::collections::BTreeSet<RelevantAttr>,
    /// The state this plan was made against: lineage.
    pub prior_lineage: String,
    /// The state this plan was made against: serial.
    pub prior_serial: u64,
    /// When the plan was made (RFC 3339), the value of `plantimestamp()`.
    pub timestamp: String,
    /// Whether planning failed part way (the plan cannot be applied).
    pub errored: bool,
    /// Instances that cannot be planned until apply, because their
    /// provider's configuration depends on values known only then.
    pub deferred: Vec<Deferred>,
    /// Old objects of `create_before_destroy` replacements that apply will
    /// destroy first: `ADDR (deposed object KEY)`.
    pub deposed: Vec<String>,
    /// What refresh read, by instance address (`None`: the object is gone),
    /// so an apply right after the plan does not read it again.
    pub refreshed: std::collections::BTreeMap<String, Option<Value>>,
}

/// An instance planned only during apply.
#[derive(Debug, Clone)]
pub struct Deferred {
    /// The instance.
    pub addr: AbsResourceInstance,
    /// The provider configuration it waits for.
    pub provider: String,
    /// Why, in a sentence.
    pub reason: String,
}

impl Plan {
    /// Whether applying would change anything (resources or outputs).
    pub fn has_changes(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.action != Action::NoOp || c.prev_addr.is_some() || c.importing.is_some())
            || self.outputs.iter().any(|o| o.action != Action::NoOp)
            || (self.mode == PlanMode::RefreshOnly && !self.drift.is_empty())
            || !self.deferred.is_empty()
            || (self.mode != PlanMode::RefreshOnly && !self.deposed.is_empty())
    }

    /// How many instances are added, changed and destroyed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let (mut add, mut change, mut destroy) = (0, 0, 0);
        for c in &self.changes {
            match c.action {
                Action::Create => add += 1,
                Action::Update => change += 1,
                Action::Delete => destroy += 1,
                Action::DeleteThenCreate | Action::CreateThenDelete => {
                    add += 1;
                    destroy += 1;
                }
                Action::NoOp | Action::Read | Action::Forget => {}
            }
        }
        (add, change, destroy)
    }
}

/// One relevant attribute: a resource of a module (by configuration path)
/// and its top-level attribute, or the whole object when `attr` is `None`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RelevantAttr {
    /// Module names from the root.
    pub module: Vec<String>,
    /// `aws_iam_policy.p` or `data.aws_region.here`.
    pub resource: String,
    /// The attribute, or `None` for all of them.
    pub attr: Option<String>,
}

impl RelevantAttr {
    /// The resource as Terraform's JSON names it: `module.a.aws_s3_bucket.b`.
    pub fn resource_address(&self) -> String {
        let mut out: String = self.module.iter().map(|m| format!("module.{m}.")).collect();
        out.push_str(&self.resource);
        out
    }
}
