//! The configuration of one module as loaded from its files: every block,
//! with expressions kept unevaluated (and spanned) for the evaluator.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use terrace_value::SourceRange;

use super::typeexpr::TypeConstraint;
use crate::lang::source::SourceFile;

/// An expression together with the file it came from.
#[derive(Debug, Clone)]
pub struct Expr {
    /// The file, for spans and diagnostics.
    pub file: Arc<SourceFile>,
    /// The expression.
    pub expr: Expression,
}

impl Expr {
    /// Where the expression is, for diagnostics.
    pub fn range(&self) -> SourceRange {
        use hcl_edit::Span;
        self.file.range(self.expr.span().unwrap_or(0..0))
    }
}

/// A block body kept whole, for provider schemas to decode later.
#[derive(Debug, Clone)]
pub struct BlockBody {
    /// The file, for spans and diagnostics.
    pub file: Arc<SourceFile>,
    /// The body.
    pub body: Body,
}

/// One module: a directory of `.tf` files.
#[derive(Debug, Default)]
pub struct Module {
    /// Where the files are.
    pub dir: PathBuf,
    /// The files, in load order.
    pub files: Vec<Arc<SourceFile>>,
    /// The `terraform` block settings.
    pub terraform: TerraformSettings,
    /// `provider` blocks.
    pub providers: Vec<ProviderConfig>,
    /// `variable` blocks, by name.
    pub variables: BTreeMap<String, Variable>,
    /// `locals` entries, by name.
    pub locals: BTreeMap<String, Local>,
    /// `output` blocks, by name.
    pub outputs: BTreeMap<String, Output>,
    /// `resource` and `data` blocks, by address (`aws_s3_bucket.a`, `data.x.y`).
    pub resources: BTreeMap<String, Resource>,
    /// `module` blocks, by name.
    pub module_calls: BTreeMap<String, ModuleCall>,
    /// `moved` blocks.
    pub moved: Vec<Moved>,
    /// `import` blocks.
    pub imports: Vec<Import>,
    /// `check` blocks.
    pub checks: Vec<Check>,
}

/// The `terraform` block.
#[derive(Debug, Default)]
pub struct TerraformSettings {
    /// `required_version`, if set.
    pub required_version: Option<Expr>,
    /// `required_providers` entries: local name → source and version.
    pub required_providers: BTreeMap<String, ProviderRequirement>,
    /// The `backend` block, if any.
    pub backend: Option<Backend>,
}

/// One `required_providers` entry.
#[derive(Debug, Clone, Default)]
pub struct ProviderRequirement {
    /// `source`, e.g. `hashicorp/aws`.
    pub source: Option<String>,
    /// `version` constraint.
    pub version: Option<String>,
}

/// A `backend "type" { ... }` block.
#[derive(Debug, Clone)]
pub struct Backend {
    /// The backend type, e.g. `pg`, `s3`, `local`.
    pub kind: String,
    /// Its settings.
    pub body: BlockBody,
    /// Where it was declared.
    pub range: SourceRange,
}

/// A `provider` block.
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    /// The provider's local name.
    pub name: String,
    /// `alias`, if set.
    pub alias: Option<String>,
    /// `for_each`, for one instance per key.
    pub for_each: Option<Expr>,
    /// The remaining settings.
    pub body: BlockBody,
    /// Where it was declared.
    pub range: SourceRange,
}

/// A `variable` block.
#[derive(Debug, Clone)]
pub struct Variable {
    /// Its name.
    pub name: String,
    /// `type`.
    pub constraint: TypeConstraint,
    /// `default`.
    pub default: Option<Expr>,
    /// `description`.
    pub description: Option<String>,
    /// `sensitive`.
    pub sensitive: bool,
    /// `nullable` (default true).
    pub nullable: bool,
    /// `validation` blocks.
    pub validations: Vec<Condition>,
    /// Where it was declared.
    pub range: SourceRange,
}

/// A `validation`, `precondition`, `postcondition` or `assert` block.
#[derive(Debug, Clone)]
pub struct Condition {
    /// `condition`.
    pub condition: Expr,
    /// `error_message`.
    pub error_message: Expr,
}

/// One entry of a `locals` block.
#[derive(Debug, Clone)]
pub struct Local {
    /// Its name.
    pub name: String,
    /// Its expression.
    pub expr: Expr,
    /// Where it was declared.
    pub range: SourceRange,
}

/// An `output` block.
#[derive(Debug, Clone)]
pub struct Output {
    /// Its name.
    pub name: String,
    /// `value`.
    pub value: Expr,
    /// `description`.
    pub description: Option<String>,
    /// `sensitive`.
    pub sensitive: bool,
    /// `depends_on`.
    pub depends_on: Vec<Expr>,
    /// `precondition` blocks.
    pub preconditions: Vec<Condition>,
    /// Where it was declared.
    pub range: SourceRange,
}

/// Whether a resource block is managed (`resource`) or read (`data`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    /// `resource`.
    Managed,
    /// `data`.
    Data,
}

/// A `resource` or `data` block.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Managed or data.
    pub mode: Mode,
    /// The resource type, e.g. `aws_s3_bucket`.
    pub ty: String,
    /// The name, e.g. `logs`.
    pub name: String,
    /// `count`.
    pub count: Option<Expr>,
    /// `for_each`.
    pub for_each: Option<Expr>,
    /// `provider`, as an expression (`aws.west`, `kubernetes.by_cluster[each.key]`).
    pub provider: Option<Expr>,
    /// `depends_on`.
    pub depends_on: Vec<Expr>,
    /// `lifecycle`.
    pub lifecycle: Lifecycle,
    /// The remaining arguments and nested blocks.
    pub body: BlockBody,
    /// Where it was declared.
    pub range: SourceRange,
}

/// A `lifecycle` block.
#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    /// `create_before_destroy`.
    pub create_before_destroy: bool,
    /// `prevent_destroy`.
    pub prevent_destroy: bool,
    /// `ignore_changes`: attribute paths, or `all`.
    pub ignore_changes: Vec<Expr>,
    /// Whether `ignore_changes = all`.
    pub ignore_all_changes: bool,
    /// `replace_triggered_by`.
    pub replace_triggered_by: Vec<Expr>,
    /// `precondition` blocks.
    pub preconditions: Vec<Condition>,
    /// `postcondition` blocks.
    pub postconditions: Vec<Condition>,
}

/// A `module` block.
#[derive(Debug, Clone)]
pub struct ModuleCall {
    /// Its name.
    pub name: String,
    /// `source` (a local path).
    pub source: String,
    /// `count`.
    pub count: Option<Expr>,
    /// `for_each`.
    pub for_each: Option<Expr>,
    /// `providers`: child local name → provider expression in this module.
    pub providers: Option<Expr>,
    /// `depends_on`.
    pub depends_on: Vec<Expr>,
    /// Input variables for the child.
    pub inputs: BTreeMap<String, Expr>,
    /// Where it was declared.
    pub range: SourceRange,
}

/// A `moved` block.
#[derive(Debug, Clone)]
pub struct Moved {
    /// `from`.
    pub from: Expr,
    /// `to`.
    pub to: Expr,
}

/// An `import` block.
#[derive(Debug, Clone)]
pub struct Import {
    /// `to`.
    pub to: Expr,
    /// `id`.
    pub id: Expr,
    /// `provider`, if set.
    pub provider: Option<Expr>,
}

/// A `check` block.
#[derive(Debug, Clone)]
pub struct Check {
    /// Its name.
    pub name: String,
    /// `assert` blocks.
    pub asserts: Vec<Condition>,
}
