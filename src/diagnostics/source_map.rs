//! The source files diagnostics may point into, by the name diagnostics use,
//! so the renderers at the edge can quote the offending lines.

use std::collections::BTreeMap;

use crate::lang::source::SourceFile;

/// Source files keyed by their user-facing name.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: BTreeMap<String, SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds `file` under its name, replacing any file of the same name.
    pub fn insert(&mut self, file: SourceFile) {
        self.files.insert(file.name.clone(), file);
    }

    /// The file named `name`, if known.
    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.get(name)
    }
}

impl FromIterator<SourceFile> for SourceMap {
    fn from_iter<I: IntoIterator<Item = SourceFile>>(iter: I) -> SourceMap {
        let mut map = SourceMap::new();
        for file in iter {
            map.insert(file);
        }
        map
    }
}
