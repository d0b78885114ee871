//! Loading a module: every `*.tf` and `*.tf.json` file of a directory, parsed
//! and merged into one [`Module`], with all problems of all files reported.

use std::path::Path;
use std::sync::Arc;

use terrace_value::{Diagnostic, Diagnostics};

use super::decode::Decoder;
use super::json_syntax;
use super::model::Module;
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
        let text = match std::fs::read(dir.join(&name)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    let file =
                        SourceFile::new(&shown, String::from_utf8_lossy(e.as_bytes()).into_owned());
                    let at = e.utf8_error().valid_up_to();
                    diags.push(Diagnostic::error("Invalid character encoding", "All input files must be UTF-8 encoded. Ensure that UTF-8 encoding is selected in your editor.").at(file.range(at..at + 1)));
                    continue;
                }
            },
            Err(e) => {
                diags.push(Diagnostic::error(
                    "Failed to read file",
                    format!("The file {shown:?} could not be read: {e}."),
                ));
                continue;
            }
        };
        let (file, body) = if name.ends_with(".tf.json") {
            match json_syntax::to_native(&shown, &text) {
                Ok(native) => {
                    let file = Arc::new(SourceFile::new(&shown, native));
                    let parsed = hcl_edit::parser::parse_body(&file.text);
                    (file, parsed)
                }
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            }
        } else {
            let file = Arc::new(SourceFile::new(&shown, text));
            let parsed = hcl_edit::parser::parse_body(&file.text);
            (file, parsed)
        };
        match body {
            Ok(body) => {
                diags.extend(Decoder::new(file.clone(), &mut module).decode(&body));
            }
            Err(e) => diags.push(crate::diagnostics::parse_error(&file, &e)),
        }
        module.files.push(file);
    }
    (module, diags)
}
