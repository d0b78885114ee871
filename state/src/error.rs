//! The ways reading or writing state can fail, each worded for the person
//! who has to act on it.

use crate::lock::LockInfo;

/// A state operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The database could not be opened, read or written.
    #[error("state database {path}: {source}")]
    Database {
        /// The database file.
        path: String,
        /// What SQLite said.
        #[source]
        source: rusqlite::Error,
    },
    /// A stored value could not be decoded.
    #[error("state entry {what} is corrupt: {detail}")]
    Corrupt {
        /// Which entry.
        what: String,
        /// What was wrong.
        detail: String,
    },
    /// A file beside the database (lock, holder info, workspace selection)
    /// could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Another process holds the state lock and the wait ran out.
    #[error("{}", locked_message(path, holders))]
    Locked {
        /// The lock file.
        path: String,
        /// Who holds it, as far as they published it.
        holders: Vec<LockInfo>,
    },
    /// `force-unlock` was asked to break a lock whose holder is still alive.
    #[error(
        "lock {} is held by a running process: {}. The operating system releases it \
         when that process exits; stop it instead of forcing the lock",
        holder.id,
        holder.describe()
    )]
    HolderAlive {
        /// The live holder.
        holder: Box<LockInfo>,
    },
    /// A workspace name that cannot be used.
    #[error("invalid workspace name {name:?}: {reason}")]
    InvalidWorkspaceName {
        /// The name given.
        name: String,
        /// Why it is refused.
        reason: String,
    },
    /// `workspace new` named a workspace that already exists.
    #[error("workspace {name:?} already exists")]
    WorkspaceExists {
        /// The workspace.
        name: String,
    },
    /// A workspace that does not exist.
    #[error("workspace {name:?} does not exist")]
    WorkspaceNotFound {
        /// The workspace.
        name: String,
    },
    /// `workspace delete` on a workspace that still tracks resources.
    #[error(
        "workspace {name:?} still tracks {count} resource instance(s); destroy them first, \
         or delete with -force to forget them"
    )]
    WorkspaceNotEmpty {
        /// The workspace.
        name: String,
        /// How many instances it tracks.
        count: usize,
    },
    /// The `default` workspace cannot be deleted.
    #[error("the default workspace cannot be deleted")]
    DeleteDefault,
    /// A state edit named an instance the state does not have.
    #[error("no resource instance {address} in the state")]
    NoSuchResource {
        /// The address asked for.
        address: String,
    },
    /// `state mv` onto an address that is already taken.
    #[error("cannot move to {address}: the state already has it")]
    AddressTaken {
        /// The destination.
        address: String,
    },
    /// An address that does not have the shape of a resource (instance)
    /// address.
    #[error("invalid resource address {address:?}: {reason}")]
    InvalidAddress {
        /// The text given.
        address: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A record handed to the store contradicts itself.
    #[error("invalid state record for {address}: {reason}")]
    InvalidRecord {
        /// The instance.
        address: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A provider call was begun on an instance that already has one open.
    #[error(
        "{address} already has a pending {action} from {since}; resolve it (plan reads it back) \
         before changing it again"
    )]
    AlreadyPending {
        /// The instance.
        address: String,
        /// The open action.
        action: String,
        /// When it was begun.
        since: String,
    },
    /// An edit that would lose track of an in-flight provider call.
    #[error(
        "{count} provider call(s) are pending in this workspace (first: {first}); run plan to \
         resolve them, or use -force"
    )]
    PendingIntents {
        /// How many are open.
        count: usize,
        /// The first open address.
        first: String,
    },
    /// `complete` on an intent that is not open.
    #[error("no open intent {id} in this workspace (already completed?)")]
    UnknownIntent {
        /// The intent id.
        id: i64,
    },
    /// `state push` of a state from another lineage.
    #[error(
        "cannot push: lineage {pushed} differs from the current lineage {current}; \
         use -force to overwrite"
    )]
    LineageMismatch {
        /// The current lineage.
        current: String,
        /// The pushed lineage.
        pushed: String,
    },
    /// `state push` of a state older than the current one.
    #[error(
        "cannot push: serial {pushed} is older than the current serial {current}; \
         use -force to overwrite"
    )]
    SerialBehind {
        /// The current serial.
        current: u64,
        /// The pushed serial.
        pushed: u64,
    },
    /// Adopting a Terraform state into a workspace that already has one.
    #[error(
        "workspace {name:?} already has state (serial {serial}); adopt into a new workspace, \
         or use state push -force"
    )]
    WorkspaceInUse {
        /// The workspace.
        name: String,
        /// Its serial.
        serial: u64,
    },
    /// A Terraform state file in a format version other than 4.
    #[error(
        "Terraform state format version {found} is not supported; only version 4 \
         (Terraform 0.12 and later) can be read. Upgrade it with a current Terraform first"
    )]
    UnsupportedVersion {
        /// The version the file declares.
        found: String,
    },
    /// A Terraform state file whose shape is wrong.
    #[error("invalid Terraform state at {at}: {detail}")]
    InvalidTerraformState {
        /// Where in the document (`resources[2].instances[0].index_key`).
        at: String,
        /// What is wrong.
        detail: String,
    },
}

fn locked_message(path: &str, holders: &[LockInfo]) -> String {
    match holders {
        [] => format!(
            "the state is locked ({path}) by another process that did not publish who it is"
        ),
        [one] => format!(
            "the state is locked: {} (lock id {})",
            one.describe(),
            one.id
        ),
        [first, rest @ ..] => format!(
            "the state is locked: {} (lock id {}) and {} other reader(s)",
            first.describe(),
            first.id,
            rest.len()
        ),
    }
}
