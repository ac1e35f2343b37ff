//! What `loa import` keeps between runs: the units' files, which only grow, and the
//! validators of each feed's last answer, beside them.

use super::http::Validators;
use crate::input::imported::{self, ImportedItem, IMPORTED_DIR};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The file of validators under `imported/` (hidden: builds do not read it).
pub const CACHE_FILE: &str = ".http-cache.json";

/// A feed's validators, with the fingerprint of the settings its items were kept under: when
/// the rules change, the feed is read whole again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Remembered {
    #[serde(flatten)]
    pub validators: Validators,
    pub settings: String,
}

/// Validators by feed address, in a stable order.
pub type Cache = BTreeMap<String, Remembered>;

/// The validators kept by the last run; none when the file is missing or unreadable (the
/// feeds are then read whole, which loses nothing).
pub fn read_cache(root: &Path) -> Cache {
    std::fs::read(root.join(IMPORTED_DIR).join(CACHE_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Writes the validators, after the units' files: a run killed between the two asks for the
/// feeds whole next time.
pub fn write_cache(root: &Path, cache: &Cache) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(cache).expect("validators serialize");
    text.push('\n');
    write(root, CACHE_FILE, text.as_bytes())
}

/// The items of `existing` with `new` added, in the files' order.
pub fn merged(existing: &[ImportedItem], new: Vec<ImportedItem>) -> Vec<ImportedItem> {
    let mut all: Vec<ImportedItem> = existing.iter().cloned().chain(new).collect();
    imported::sort(&mut all);
    all
}

/// Writes `imported/<name>` whole or not at all (beside it, synced, then renamed), making the
/// folder when needed.
pub fn write(root: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let dir = root.join(IMPORTED_DIR);
    std::fs::create_dir_all(&dir)?;
    crate::build::write::replace_file(&dir.join(name), bytes)
}
