//! Loading a module: every `*.tf` and `*.tf.json` file of a directory, parsed
//! and merged into one [`Module`], with all problems of all files reported.

use std::path::Path;
use std::sync::Arc;

use terrace_value::{Diagnostic, Diagnostics};

use super::decode::Decoder;
use super::json_syntax;
use super::model::Module;
use crate::lang::parse::{decode, parse};
use crate::lang::source::SourceFile;

/// Loads the module in `dir`; `display_dir` is how diagnostics name it.
pub fn load_module(dir: &Path, display_dir: &str) -> (Module, Diagnostics) {
    let mut module = Module {
        dir: dir.to_path_buf(),
        ..Module::default()
    };
    let mut diags = Diagnostics::new();
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| {
                (n.ends_with(".tf") || n.ends_with(".tf.json"))
                    && !n.starts_with('.')
                    && !n.ends_with('~')
            })
            .collect(),
        Err(e) => {
            diags.push(Diagnostic::error(
                "Failed to read module directory",
                format!(
                    "Module directory {} does not exist or cannot be read: {e}.",
                    dir.display()
                ),
            ));
            return (module, diags);
        }
    };
    names.sort();
    for name in names {
        let shown = if display_dir.is_empty() || display_dir == "." {
            name.clone()
        } else {
            format!("{display_dir}/{name}")
        };
        let bytes = match std::fs::read(dir.join(&name)) {
            Ok(bytes) => bytes,
            Err(e) => {
                diags.push(Diagnostic::error(
                    "Failed to read file",
                    format!("The file {shown:?} could not be read: {e}."),
                ));
                continue;
            }
        };
        let file = match decode(&shown, bytes) {
            Ok(f) => f,
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        let file = if name.ends_with(".tf.json") {
            match json_syntax::to_native(&shown, &file.text) {
                Ok(native) => SourceFile::new(&shown, native),
                Err(d) => {
                    diags.extend(d);
                    continue;
                }
            }
        } else {
            file
        };
        let file = Arc::new(file);
        match parse(&file) {
            Ok(body) => diags.extend(Decoder::new(file.clone(), &mut module).decode(&body)),
            Err(d) => diags.extend(d),
        }
        module.files.push(file);
    }
    (module, diags)
}
