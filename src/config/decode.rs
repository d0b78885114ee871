//! Decoding a parsed file's top-level blocks into the [`Module`] model, with a
//! diagnostic for every block or argument Terraform would reject.

use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Attribute, Block, Body, Structure};
use hcl_edit::Span;
use terrace_value::{Diagnostic, Diagnostics, SourceRange, Value};

use super::model::*;
use super::typeexpr::{self, TypeConstraint};
use crate::lang::eval::{Budget, Evaluator};
use crate::lang::scope::EvalContext;
use crate::lang::source::SourceFile;

/// Decodes the blocks of one file into `module`.
pub struct Decoder<'m> {
    file: Arc<SourceFile>,
    module: &'m mut Module,
    diags: Diagnostics,
    /// One budget for every constant of the file.
    budget: Budget,
}

impl<'m> Decoder<'m> {
    /// A decoder adding `file`'s blocks to `module`.
    pub fn new(file: Arc<SourceFile>, module: &'m mut Module) -> Decoder<'m> {
        Decoder {
            file,
            module,
            diags: Diagnostics::new(),
            budget: Budget::new(),
        }
    }

    /// Decodes `body`, returning what went wrong.
    pub fn decode(mut self, body: &Body) -> Diagnostics {
        for structure in body.iter() {
            match structure {
                Structure::Attribute(a) => {
                    let d = self.error(
                        "Unsupported argument",
                        format!(
                            "An argument named {:?} is not expected here.",
                            a.key.as_str()
                        ),
                        a.key.span(),
                    );
                    self.diags.push(d);
                }
                Structure::Block(b) => self.block(b),
            }
        }
        self.diags
    }

    fn range(&self, span: Option<std::ops::Range<usize>>) -> SourceRange {
        self.file.range(span.unwrap_or(0..0))
    }

    fn error(
        &self,
        summary: impl Into<String>,
        detail: impl Into<String>,
        span: Option<std::ops::Range<usize>>,
    ) -> Diagnostic {
        Diagnostic::error(summary, detail).at(self.range(span))
    }

    fn expr(&self, e: &Expression) -> Expr {
        Expr {
            file: self.file.clone(),
            expr: e.clone(),
        }
    }

    fn body(&self, b: &Body) -> BlockBody {
        BlockBody {
            file: self.file.clone(),
            body: b.clone(),
        }
    }

    /// The block's labels, if it has exactly `n`.
    fn labels(&mut self, b: &Block, n: usize, names: &str) -> Option<Vec<String>> {
        let labels: Vec<String> = b.labels.iter().map(|l| l.as_str().to_string()).collect();
        if labels.len() == n {
            for l in &labels {
                if !valid_name(l) {
                    let d = self.error("Invalid name", format!("{l:?} is not a valid name. A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes."), b.ident.span());
                    self.diags.push(d);
                    return None;
                }
            }
            return Some(labels);
        }
        let summary = if labels.len() < n {
            "Missing name for block"
        } else {
            "Extraneous label for block"
        };
        let d = self.error(
            summary,
            format!(
                "A {} block expects {n} label(s): {names}.",
                b.ident.as_str()
            ),
            b.ident.span(),
        );
        self.diags.push(d);
        None
    }

    fn block(&mut self, b: &Block) {
        match b.ident.as_str() {
            "terraform" => self.terraform(b),
            "provider" => self.provider(b),
            "variable" => self.variable(b),
            "locals" => self.locals(b),
            "output" => self.output(b),
            "resource" => self.resource(b, Mode::Managed),
            "data" => self.resource(b, Mode::Data),
            "module" => self.module_call(b),
            "moved" => self.moved(b),
            "import" => self.import(b),
            "check" => self.check(b),
            "removed" | "ephemeral" => {}
            other => {
                let d = self.error(
                    "Unsupported block type",
                    format!("Blocks of type {other:?} are not expected here."),
                    b.ident.span(),
                );
                self.diags.push(d);
            }
        }
    }

    /// A literal value: evaluated with no names in scope.
    fn constant(&mut self, a: &Attribute) -> Option<Value> {
        let ctx = EvalContext::default();
        match Evaluator::with_budget(&self.file, &ctx, &self.budget).eval(&a.value) {
            Ok(v) => Some(v),
            Err(d) => {
                self.diags.extend(d);
                None
            }
        }
    }

    fn bool_arg(&mut self, a: &Attribute) -> bool {
        match self
            .constant(a)
            .map(|v| terrace_value::convert(&v, &terrace_value::Type::Bool))
        {
            Some(Ok(Value::Bool(b))) => b,
            Some(_) => {
                let d = self.error(
                    "Invalid argument value",
                    format!("The {:?} argument must be true or false.", a.key.as_str()),
                    a.value.span(),
                );
                self.diags.push(d);
                false
            }
            None => false,
        }
    }

    fn string_arg(&mut self, a: &Attribute) -> Option<String> {
        match self.constant(a) {
            Some(Value::String(s)) => Some(s),
            Some(_) => {
                let d = self.error(
                    "Invalid argument value",
                    format!("The {:?} argument must be a string.", a.key.as_str()),
                    a.value.span(),
                );
                self.diags.push(d);
                None
            }
            None => None,
        }
    }

    fn list_exprs(&mut self, a: &Attribute) -> Vec<Expr> {
        match &a.value {
            Expression::Array(items) => items.iter().map(|e| self.expr(e)).collect(),
            other => {
                let d = self.error(
                    "Invalid expression",
                    "A static list expression is required.",
                    other.span(),
                );
                self.diags.push(d);
                Vec::new()
            }
        }
    }

    fn unexpected(&mut self, a: &Attribute, block: &str) {
        let d = self.error(
            "Unsupported argument",
            format!(
                "An argument named {:?} is not expected here in a {block} block.",
                a.key.as_str()
            ),
            a.key.span(),
        );
        self.diags.push(d);
    }

    fn unexpected_block(&mut self, b: &Block, block: &str) {
        let d = self.error(
            "Unsupported block type",
            format!(
                "Blocks of type {:?} are not expected here in a {block} block.",
                b.ident.as_str()
            ),
            b.ident.span(),
        );
        self.diags.push(d);
    }

    fn required(&mut self, b: &Block, name: &str) {
        let d = self.error(
            "Missing required argument",
            format!("The argument {name:?} is required, but no definition was found."),
            b.ident.span(),
        );
        self.diags.push(d);
    }

    fn condition(&mut self, b: &Block, message_attr: &str) -> Option<Condition> {
        let cond = b.body.get_attribute("condition");
        let msg = b.body.get_attribute(message_attr);
        for s in b.body.iter() {
            match s {
                Structure::Attribute(a)
                    if a.key.as_str() != "condition" && a.key.as_str() != message_attr =>
                {
                    self.unexpected(a, b.ident.as_str())
                }
                Structure::Block(inner) => self.unexpected_block(inner, b.ident.as_str()),
                _ => {}
            }
        }
        match (cond, msg) {
            (Some(c), Some(m)) => Some(Condition {
                condition: self.expr(&c.value),
                error_message: self.expr(&m.value),
            }),
            (None, _) => {
                self.required(b, "condition");
                None
            }
            (_, None) => {
                self.required(b, message_attr);
                None
            }
        }
    }

    fn terraform(&mut self, b: &Block) {
        for s in b.body.iter() {
            match s {
                Structure::Attribute(a) if a.key.as_str() == "required_version" => {
                    self.module.terraform.required_version = Some(self.expr(&a.value));
                }
                Structure::Attribute(a) if matches!(a.key.as_str(), "experiments" | "language") => {
                }
                Structure::Attribute(a) => self.unexpected(a, "terraform"),
                Structure::Block(inner) => match inner.ident.as_str() {
                    "required_providers" => self.required_providers(inner),
                    "backend" | "cloud" => {
                        let kind = inner
                            .labels
                            .first()
                            .map_or("cloud".to_string(), |l| l.as_str().to_string());
                        self.module.terraform.backend = Some(Backend {
                            kind,
                            body: self.body(&inner.body),
                            range: self.range(inner.ident.span()),
                        });
                    }
                    "provider_meta" | "encryption" => {}
                    _ => self.unexpected_block(inner, "terraform"),
                },
            }
        }
    }

    fn required_providers(&mut self, b: &Block) {
        for a in b.body.attributes() {
            let mut req = ProviderRequirement::default();
            match self.constant(a) {
                Some(Value::String(v)) => req.version = Some(v),
                Some(Value::Object(attrs)) => {
                    req.source = attrs
                        .get("source")
                        .and_then(|v| v.as_str())
                        .map(String::from);
                    req.version = attrs
                        .get("version")
                        .and_then(|v| v.as_str())
                        .map(String::from);
                }
                _ => {}
            }
            self.module
                .terraform
                .required_providers
                .insert(a.key.as_str().to_string(), req);
        }
    }

    fn provider(&mut self, b: &Block) {
        let Some(labels) = self.labels(b, 1, "the provider name") else {
            return;
        };
        let mut body = b.body.clone();
        let alias = body.remove_attribute("alias");
        let alias = alias.and_then(|a| self.string_arg(&a));
        let for_each = body
            .remove_attribute("for_each")
            .map(|a| self.expr(&a.value));
        body.remove_attribute("version");
        let range = self.range(b.ident.span());
        let config = ProviderConfig {
            name: labels[0].clone(),
            alias,
            for_each,
            body: self.body(&body),
            range,
        };
        if let Some(prev) = self
            .module
            .providers
            .iter()
            .find(|p| p.name == config.name && p.alias == config.alias)
        {
            let what = match &config.alias {
                Some(a) => format!("{}.{a}", config.name),
                None => config.name.clone(),
            };
            let d = self.error(
                "Duplicate provider configuration",
                format!(
                    "A provider configuration for {what:?} was already given at {}:{}.",
                    prev.range.filename, prev.range.start.line
                ),
                b.ident.span(),
            );
            self.diags.push(d);
            return;
        }
        self.module.providers.push(config);
    }

    fn variable(&mut self, b: &Block) {
        let Some(labels) = self.labels(b, 1, "the variable name") else {
            return;
        };
        let name = labels[0].clone();
        let mut var = Variable {
            name: name.clone(),
            constraint: TypeConstraint::any(),
            default: None,
            description: None,
            sensitive: false,
            nullable: true,
            validations: Vec::new(),
            range: self.range(b.ident.span()),
        };
        for s in b.body.iter() {
            match s {
                Structure::Attribute(a) => match a.key.as_str() {
                    "type" => match typeexpr::parse(&self.file, &a.value) {
                        Ok(c) => var.constraint = c,
                        Err(d) => self.diags.extend(d),
                    },
                    "default" => var.default = Some(self.expr(&a.value)),
                    "description" => var.description = self.string_arg(a),
                    "sensitive" => var.sensitive = self.bool_arg(a),
                    "nullable" => var.nullable = self.bool_arg(a),
                    "ephemeral" => {}
                    _ => self.unexpected(a, "variable"),
                },
                Structure::Block(inner) if inner.ident.as_str() == "validation" => {
                    if let Some(c) = self.condition(inner, "error_message") {
                        var.validations.push(c);
                    }
                }
                Structure::Block(inner) => self.unexpected_block(inner, "variable"),
            }
        }
        if RESERVED_VARIABLE_NAMES.contains(&name.as_str()) {
            let d = self.error("Invalid variable name", format!("The variable name {name:?} is reserved due to its special meaning inside module blocks."), b.labels.first().and_then(|l| l.span()));
            self.diags.push(d);
        }
        if let Some(prev) = self.module.variables.get(&name) {
            let d = self.error("Duplicate variable declaration", format!("A variable named {name:?} was already declared at {}:{}. Variable names must be unique within a module.", prev.range.filename, prev.range.start.line), b.ident.span());
            self.diags.push(d);
            return;
        }
        self.module.variables.insert(name, var);
    }

    fn locals(&mut self, b: &Block) {
        for s in b.body.iter() {
            match s {
                Structure::Attribute(a) => {
                    let name = a.key.as_str().to_string();
                    if let Some(prev) = self.module.locals.get(&name) {
                        let d = self.error("Duplicate local value definition", format!("A local value named {name:?} was already defined at {}:{}. Local value names must be unique within a module.", prev.range.filename, prev.range.start.line), a.key.span());
                        self.diags.push(d);
                        continue;
                    }
                    let local = Local {
                        name: name.clone(),
                        expr: self.expr(&a.value),
                        range: self.range(a.key.span()),
                    };
                    self.module.locals.insert(name, local);
                }
                Structure::Block(inner) => self.unexpected_block(inner, "locals"),
            }
        }
    }

    fn output(&mut self, b: &Block) {
        let Some(labels) = self.labels(b, 1, "the output name") else {
            return;
        };
        let name = labels[0].clone();
        let mut value = None;
        let mut out_description = None;
        let mut sensitive = false;
        let mut depends_on = Vec::new();
        let mut preconditions = Vec::new();
        for s in b.body.iter() {
            match s {
                Structure::Attribute(a) => match a.key.as_str() {
                    "value" => value = Some(self.expr(&a.value)),
                    "description" => out_description = self.string_arg(a),
                    "sensitive" => sensitive = self.bool_arg(a),
                    "depends_on" => depends_on = self.list_exprs(a),
                    "ephemeral" => {}
                    _ => self.unexpected(a, "output"),
                },
                Structure::Block(inner) if inner.ident.as_str() == "precondition" => {
                    if let Some(c) = self.condition(inner, "error_message") {
                        preconditions.push(c);
                    }
                }
                Structure::Block(inner) => self.unexpected_block(inner, "output"),
            }
        }
        let Some(value) = value else {
            self.required(b, "value");
            return;
        };
        if let Some(prev) = self.module.outputs.get(&name) {
            let d = self.error("Duplicate output definition", format!("An output named {name:?} was already defined at {}:{}. Output names must be unique within a module.", prev.range.filename, prev.range.start.line), b.ident.span());
            self.diags.push(d);
            return;
        }
        let range = self.range(b.ident.span());
        self.module.outputs.insert(
            name.clone(),
            Output {
                name,
                value,
                description: out_description,
                sensitive,
                depends_on,
                preconditions,
                range,
            },
        );
    }

    fn resource(&mut self, b: &Block, mode: Mode) {
        let Some(labels) = self.labels(b, 2, "the resource type and name") else {
            return;
        };
        let mut body = b.body.clone();
        let count = body.remove_attribute("count").map(|a| self.expr(&a.value));
        let for_each = body
            .remove_attribute("for_each")
            .map(|a| self.expr(&a.value));
        let provider = body
            .remove_attribute("provider")
            .map(|a| self.expr(&a.value));
        let depends_on = body
            .remove_attribute("depends_on")
            .map(|a| self.list_exprs(&a))
            .unwrap_or_default();
        let mut lifecycle = Lifecycle::default();
        for lb in body.remove_blocks("lifecycle") {
            self.lifecycle(&lb, &mut lifecycle);
        }
        if count.is_some() && for_each.is_some() {
            let d = self.error("Invalid combination of \"count\" and \"for_each\"", "The \"count\" and \"for_each\" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.", b.ident.span());
            self.diags.push(d);
        }
        let (ty, name) = (labels[0].clone(), labels[1].clone());
        let key = match mode {
            Mode::Managed => format!("{ty}.{name}"),
            Mode::Data => format!("data.{ty}.{name}"),
        };
        if let Some(prev) = self.module.resources.get(&key) {
            let kind = if mode == Mode::Managed {
                "resource"
            } else {
                "data"
            };
            let d = self.error(format!("Duplicate {kind} {ty:?} configuration"), format!("A {kind} {ty:?} {name:?} was already declared at {}:{}. Resource names must be unique per type in each module.", prev.range.filename, prev.range.start.line), b.ident.span());
            self.diags.push(d);
            return;
        }
        let range = self.range(b.ident.span());
        let body = self.body(&body);
        self.module.resources.insert(
            key,
            Resource {
                mode,
                ty,
                name,
                count,
                for_each,
                provider,
                depends_on,
                lifecycle,
                body,
                range,
            },
        );
    }

    fn lifecycle(&mut self, b: &Block, lc: &mut Lifecycle) {
        for s in b.body.iter() {
            match s {
                Structure::Attribute(a) => match a.key.as_str() {
                    "create_before_destroy" => lc.create_before_destroy = self.bool_arg(a),
                    "prevent_destroy" => lc.prevent_destroy = self.bool_arg(a),
                    "ignore_changes" => match &a.value {
                        Expression::Variable(v) if v.as_str() == "all" => {
                            lc.ignore_all_changes = true
                        }
                        _ => lc.ignore_changes = self.list_exprs(a),
                    },
                    "replace_triggered_by" => lc.replace_triggered_by = self.list_exprs(a),
                    _ => self.unexpected(a, "lifecycle"),
                },
                Structure::Block(inner) => match inner.ident.as_str() {
                    "precondition" => lc
                        .preconditions
                        .extend(self.condition(inner, "error_message")),
                    "postcondition" => lc
                        .postconditions
                        .extend(self.condition(inner, "error_message")),
                    _ => self.unexpected_block(inner, "lifecycle"),
                },
            }
        }
    }

    fn module_call(&mut self, b: &Block) {
        let Some(labels) = self.labels(b, 1, "the module name") else {
            return;
        };
        let name = labels[0].clone();
        let mut call = ModuleCall {
            name: name.clone(),
            source: String::new(),
            count: None,
            for_each: None,
            providers: None,
            depends_on: Vec::new(),
            inputs: Default::default(),
            range: self.range(b.ident.span()),
        };
        let mut has_source = false;
        for s in b.body.iter() {
            match s {
                Structure::Attribute(a) => match a.key.as_str() {
                    "source" => {
                        has_source = true;
                        call.source = self.string_arg(a).unwrap_or_default();
                    }
                    "version" => {}
                    "count" => call.count = Some(self.expr(&a.value)),
                    "for_each" => call.for_each = Some(self.expr(&a.value)),
                    "providers" => call.providers = Some(self.expr(&a.value)),
                    "depends_on" => call.depends_on = self.list_exprs(a),
                    key => {
                        call.inputs.insert(key.to_string(), self.expr(&a.value));
                    }
                },
                Structure::Block(inner) => self.unexpected_block(inner, "module"),
            }
        }
        if !has_source {
            self.required(b, "source");
            return;
        }
        if self.module.module_calls.contains_key(&name) {
            let d = self.error("Duplicate module call", format!("A module call named {name:?} was already defined. Module calls must have unique names within a module."), b.ident.span());
            self.diags.push(d);
            return;
        }
        self.module.module_calls.insert(name, call);
    }

    fn moved(&mut self, b: &Block) {
        let (from, to) = (b.body.get_attribute("from"), b.body.get_attribute("to"));
        match (from, to) {
            (Some(f), Some(t)) => {
                let m = Moved {
                    from: self.expr(&f.value),
                    to: self.expr(&t.value),
                };
                self.module.moved.push(m);
            }
            (None, _) => self.required(b, "from"),
            (_, None) => self.required(b, "to"),
        }
    }

    fn import(&mut self, b: &Block) {
        let (to, id) = (b.body.get_attribute("to"), b.body.get_attribute("id"));
        match (to, id) {
            (Some(t), Some(i)) => {
                let provider = b
                    .body
                    .get_attribute("provider")
                    .map(|p| self.expr(&p.value));
                let imp = Import {
                    to: self.expr(&t.value),
                    id: self.expr(&i.value),
                    provider,
                };
                self.module.imports.push(imp);
            }
            (None, _) => self.required(b, "to"),
            (_, None) => self.required(b, "id"),
        }
    }

    fn check(&mut self, b: &Block) {
        let Some(labels) = self.labels(b, 1, "the check name") else {
            return;
        };
        let mut check = Check {
            name: labels[0].clone(),
            asserts: Vec::new(),
        };
        for inner in b.body.blocks() {
            match inner.ident.as_str() {
                "assert" => check.asserts.extend(self.condition(inner, "error_message")),
                "data" => self.resource(inner, Mode::Data),
                _ => self.unexpected_block(inner, "check"),
            }
        }
        self.module.checks.push(check);
    }
}

/// Names a variable may not have, as they mean something in `module` blocks.
const RESERVED_VARIABLE_NAMES: &[&str] = &[
    "source",
    "version",
    "providers",
    "count",
    "for_each",
    "lifecycle",
    "depends_on",
    "locals",
];

/// Whether `s` is a valid identifier for a block label.
pub fn valid_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}
