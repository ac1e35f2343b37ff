//! The counting: which posts a query counts, and each unit's figures over the part of the
//! period in which it existed.

use super::{Highlight, Period, Query, Report, Totals, UnitReport};
use crate::base::date::Date;
use crate::base::id::{KindId, TopicId};
use crate::base::vi::collate::{compare, sort_key};
use crate::base::vi::tone::name_key;
use crate::input::units::{Unit, UnitId};
use crate::model::imported::Imported;
use crate::model::{Page, SectionId, Site};
use chrono::{Datelike, NaiveDate};
use indexmap::IndexMap;
use std::collections::{HashMap, HashSet};

/// One thing a report counts: a post of this site, or an article of a unit's own website
/// (`imported/`) that no post republishes.
struct Counted<'a> {
    unit: Option<&'a UnitId>,
    date: Date,
    kind: &'a KindId,
    topics: &'a [TopicId],
    column: Option<&'a String>,
    title: &'a str,
    /// Absolute: the post's address on this site, or the article's on the unit's.
    url: String,
    featured: bool,
    imported: bool,
}

impl Counted<'_> {
    fn day(&self) -> NaiveDate {
        self.date.day()
    }
}

/// What `q` counts, posts first (file order), then imported articles (registry order).
fn entries<'a>(site: &'a Site, q: &Query) -> Vec<Counted<'a>> {
    let posts = site
        .pages
        .iter()
        .filter(|p| counted(site, q, p))
        .map(|p| Counted {
            unit: p.unit.as_ref(),
            date: p.date.expect("counted posts are dated"),
            kind: &p.kind,
            topics: &p.topics,
            column: p.column.as_ref(),
            title: &p.title,
            url: site.config.url(p.permalink.as_str()),
            featured: p.featured,
            imported: false,
        });
    let shown = crate::model::imported::not_posted(
        &site.pages,
        &site.sections,
        &site.imported,
        &site.units,
    );
    let imported = shown
        .into_iter()
        .map(|i| &site.imported[i])
        .filter(|it| q.imported && counted_imported(site, q, it))
        .map(|it| Counted {
            unit: Some(&it.unit),
            date: it.date.expect("counted articles are dated"),
            kind: &it.kind,
            topics: &it.topics,
            column: it.column.as_ref(),
            title: &it.title,
            url: it.url.clone(),
            featured: it.featured,
            imported: true,
        });
    posts.chain(imported).collect()
}

/// Computes the report for `q` from the model.
pub fn report(site: &Site, q: &Query) -> Report {
    let cfg = &site.config;
    let all = entries(site, q);
    let everything: Vec<usize> = (0..all.len()).collect();

    // Entries of each unit, its descendants included.
    let mut rolled: HashMap<&UnitId, Vec<usize>> = HashMap::new();
    for (i, e) in all.iter().enumerate() {
        if let Some(u) = e.unit {
            for a in site.units.ancestors_and_self(u) {
                rolled.entry(a).or_default().push(i);
            }
        }
    }
    let units: Vec<UnitReport> = shown_units(site, q)
        .into_iter()
        .map(|(u, span, depth)| {
            // A unit answers for the posts below it of the days it existed: a station left
            // without `until` under a closed district is not the district's any more.
            let list: Vec<usize> = rolled
                .get(&u.id)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&i| span.0 <= all[i].day() && all[i].day() <= span.1)
                .collect();
            unit_report(site, &all, q, u, span, &list, depth)
        })
        .collect();

    let (by_kind, by_topic) = tally(site, &all, &everything);
    let kinds = cfg
        .kinds
        .keys()
        .filter(|k| cfg.report_kinds.contains(k) || by_kind[k.as_str()] > 0)
        .cloned()
        .collect();
    Report {
        period: Period {
            from: q.from,
            to: q.to,
        },
        filters: q.filters.clone(),
        totals: Totals {
            count: all.len(),
            imported_count: all.iter().filter(|e| e.imported).count(),
            by_kind,
            by_topic,
            per_month: per_month(&all, &everything, q.from, q.to),
        },
        missing: units
            .iter()
            .filter(|u| u.count == 0)
            .map(|u| u.id.clone())
            .collect(),
        units,
        kinds,
    }
}

/// The units listed, in registry order: those of the registry (or of the `--unit` subtree)
/// that existed at some time in the period, with the days they did and how many listed units
/// stand above them (a station whose district ended before the period is a top-level row).
fn shown_units<'a>(site: &'a Site, q: &Query) -> Vec<(&'a Unit, (NaiveDate, NaiveDate), usize)> {
    let shown: Vec<(&Unit, (NaiveDate, NaiveDate))> = site
        .units
        .iter()
        .filter(|u| {
            q.unit
                .as_ref()
                .is_none_or(|top| site.units.is_within(&u.id, top))
        })
        .filter_map(|u| Some((u, u.active_span(q.from, q.to)?)))
        .collect();
    let listed: HashSet<&UnitId> = shown.iter().map(|(u, _)| &u.id).collect();
    shown
        .iter()
        .map(|&(u, span)| {
            let above = site.units.ancestors_and_self(&u.id).skip(1);
            (u, span, above.filter(|a| listed.contains(a)).count())
        })
        .collect()
}

/// One unit's figures from `list`, the counted entries of the unit and its descendants, over
/// `span`, the days of the period in which the unit existed.
fn unit_report(
    site: &Site,
    all: &[Counted],
    q: &Query,
    u: &Unit,
    span: (NaiveDate, NaiveDate),
    list: &[usize],
    depth: usize,
) -> UnitReport {
    let (by_kind, by_topic) = tally(site, all, list);
    let own_count = list.iter().filter(|&&i| all[i].unit == Some(&u.id)).count();

    let by_unit = columns_by_unit(site, all, list);
    // One name per column across the units: the first unit's spelling (the unit itself comes
    // before the units below it).
    let mut columns: Vec<String> = Vec::new();
    let mut keys = HashSet::new();
    for c in by_unit.iter().flat_map(|(_, names)| names) {
        if keys.insert(name_key(c)) {
            columns.push(c.clone());
        }
    }
    columns.sort_by_cached_key(|c| sort_key(c));
    let own_columns = by_unit
        .iter()
        .find(|(id, _)| **id == u.id)
        .map(|(_, c)| c.clone())
        .unwrap_or_default();

    let per_month = per_month(all, list, span.0, span.1);
    let months = per_month.len();
    let count = list.len();
    let days = (span.1 - span.0).num_days() as f64 + 1.0;
    UnitReport {
        id: u.id.as_str().to_string(),
        name: u.name.clone(),
        parent: u.parent.as_ref().map(|p| p.as_str().to_string()),
        active_from: span.0,
        active_to: span.1,
        count,
        own_count,
        imported_count: list.iter().filter(|&&i| all[i].imported).count(),
        by_kind,
        by_topic,
        has_column: !columns.is_empty(),
        columns,
        own_columns,
        columns_by_unit: by_unit
            .into_iter()
            .map(|(id, c)| (id.as_str().to_string(), c))
            .collect(),
        avg_per_month: round2(count as f64 / months as f64),
        avg_per_week: round2(count as f64 / (days / 7.0)),
        per_month,
        highlights: highlights(all, list, q.highlights),
        depth,
    }
}

/// Whether `p` counts for `q`: a published page of a reportable section, dated inside the
/// period (days in the site's offset), matching every filter.
fn counted(site: &Site, q: &Query, p: &Page) -> bool {
    let Some(date) = p.date else { return false };
    let day = date.day();
    let sec = &site.sections[p.section];
    sec.reportable
        && !p.draft
        && q.from <= day
        && day <= q.to
        && q.topic.as_ref().is_none_or(|t| p.topics.contains(t))
        && q.kind.as_ref().is_none_or(|k| &p.kind == k)
        && q.tag
            .as_ref()
            .is_none_or(|t| p.tags.iter().any(|x| &x.slug == t))
        && q.section.is_none_or(|s| in_section(site, p.section, s))
        && q.unit.as_ref().is_none_or(|u| {
            p.unit
                .as_ref()
                .is_some_and(|pu| site.units.is_within(pu, u))
        })
}

/// Whether an imported article counts for `q`: dated inside the period, matching every
/// filter. It has no tags and no section of this site, so `--tag` and `--section` leave it
/// out.
fn counted_imported(site: &Site, q: &Query, it: &Imported) -> bool {
    let Some(date) = it.date else { return false };
    let day = date.day();
    // As for posts: a unit answers for the days it existed (a commune's feed may still carry
    // what it published before it began).
    site.units.get(&it.unit).is_some_and(|u| u.active_on(day))
        && q.from <= day
        && day <= q.to
        && q.tag.is_none()
        && q.section.is_none()
        && q.topic.as_ref().is_none_or(|t| it.topics.contains(t))
        && q.kind.as_ref().is_none_or(|k| &it.kind == k)
        && q.unit
            .as_ref()
            .is_none_or(|u| site.units.is_within(&it.unit, u))
}

/// Whether section `s` is `target` or below it.
fn in_section(site: &Site, mut s: SectionId, target: SectionId) -> bool {
    loop {
        if s == target {
            return true;
        }
        match site.sections[s].parent {
            Some(p) => s = p,
            None => return false,
        }
    }
}

/// Counts by form and by topic, every id of `site.yaml` present.
type Tally = (IndexMap<KindId, usize>, IndexMap<TopicId, usize>);

fn tally(site: &Site, all: &[Counted], list: &[usize]) -> Tally {
    let cfg = &site.config;
    let mut by_kind: IndexMap<KindId, usize> = cfg.kinds.keys().map(|k| (k.clone(), 0)).collect();
    let mut by_topic: IndexMap<TopicId, usize> =
        cfg.topics.keys().map(|k| (k.clone(), 0)).collect();
    for &i in list {
        let p = &all[i];
        if let Some(n) = by_kind.get_mut(p.kind) {
            *n += 1;
        }
        for t in p.topics {
            if let Some(n) = by_topic.get_mut(t) {
                *n += 1;
            }
        }
    }
    (by_kind, by_topic)
}

/// The columns of the posts of `list` by the unit that runs them, in registry order, each
/// unit's names in Vietnamese order (the model gives a unit's column one spelling).
fn columns_by_unit<'a>(
    site: &Site,
    all: &[Counted<'a>],
    list: &[usize],
) -> Vec<(&'a UnitId, Vec<String>)> {
    let mut by_unit: Vec<(&UnitId, Vec<String>)> = Vec::new();
    for &i in list {
        let p = &all[i];
        let (Some(owner), Some(column)) = (p.unit, p.column) else {
            continue;
        };
        match by_unit.iter_mut().find(|(id, _)| *id == owner) {
            Some((_, names)) if names.iter().any(|n| name_key(n) == name_key(column)) => {}
            Some((_, names)) => names.push(column.clone()),
            None => by_unit.push((owner, vec![column.clone()])),
        }
    }
    by_unit.sort_by_key(|(id, _)| site.units.position(id));
    for (_, names) in &mut by_unit {
        names.sort_by_cached_key(|c| sort_key(c));
    }
    by_unit
}

/// Posts of `list` per month of `[from, to]`, zeros included.
fn per_month(
    all: &[Counted],
    list: &[usize],
    from: NaiveDate,
    to: NaiveDate,
) -> IndexMap<String, usize> {
    let mut per_month: IndexMap<String, usize> =
        months(from, to).into_iter().map(|m| (m, 0)).collect();
    for &i in list {
        if let Some(n) = per_month.get_mut(&month_key(all[i].day())) {
            *n += 1;
        }
    }
    per_month
}

/// `2025-07`.
fn month_key(d: NaiveDate) -> String {
    crate::base::date::month_key(d)
}

/// Every `YYYY-MM` that `[from, to]` touches.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let mut first = from.with_day(1);
    while let Some(d) = first.filter(|d| *d <= to) {
        out.push(month_key(d));
        first = d.checked_add_months(chrono::Months::new(1));
    }
    out
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Featured entries first, newest first, then by title in Vietnamese order, then URL; at
/// most `max`.
fn highlights(all: &[Counted], list: &[usize], max: usize) -> Vec<Highlight> {
    let mut v: Vec<&Counted> = list.iter().map(|&i| &all[i]).collect();
    // Titles are collated only to break ties: a unit may have thousands of posts.
    v.sort_by(|a, b| {
        b.featured
            .cmp(&a.featured)
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| compare(a.title, b.title))
            .then_with(|| a.url.cmp(&b.url))
    });
    v.into_iter()
        .take(max)
        .map(|p| Highlight {
            title: p.title.to_string(),
            date: p.day(),
            url: p.url.clone(),
            featured: p.featured,
            imported: p.imported,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn months_cover_the_span() {
        assert_eq!(
            months(d("2022-11-15"), d("2023-02-01")),
            ["2022-11", "2022-12", "2023-01", "2023-02"]
        );
        assert_eq!(months(d("2022-01-01"), d("2022-01-31")), ["2022-01"]);
    }

    #[test]
    fn rounding_to_two_decimals() {
        assert_eq!(round2(1.0 / 6.0), 0.17);
        assert_eq!(round2(4.0 / (365.0 / 7.0)), 0.08);
    }
}
