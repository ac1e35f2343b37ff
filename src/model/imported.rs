//! What units published on their own websites, related to the site: one list over every
//! unit's file, and which of its items are not already a post of this site.

use super::{Page, Site};
use crate::base::diagnostic::{Diagnostic, Diagnostics};
use crate::base::url_key::UrlKey;
use crate::input::imported::{ImportedFile, ImportedItem};
use crate::input::units::{UnitId, Units};
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};

/// An article of a unit's own website.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Imported {
    pub unit: UnitId,
    pub item: ImportedItem,
}

impl std::ops::Deref for Imported {
    type Target = ImportedItem;

    fn deref(&self) -> &ImportedItem {
        &self.item
    }
}

/// Every unit's items in registry order; an article in the files of two units is kept for
/// the first, with a warning.
pub fn flatten(files: Vec<ImportedFile>, units: &Units, diags: &mut Diagnostics) -> Vec<Imported> {
    let mut files = files;
    files.sort_by_key(|f| units.position(&f.unit));
    let mut owner: HashMap<UrlKey, (UnitId, std::path::PathBuf)> = HashMap::new();
    let mut out = Vec::new();
    for f in files {
        for item in f.items {
            if let Some((first, path)) = owner.get(&item.key) {
                diags.push(
                    Diagnostic::warning(
                        &f.path,
                        item.pos,
                        format!(
                            "bài `{}` cũng có trong {}; chỉ đếm cho `{first}`",
                            item.url,
                            path.display()
                        ),
                    )
                    .with_hint("xóa mục này ở một trong hai tệp"),
                );
                continue;
            }
            let unit = units
                .get(&f.unit)
                .expect("imported files are of the registry's units");
            if let Some(d) = item.date.filter(|d| !unit.active_on(d.day())) {
                let msg = format!(
                    "bài ngày {} không được đếm: {} hoạt động {}",
                    d.vi_short(),
                    unit.label(),
                    unit.span_vi().unwrap_or_default()
                );
                let hint = "nếu bài là của đơn vị tiền thân hay kế tiếp, chuyển mục này sang tệp của đơn vị đó";
                diags.push(Diagnostic::warning(&f.path, item.pos, msg).with_hint(hint));
            }
            owner.insert(item.key.clone(), (f.unit.clone(), f.path.clone()));
            out.push(Imported {
                unit: f.unit.clone(),
                item,
            });
        }
    }
    out
}

/// The items of `imported` on some topic that no post republishes (a post of a reportable
/// section whose `source_url` is the same article counts for it, once; a page that only cites
/// it, such as an answer of the FAQ, does not), by index in `imported`.
pub fn not_posted(
    pages: &[Page],
    sections: &[super::Section],
    imported: &[Imported],
    units: &Units,
) -> Vec<usize> {
    let mirrors = units.mirrors();
    let posted: HashSet<UrlKey> = pages
        .iter()
        .filter(|p| !p.draft && sections[p.section].reportable)
        .filter_map(|p| UrlKey::new(p.source_url.as_deref()?, &mirrors))
        .collect();
    (0..imported.len())
        .filter(|&i| imported[i].on_topic() && !posted.contains(&imported[i].key))
        .collect()
}

/// The items of `shown` for each unit, its descendants' included: newest first, undated last.
pub fn by_unit(
    units: &Units,
    imported: &[Imported],
    shown: &[usize],
) -> IndexMap<UnitId, Vec<usize>> {
    let mut out: IndexMap<UnitId, Vec<usize>> =
        units.iter().map(|u| (u.id.clone(), Vec::new())).collect();
    for &i in shown {
        for a in units.ancestors_and_self(&imported[i].unit) {
            if let Some(list) = out.get_mut(a) {
                list.push(i);
            }
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(|&i| {
            let it = &imported[i];
            (
                it.date.is_none(),
                std::cmp::Reverse(it.date),
                it.key.clone(),
            )
        });
    }
    out
}

impl Site {
    /// The items shown on unit `id`'s page.
    pub fn imported_of(&self, id: &UnitId) -> impl Iterator<Item = &Imported> {
        self.unit_imported
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.imported[i])
    }
}
