//! The source files diagnostics may point into, by the name diagnostics use,
//! so the renderers at the edge can quote the offending lines.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::lang::source::SourceFile;

/// Source files keyed by their user-facing name.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: BTreeMap<String, Arc<SourceFile>>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// Adds `file` under its name, replacing any file of the same name.
    pub fn insert(&mut self, file: impl Into<Arc<SourceFile>>) {
        let file = file.into();
        self.files.insert(file.name.clone(), file);
    }

    /// The file named `name`, if known.
    pub fn get(&self, name: &str) -> Option<&SourceFile> {
        self.files.get(name).map(|f| &**f)
    }
}

impl<F: Into<Arc<SourceFile>>> FromIterator<F> for SourceMap {
    fn from_iter<I: IntoIterator<Item = F>>(iter: I) -> SourceMap {
        let mut map = SourceMap::new();
        for file in iter {
            map.insert(file);
        }
        map
    }
}
