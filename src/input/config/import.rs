//! `import:` of `site.yaml`: which items of the units' own feeds are about the campaign's
//! topics, and in which form, decided by keyword phrases.

use super::{key_pos, RawSite};
use crate::base::diagnostic::Diagnostic;
use crate::base::id::{KindId, TopicId};
use crate::base::vi::phrase::Phrase;
use crate::base::yaml::Locator;
use indexmap::IndexMap;
use serde::Deserialize;
use std::path::Path;

/// The keys `import:` accepts.
pub(super) const IMPORT_KEYS: &[&str] = &["topics", "kinds"];

/// `import:` as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawImport {
    #[serde(default)]
    topics: IndexMap<String, Vec<String>>,
    #[serde(default)]
    kinds: IndexMap<String, Vec<String>>,
}

/// The phrases that put an imported item on a topic or in a form, ids checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ImportRules {
    /// An item is on each topic one of whose phrases its title, summary or categories hold.
    pub topics: Vec<(TopicId, Vec<Phrase>)>,
    /// An item takes the first form one of whose phrases its categories or title hold.
    pub kinds: Vec<(KindId, Vec<Phrase>)>,
}

/// The rules of `import:`, each id checked against `topics` and `kinds`, each phrase to have a
/// word.
pub(super) fn rules(
    raw: &RawSite,
    loc: &Locator,
    path: &Path,
    errors: &mut Vec<Diagnostic>,
) -> ImportRules {
    let mut out = ImportRules::default();
    let at = |id: &str| {
        let needle = format!("{id}:");
        loc.value("import", &needle)
            .or_else(|| loc.text(&needle))
            .unwrap_or_else(|| key_pos(loc, "import"))
    };
    for (id, phrases) in &raw.import.topics {
        match raw.topics.get_key_value(id) {
            Some((known, _)) => {
                let list = phrase_list(phrases, id, &at, path, errors);
                out.topics.push((TopicId::from(known.as_str()), list));
            }
            None => errors.push(unknown(id, "topics", &raw.topics, at(id), path)),
        }
    }
    for (id, phrases) in &raw.import.kinds {
        match raw.kinds.get_key_value(id) {
            Some((known, _)) => {
                let list = phrase_list(phrases, id, &at, path, errors);
                out.kinds.push((KindId::from(known.as_str()), list));
            }
            None => errors.push(unknown(id, "kinds", &raw.kinds, at(id), path)),
        }
    }
    out
}

fn phrase_list(
    phrases: &[String],
    id: &str,
    at: &dyn Fn(&str) -> crate::base::diagnostic::Pos,
    path: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Phrase> {
    let mut list = Vec::new();
    for p in phrases {
        match Phrase::new(p) {
            Some(phrase) => list.push(phrase),
            None => errors.push(
                Diagnostic::error(
                    path,
                    at(id),
                    format!("`import` của `{id}`: cụm từ `{p}` không có chữ nào"),
                )
                .with_hint("mỗi cụm từ là một hay nhiều chữ, ví dụ \"chuyển đổi số\""),
            ),
        }
    }
    list
}

/// An id of `import.<key>` that the list `key` of `site.yaml` lacks.
fn unknown(
    id: &str,
    key: &str,
    known: &IndexMap<String, String>,
    pos: crate::base::diagnostic::Pos,
    path: &Path,
) -> Diagnostic {
    let (msg, hint) = super::not_in_list(id, key, known);
    Diagnostic::error(path, pos, format!("`import.{key}`: {msg}")).with_hint(hint)
}
