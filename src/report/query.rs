//! The command's arguments checked against the site: period, unit, topic, kind, tag, section.

use super::Filters;
use crate::base::date::Date;
use crate::base::diagnostic::{did_you_mean, Diagnostic};
use crate::base::id::{KindId, TopicId};
use crate::base::slug::slugify;
use crate::input::units::UnitId;
use crate::model::{SectionId, Site};
use chrono::NaiveDate;

/// What was typed on the command line, before it is checked; the help texts are the
/// Vietnamese ones `loa report --help` shows.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Args {
    /// A period id of `site.yaml`.
    #[arg(
        long,
        value_name = "MÃ",
        help = "Kỳ báo cáo khai trong site.yaml (mục periods), ví dụ 2022"
    )]
    pub period: Option<String>,
    /// First day, inclusive.
    #[arg(
        long,
        value_name = "NGÀY",
        help = "Ngày đầu kỳ (tính cả ngày này), ví dụ 1/1/2022"
    )]
    pub from: Option<String>,
    /// Last day, inclusive.
    #[arg(
        long,
        value_name = "NGÀY",
        help = "Ngày cuối kỳ (tính cả ngày này), ví dụ 31/12/2022"
    )]
    pub to: Option<String>,
    #[arg(
        long,
        value_name = "MÃ",
        help = "Chỉ tính đơn vị này và các đơn vị trực thuộc"
    )]
    pub unit: Option<String>,
    #[arg(long, value_name = "MÃ", help = "Chỉ tính bài thuộc chủ đề này")]
    pub topic: Option<String>,
    #[arg(
        long,
        value_name = "MÃ",
        help = "Chỉ tính bài thuộc hình thức này (tin, bai, anh, …)"
    )]
    pub kind: Option<String>,
    /// A tag's slug or name.
    #[arg(
        long,
        value_name = "THẺ",
        help = "Chỉ tính bài gắn thẻ này, ví dụ 17-diem-khac-nhau"
    )]
    pub tag: Option<String>,
    /// A section's path, e.g. `tin-tuc`.
    #[arg(
        long,
        value_name = "TÊN",
        help = "Chỉ tính bài trong mục này của trang (thư mục trong content/), ví dụ tin-tuc"
    )]
    pub section: Option<String>,
    /// Representative titles per unit; checked with the other arguments, so that every
    /// mistake is reported at once.
    #[arg(
        long,
        value_name = "N",
        allow_hyphen_values = true,
        help = "Số tin, bài tiêu biểu mỗi đơn vị; mặc định 10"
    )]
    pub highlights: Option<String>,
    #[arg(
        long,
        help = "Không tính tin, bài lấy từ trang web của đơn vị (thư mục imported/)"
    )]
    pub no_imported: bool,
}

/// `--highlights`: a whole number of zero or more, 10 when not given.
fn highlights(text: Option<&str>, errors: &mut Vec<Diagnostic>) -> usize {
    let Some(text) = text else { return 10 };
    let t = text.trim();
    let why = match t.parse::<i64>() {
        Ok(n) if n >= 0 => return usize::try_from(n).unwrap_or(usize::MAX),
        Ok(_) => "cần một số nguyên từ 0 trở lên, không phải số âm",
        Err(_)
            if !t.is_empty()
                && t.trim_start_matches('-')
                    .bytes()
                    .all(|b| b.is_ascii_digit()) =>
        {
            "số quá lớn"
        }
        Err(_) => "cần một số nguyên",
    };
    errors.push(
        Diagnostic::arg(
            "--highlights",
            format!("giá trị `{text}` không hợp lệ cho --highlights: {why}"),
        )
        .with_hint("công văn hỏi 5 đến 10 tin, bài tiêu biểu, ví dụ --highlights 10")
        .usage(),
    );
    10
}

/// A checked query: every id exists, the period is in order.
#[derive(Debug, Clone)]
pub struct Query {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub unit: Option<UnitId>,
    pub topic: Option<TopicId>,
    pub kind: Option<KindId>,
    /// Tag slug.
    pub tag: Option<String>,
    /// Section index.
    pub section: Option<SectionId>,
    pub highlights: usize,
    /// Whether the articles of the units' own websites (`imported/`) count.
    pub imported: bool,
    /// The filters as the report shows them.
    pub filters: Filters,
}

/// "did you mean", else the list of what exists.
fn hint_for<'a>(wrong: &str, all: impl IntoIterator<Item = &'a str> + Clone) -> Option<String> {
    did_you_mean(wrong, all.clone()).or_else(|| {
        let list: Vec<&str> = all.into_iter().collect();
        if list.is_empty() {
            None
        } else {
            let shown = list.iter().take(12).copied().collect::<Vec<_>>().join(", ");
            let more = if list.len() > 12 { ", …" } else { "" };
            Some(format!("các mã có: {shown}{more}"))
        }
    })
}

impl Query {
    /// The whole registry over `[from, to]`, no filters, ten highlights: what `build` publishes.
    pub fn period(from: NaiveDate, to: NaiveDate) -> Query {
        Query {
            from,
            to,
            unit: None,
            topic: None,
            kind: None,
            tag: None,
            section: None,
            highlights: 10,
            imported: true,
            filters: Filters {
                imported: true,
                ..Filters::default()
            },
        }
    }

    /// Checks `args` against `site`; every wrong argument is reported at once.
    pub fn resolve(site: &Site, args: &Args) -> Result<Query, Vec<Diagnostic>> {
        let cfg = &site.config;
        let mut errors = Vec::new();
        let period = period(site, args, &mut errors);
        let highlights = highlights(args.highlights.as_deref(), &mut errors);
        let unit = args.unit.as_deref().map(str::trim).and_then(|u| {
            let found = site.units.get(u).map(|x| x.id.clone());
            if found.is_none() {
                errors.push(
                    Diagnostic::arg("--unit", format!("đơn vị `{u}` không có trong units.yaml"))
                        .with_opt_hint(site.units.suggest(u)),
                );
            }
            found
        });
        let topic = closed("--topic", "chủ đề", &args.topic, &cfg.topics, &mut errors);
        let kind = closed("--kind", "hình thức", &args.kind, &cfg.kinds, &mut errors);
        let tag = args.tag.as_deref().and_then(|t| tag(site, t, &mut errors));
        let section = args
            .section
            .as_deref()
            .and_then(|s| section(site, s, &mut errors));
        if let (Some((from, to)), Some(u)) = (period, &unit) {
            errors.extend(outside_period(site, u, from, to));
        }
        let Some((from, to)) = period.filter(|_| errors.is_empty()) else {
            return Err(errors);
        };
        Ok(Query {
            from,
            to,
            imported: !args.no_imported,
            filters: Filters {
                imported: !args.no_imported,
                unit: unit.as_ref().map(|u| u.as_str().to_string()),
                topic: topic.as_ref().map(|t| t.to_string()),
                kind: kind.as_ref().map(|k| k.to_string()),
                tag: tag.clone(),
                section: section.map(|i| {
                    site.sections[i]
                        .permalink
                        .as_str()
                        .trim_matches('/')
                        .to_string()
                }),
            },
            unit,
            topic,
            kind,
            tag,
            section,
            highlights,
        })
    }
}

/// The period of `--period` or `--from`/`--to`.
fn period(
    site: &Site,
    args: &Args,
    errors: &mut Vec<Diagnostic>,
) -> Option<(NaiveDate, NaiveDate)> {
    match (&args.period, &args.from, &args.to) {
        (Some(id), None, None) => named_period(site, id, errors),
        (Some(_), _, _) => {
            errors.push(
                Diagnostic::arg(
                    "--period",
                    "dùng --period hoặc --from/--to, không dùng cả hai",
                )
                .usage(),
            );
            None
        }
        (None, Some(from), Some(to)) => span(site, from, to, errors),
        (None, Some(_), None) | (None, None, Some(_)) => {
            let given = if args.from.is_some() {
                "--from"
            } else {
                "--to"
            };
            errors.push(
                Diagnostic::arg(given, "cần cả --from và --to")
                    .with_hint("ví dụ: --from 1/1/2022 --to 31/12/2022")
                    .usage(),
            );
            None
        }
        (None, None, None) => {
            errors.push(no_period(site));
            None
        }
    }
}

/// The period `--period id` names in `site.yaml`.
fn named_period(
    site: &Site,
    id: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<(NaiveDate, NaiveDate)> {
    let periods = &site.config.periods;
    let found = periods.get(id.trim()).map(|p| (p.from, p.to));
    if found.is_none() {
        errors.push(
            Diagnostic::arg(
                "--period",
                format!("kỳ báo cáo `{id}` không có trong site.yaml"),
            )
            .with_hint(
                hint_for(id, periods.keys().map(String::as_str)).unwrap_or_else(|| {
                    "khai báo trong site.yaml, mục `periods:`, hoặc dùng --from/--to".into()
                }),
            ),
        );
    }
    found
}

/// The days of `--from` and `--to`, in order.
fn span(
    site: &Site,
    from: &str,
    to: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<(NaiveDate, NaiveDate)> {
    let (f, t) = (
        day(site, "--from", from, errors),
        day(site, "--to", to, errors),
    );
    match (f?, t?) {
        (f, t) if f > t => {
            errors.push(
                Diagnostic::arg(
                    "--from",
                    format!(
                        "--from ({}) sau --to ({})",
                        crate::base::date::vi_day(f),
                        crate::base::date::vi_day(t)
                    ),
                )
                .with_hint("đổi chỗ hai ngày: --from là ngày đầu kỳ")
                .usage(),
            );
            None
        }
        span => Some(span),
    }
}

/// The error when no period is chosen, suggesting the last one `site.yaml` names.
fn no_period(site: &Site) -> Diagnostic {
    let list: Vec<&str> = site.config.periods.keys().map(String::as_str).collect();
    let hint = match list.last() {
        None => "dùng --from 1/1/2022 --to 31/12/2022".into(),
        Some(last) => format!(
            "dùng --period {last} (các kỳ trong site.yaml: {}) hoặc --from/--to",
            list.join(", ")
        ),
    };
    Diagnostic::arg("--period", "chưa chọn kỳ báo cáo")
        .with_hint(hint)
        .usage()
}

/// A day typed after `flag`.
fn day(
    site: &Site,
    flag: &'static str,
    text: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    match Date::parse(text, site.config.offset) {
        Ok(d) => Some(d.day()),
        Err(e) => {
            errors.push(
                Diagnostic::arg(
                    flag,
                    format!("ngày `{text}` của {flag} không hợp lệ: {}", e.0),
                )
                .with_hint("viết dạng 2022-01-01 hoặc 1/1/2022")
                .usage(),
            );
            None
        }
    }
}

/// An id of one of `site.yaml`'s closed lists (topics, kinds).
fn closed<K>(
    flag: &'static str,
    what: &str,
    value: &Option<String>,
    list: &indexmap::IndexMap<K, String>,
    errors: &mut Vec<Diagnostic>,
) -> Option<K>
where
    K: std::hash::Hash + Eq + Clone + std::borrow::Borrow<str> + std::ops::Deref<Target = str>,
{
    let v = value.as_deref()?.trim();
    if let Some((id, _)) = list.get_key_value(v) {
        return Some(id.clone());
    }
    errors.push(
        Diagnostic::arg(
            flag,
            format!("{what} `{v}` ({flag}) không có trong site.yaml"),
        )
        .with_opt_hint(hint_for(v, list.keys().map(|k| &**k))),
    );
    None
}

/// A tag by its slug or its name, as the slug.
fn tag(site: &Site, t: &str, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let slug = slugify(t);
    if site.tags.iter().any(|x| x.slug == slug) {
        return Some(slug);
    }
    errors.push(
        Diagnostic::arg("--tag", format!("không có bài nào gắn thẻ `{t}`"))
            .with_opt_hint(hint_for(&slug, site.tags.iter().map(|x| x.slug.as_str()))),
    );
    None
}

/// A section by its path, with a reportable section at or below it.
fn section(site: &Site, name: &str, errors: &mut Vec<Diagnostic>) -> Option<SectionId> {
    let want = name.trim().trim_matches('/');
    let found = site
        .sections
        .iter()
        .position(|s| {
            !s.dir.is_empty() && (s.permalink.as_str().trim_matches('/') == want || s.dir == want)
        })
        .map(SectionId);
    let reportable = || {
        site.sections
            .iter()
            .filter(|s| s.reportable)
            .map(|s| s.permalink.as_str().trim_matches('/'))
    };
    match found {
        Some(i) if site.sections[i].reportable || has_reportable_below(site, i) => Some(i),
        Some(_) => {
            errors.push(
                Diagnostic::arg(
                    "--section",
                    format!("mục `{want}` không được tính trong báo cáo"),
                )
                .with_hint(format!(
                    "thêm `reportable: true` vào _index.md của mục đó; các mục đang tính: {}",
                    reportable().collect::<Vec<_>>().join(", ")
                )),
            );
            None
        }
        None => {
            errors.push(
                Diagnostic::arg(
                    "--section",
                    format!("không có mục `{want}` (thư mục trong content/)"),
                )
                .with_opt_hint(hint_for(want, reportable())),
            );
            None
        }
    }
}

/// The error for a `--unit` that did not exist in `[from, to]`, naming the units that carried
/// on its work then.
fn outside_period(
    site: &Site,
    unit: &UnitId,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<Diagnostic> {
    let u = site.units.get(unit.as_str())?;
    // A closed district whose station went on is still asked about: the station is listed.
    if site.units.subtree_active_during(unit, from, to) {
        return None;
    }
    let message = format!(
        "đơn vị `{}` ({}) không hoạt động trong kỳ từ {} đến {}: đơn vị hoạt động {}",
        u.id,
        u.name,
        crate::base::date::vi_day(from),
        crate::base::date::vi_day(to),
        u.span_vi().unwrap_or_default()
    );
    let others = site.units.carried_on_by(unit, from, to);
    let hint = match others.as_slice() {
        [] => "chọn kỳ báo cáo khác, hoặc bỏ --unit để xem mọi đơn vị".to_string(),
        list => format!(
            "trong kỳ này, công việc của đơn vị do {} đảm nhận: dùng --unit {}",
            list.iter()
                .map(|x| x.label())
                .collect::<Vec<_>>()
                .join(", "),
            list.iter()
                .map(|x| x.id.as_str())
                .collect::<Vec<_>>()
                .join(" hoặc --unit ")
        ),
    };
    Some(Diagnostic::arg("--unit", message).with_hint(hint))
}

/// Whether a section below `i` is reportable.
fn has_reportable_below(site: &Site, i: SectionId) -> bool {
    site.sections[i]
        .subsections
        .iter()
        .any(|&c| site.sections[c].reportable || has_reportable_below(site, c))
}
