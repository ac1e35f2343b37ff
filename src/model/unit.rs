//! The registry of publishing units (`units.yaml`): a tree whose members change over time.

use crate::diagnostic::{did_you_mean, Diagnostic, Pos};
use crate::model::date::Date;
use crate::yaml::{self, Locator};
use chrono::{FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// The file name of the unit registry.
pub const UNITS_FILE: &str = "units.yaml";

/// The id of a unit, as posts reference it (`bao-lai-chau`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct UnitId(String);

impl UnitId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    id: String,
    name: String,
    #[serde(default)]
    website: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    successor: Option<String>,
    #[serde(default)]
    children: Vec<RawUnit>,
}

/// One publishing unit.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub website: Option<String>,
    /// First day the unit exists (inclusive).
    pub from: Option<NaiveDate>,
    /// Last day the unit exists (inclusive).
    pub until: Option<NaiveDate>,
    pub successor: Option<UnitId>,
    pub parent: Option<UnitId>,
    pub depth: usize,
    pub children: Vec<UnitId>,
}

impl Unit {
    /// Whether the unit exists on `day`.
    pub fn active_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }

    /// Whether the unit's span overlaps `[from, to]`.
    pub fn active_during(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= to) && self.until.is_none_or(|u| from <= u)
    }

    /// The span as Vietnamese text, e.g. `đến 30/06/2025`.
    pub fn span_vi(&self) -> Option<String> {
        let d = |x: NaiveDate| x.format("%d/%m/%Y").to_string();
        match (self.from, self.until) {
            (None, None) => None,
            (Some(f), None) => Some(format!("từ {}", d(f))),
            (None, Some(u)) => Some(format!("đến {}", d(u))),
            (Some(f), Some(u)) => Some(format!("từ {} đến {}", d(f), d(u))),
        }
    }
}

/// All units, depth-first in registry order.
#[derive(Debug, Clone, Default)]
pub struct Units {
    list: Vec<Unit>,
    index: HashMap<String, usize>,
}

impl Units {
    /// Parses `units.yaml` text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path, offset: FixedOffset) -> Result<Units, Vec<Diagnostic>> {
        let raw: Vec<RawUnit> = if text.trim().is_empty() {
            Vec::new()
        } else {
            yaml::from_str(text).map_err(|e| {
                vec![Diagnostic::error(path, e.pos, e.message).with_opt_hint(e.hint)]
            })?
        };
        let loc = Locator::new(text);
        let id_pos = |id: &str| {
            loc.text(&format!("id: {id}"))
                .or_else(|| loc.text(id))
                .unwrap_or_else(Pos::start)
        };
        let mut units = Units::default();
        let mut errors = Vec::new();
        let mut successors = Vec::new();
        flatten(
            raw,
            None,
            0,
            &mut units,
            &mut errors,
            &mut successors,
            path,
            &id_pos,
            offset,
        );
        for (unit, successor) in successors {
            if !units.index.contains_key(&successor) {
                errors.push(
                    Diagnostic::error(
                        path,
                        loc.text(&format!("successor: {successor}"))
                            .unwrap_or_else(|| id_pos(&unit)),
                        format!(
                            "đơn vị kế tiếp `{successor}` của `{unit}` không có trong danh sách"
                        ),
                    )
                    .with_opt_hint(did_you_mean(
                        &successor,
                        units.index.keys().map(String::as_str),
                    )),
                );
            }
        }
        if errors.is_empty() {
            Ok(units)
        } else {
            Err(errors)
        }
    }

    /// Looks a unit up by id text.
    pub fn get(&self, id: &str) -> Option<&Unit> {
        self.index.get(id).map(|&i| &self.list[i])
    }

    /// The position of a unit in registry order.
    pub fn position(&self, id: &UnitId) -> usize {
        self.index[id.as_str()]
    }

    /// Every unit, depth-first in registry order.
    pub fn iter(&self) -> impl Iterator<Item = &Unit> {
        self.list.iter()
    }

    /// "Did you mean" among unit ids.
    pub fn suggest(&self, wrong: &str) -> Option<String> {
        did_you_mean(wrong, self.list.iter().map(|u| u.id.as_str()))
    }

    /// `unit` and the ids of all units above it, nearest first.
    pub fn ancestors_and_self<'a>(&'a self, unit: &'a UnitId) -> impl Iterator<Item = &'a UnitId> {
        std::iter::successors(Some(unit), move |u| {
            self.get(u.as_str()).and_then(|x| x.parent.as_ref())
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn flatten(
    raw: Vec<RawUnit>,
    parent: Option<&UnitId>,
    depth: usize,
    units: &mut Units,
    errors: &mut Vec<Diagnostic>,
    successors: &mut Vec<(String, String)>,
    path: &Path,
    id_pos: &dyn Fn(&str) -> Pos,
    offset: FixedOffset,
) {
    for r in raw {
        let pos = id_pos(&r.id);
        if crate::slug::slugify(&r.id) != r.id {
            errors.push(
                Diagnostic::error(
                    path,
                    pos,
                    format!(
                        "mã đơn vị `{}` phải viết thường, không dấu, nối bằng `-`",
                        r.id
                    ),
                )
                .with_hint(format!("dùng `{}`", crate::slug::slugify(&r.id))),
            );
        }
        if units.index.contains_key(&r.id) {
            errors.push(
                Diagnostic::error(path, pos, format!("mã đơn vị `{}` bị trùng", r.id))
                    .with_hint("mỗi đơn vị cần một mã riêng trong toàn bộ cây"),
            );
            continue;
        }
        let mut day = |field: &str, v: &Option<String>| -> Option<NaiveDate> {
            let v = v.as_ref()?;
            match Date::parse(v, offset) {
                Ok(d) => Some(d.day()),
                Err(e) => {
                    errors.push(Diagnostic::error(
                        path,
                        pos,
                        format!("`{field}` của `{}`: {}", r.id, e.0),
                    ));
                    None
                }
            }
        };
        let from = day("from", &r.from);
        let until = day("until", &r.until);
        if let (Some(f), Some(u)) = (from, until) {
            if f > u {
                errors.push(Diagnostic::error(
                    path,
                    pos,
                    format!("đơn vị `{}`: `from` sau `until`", r.id),
                ));
            }
        }
        if let Some(s) = &r.successor {
            successors.push((r.id.clone(), s.clone()));
        }
        let id = UnitId(r.id.clone());
        let index = units.list.len();
        units.index.insert(r.id.clone(), index);
        if let Some(p) = parent {
            let pi = units.index[p.as_str()];
            units.list[pi].children.push(id.clone());
        }
        units.list.push(Unit {
            id: id.clone(),
            name: r.name,
            website: r.website,
            from,
            until,
            successor: r.successor.map(UnitId),
            parent: parent.cloned(),
            depth,
            children: Vec::new(),
        });
        flatten(
            r.children,
            Some(&id),
            depth + 1,
            units,
            errors,
            successors,
            path,
            id_pos,
            offset,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ict() -> FixedOffset {
        FixedOffset::east_opt(7 * 3600).unwrap()
    }

    #[test]
    fn tree_is_flattened_depth_first() {
        let t = "- id: a\n  name: A\n  children:\n    - id: a1\n      name: A1\n- id: b\n  name: B\n  from: 2025-07-01\n";
        let u = Units::parse(t, Path::new("units.yaml"), ict()).unwrap();
        let ids: Vec<_> = u.iter().map(|x| x.id.as_str()).collect();
        assert_eq!(ids, ["a", "a1", "b"]);
        assert_eq!(u.get("a1").unwrap().parent.as_ref().unwrap().as_str(), "a");
        let b = u.get("b").unwrap();
        assert!(!b.active_on(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()));
        assert!(b.active_on(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()));
    }

    #[test]
    fn duplicate_and_unknown_successor() {
        let t = "- id: a\n  name: A\n  successor: bb\n- id: b\n  name: B\n- id: a\n  name: A2\n";
        let e = Units::parse(t, Path::new("units.yaml"), ict()).unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e.iter().any(|d| d.message.contains("bị trùng")));
        assert!(e
            .iter()
            .any(|d| d.hint.as_deref() == Some("bạn có định viết `b`?")));
    }
}
