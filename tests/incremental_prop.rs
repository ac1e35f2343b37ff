//! Generated sequences of edits on a small site: after each one, a cached rebuild (as `serve`
//! does it) must give what a fresh build gives, files, warnings and errors alike.
//!
//! The seed is fixed so CI runs the same cases every time; `PROPTEST_RNG_SEED` and
//! `PROPTEST_CASES` explore others. Failures are not persisted: a case found is kept as a
//! plain test below, which reads better than a seed file.

mod common;
use common::{Fixture, SITE_YAML};
use loa::base::diagnostic::Diagnostics;
use loa::build::{build_in_memory, Built, LinkPolicy};
use loa::incremental::Session;
use loa::model::BuildOptions;
use loa::render::Output;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const SECTIONS: [&str; 2] = ["content/tin-tuc", "content/su-kien"];
const TITLES: [&str; 5] = ["Tin An", "Tin Bình", "Ánh sáng", "ảnh chụp", "Zô hai"];
// After `now` (below): the last one is held back.
const DATES: [&str; 7] = [
    "2023-01-05",
    "2023-06-15",
    "2024-02-29",
    "2024-11-30",
    "2025-06-19",
    "2025-08-01",
    "2026-03-01",
];
const UNITS: [&str; 4] = ["vhtt-tam-duong", "ttcs-binh-lu", "bao-lai-chau", "bao-moi"];

/// Whether `UNITS[unit]` publishes on `DATES[date]` (see `UNITS_YAML`): edits keep posts valid,
/// and `Broken::ClosedUnit` breaks that on purpose.
fn active(unit: usize, date: usize) -> bool {
    match UNITS[unit] {
        "bao-lai-chau" => DATES[date] <= "2025-06-19",
        "bao-moi" => DATES[date] >= "2025-06-20",
        _ => true,
    }
}

/// The `n`th unit (modulo) of those active on `DATES[date]`.
fn active_unit(n: usize, date: usize) -> usize {
    let units: Vec<usize> = (0..UNITS.len()).filter(|&u| active(u, date)).collect();
    units[n % units.len()]
}

const TAGS: [&[&str]; 6] = [
    &[],
    &["Thẻ chung"],
    &["thẻ chung"],
    &["Thẻ chung", "Sự kiện lớn"],
    &["An toàn"],
    // The address of "Thẻ chung" under another name: an error while both are there.
    &["Thé chung"],
];
// Links to posts that come and go, anchors that come and go: warnings appear and vanish.
const BODIES: [&str; 6] = [
    "Nội dung ngắn.",
    "Xem [bài viết](bai-1.md).",
    "## Mục một\n\nCó một mục.",
    "Xem [mục](bai-2.md#muc-mot).",
    "Xem [sự kiện](../su-kien/le-1.md) và [tin](../tin-tuc/bai-3.md).",
    "Đoạn dài hơn, có **chữ đậm** và _nghiêng_.\n\nĐoạn thứ hai, dài hơn nữa để cỡ tệp đổi.",
];
const SUMMARIES: [&str; 2] = ["Tóm tắt riêng.", "Một tóm tắt khác, dài hơn."];
const NAMES: [&str; 7] = ["bai-1", "bai-2", "bai-3", "bai-5", "le-1", "le-3", "moi"];
const SECTION_TITLES: [[&str; 3]; 2] = [
    ["Tin tức", "Tin mới", "Bản tin"],
    ["Sự kiện", "Lịch sự kiện", "Hoạt động"],
];
const SORT_BY: [Option<&str>; 4] = [None, Some("date"), Some("title"), Some("order")];
const SITE_TITLES: [&str; 3] = ["Thử nghiệm", "Thử nghiệm hai", "Trang Lai Châu"];
/// Overrides in `templates/` (see `input::theme`): each absent, or one of its versions.
const TEMPLATE_FILES: [&str; 2] = ["page.html", "section.html"];
/// The last fails while rendering one title: a render error, not a syntax error.
const PAGE_TEMPLATES: [&str; 3] = [
    "{% extends \"base.html\" %}{% block main %}<article class=\"v1\"><h1>{{ page.title }}</h1>{{ page.content | safe }}</article>{% endblock %}",
    "{% extends \"base.html\" %}{% block main %}<article class=\"v2\"><h1>{{ page.title }}</h1>{{ page.content | safe }}{% if next %}<a href=\"{{ next.url }}\">{{ next.title }}</a>{% endif %}</article>{% endblock %}",
    "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{% if page.title == \"Zô hai\" %}{{ page.khong_co.x }}{% endif %}{{ page.content | safe }}{% endblock %}",
];
/// Shows `all_pages`, which the default `section.html` does not.
const SECTION_TEMPLATES: [&str; 1] = [
    "{% extends \"base.html\" %}{% block main %}<h1>{{ section.title }}</h1><ul>{% for p in paginator.items %}<li>{{ p.title }}</li>{% endfor %}</ul>{% if all_pages %}<p>{% for p in all_pages %}{{ p.title }}; {% endfor %}</p>{% endif %}{% endblock %}",
];

fn template_versions(file: usize) -> &'static [&'static str] {
    match file {
        0 => &PAGE_TEMPLATES,
        _ => &SECTION_TEMPLATES,
    }
}

/// One edit; numbers index the tables above (posts: modulo the posts there are).
#[derive(Debug, Clone)]
enum Edit {
    Body {
        post: usize,
        body: usize,
    },
    Title {
        post: usize,
        title: usize,
    },
    Date {
        post: usize,
        date: usize,
    },
    Unit {
        post: usize,
        unit: usize,
    },
    Tags {
        post: usize,
        tags: usize,
    },
    Draft {
        post: usize,
    },
    Summary {
        post: usize,
        summary: usize,
    },
    Order {
        post: usize,
        order: usize,
    },
    New {
        section: usize,
        name: usize,
        title: usize,
        date: usize,
        unit: usize,
        /// Its tags and body (`TAGS`, `BODIES`): a new post may rename a tag or link.
        look: (usize, usize),
    },
    Delete {
        post: usize,
    },
    Rename {
        post: usize,
        section: usize,
        name: usize,
    },
    SectionIndex {
        section: usize,
        title: usize,
        sort_by: usize,
        paginate_by: usize,
    },
    /// `TEMPLATE_FILES[file]`: version 0 removes it (and `templates/` once empty), others
    /// write the file's version `n - 1`.
    Template {
        file: usize,
        version: usize,
    },
    SiteTitle(usize),
    PaginateBy(usize),
}

/// A broken file, built, then put back as it was and built again.
#[derive(Debug, Clone, Copy)]
enum Broken {
    FrontMatter,
    UnknownUnit,
    BadDate,
    MissingImage,
    TemplateSyntax,
    /// A unit that does not publish on the post's date.
    ClosedUnit,
    SortBy,
    PaginateZero,
}

/// One save as the watcher sees it.
#[derive(Debug, Clone)]
enum Step {
    /// A rebuild with nothing changed (shrinking turns steps that do not matter into this).
    Rebuild,
    /// Edits saved together; `skip_changed`: the session is not told, and must notice by
    /// modification time and size.
    Edit {
        edits: Vec<Edit>,
        skip_changed: bool,
    },
    Broken {
        how: Broken,
        post: usize,
        skip_changed: bool,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let p = 0..8usize;
    prop_oneof![
        6 => (p.clone(), 0..BODIES.len()).prop_map(|(post, body)| Edit::Body { post, body }),
        4 => (p.clone(), 0..TITLES.len()).prop_map(|(post, title)| Edit::Title { post, title }),
        2 => (p.clone(), 0..DATES.len()).prop_map(|(post, date)| Edit::Date { post, date }),
        2 => (p.clone(), 0..UNITS.len()).prop_map(|(post, unit)| Edit::Unit { post, unit }),
        2 => (p.clone(), 0..TAGS.len()).prop_map(|(post, tags)| Edit::Tags { post, tags }),
        1 => p.clone().prop_map(|post| Edit::Draft { post }),
        2 => (p.clone(), 0..=SUMMARIES.len()).prop_map(|(post, summary)| Edit::Summary { post, summary }),
        1 => (p.clone(), 0..3usize).prop_map(|(post, order)| Edit::Order { post, order }),
        2 => (0..2usize, 0..NAMES.len(), 0..TITLES.len(), 0..DATES.len(), 0..UNITS.len(), (0..TAGS.len(), 0..BODIES.len()))
            .prop_map(|(section, name, title, date, unit, look)| Edit::New { section, name, title, date, unit, look }),
        1 => p.clone().prop_map(|post| Edit::Delete { post }),
        1 => (p, 0..2usize, 0..NAMES.len())
            .prop_map(|(post, section, name)| Edit::Rename { post, section, name }),
        1 => (0..2usize, 0..3usize, 0..SORT_BY.len(), 0..3usize).prop_map(
            |(section, title, sort_by, paginate_by)| Edit::SectionIndex { section, title, sort_by, paginate_by }
        ),
        1 => (0..TEMPLATE_FILES.len(), 0..=PAGE_TEMPLATES.len())
            .prop_map(|(file, v)| Edit::Template { file, version: v % (template_versions(file).len() + 1) }),
        1 => (0..SITE_TITLES.len()).prop_map(Edit::SiteTitle),
        1 => (1..=3usize).prop_map(Edit::PaginateBy),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let broken = prop_oneof![
        Just(Broken::FrontMatter),
        Just(Broken::UnknownUnit),
        Just(Broken::BadDate),
        Just(Broken::MissingImage),
        Just(Broken::ClosedUnit),
        Just(Broken::TemplateSyntax),
        Just(Broken::SortBy),
        Just(Broken::PaginateZero),
    ];
    prop_oneof![
        1 => Just(Step::Rebuild),
        12 => (prop::collection::vec(edit(), 1..=2), prop::bool::weighted(0.25))
            .prop_map(|(edits, skip_changed)| Step::Edit { edits, skip_changed }),
        2 => (broken, 0..8usize, prop::bool::weighted(0.25))
            .prop_map(|(how, post, skip_changed)| Step::Broken { how, post, skip_changed }),
    ]
}

#[derive(Debug, Clone)]
struct Post {
    title: usize,
    date: usize,
    unit: usize,
    tags: usize,
    body: usize,
    draft: bool,
    /// 0: none, else `SUMMARIES[n - 1]`.
    summary: usize,
    /// 0: none.
    order: usize,
}

impl Post {
    fn new(title: usize, date: usize, unit: usize, tags: usize, body: usize) -> Post {
        Post {
            title,
            date,
            unit,
            tags,
            body,
            draft: false,
            summary: 0,
            order: 0,
        }
    }

    fn text(&self) -> String {
        let tags: Vec<String> = TAGS[self.tags].iter().map(|t| format!("\"{t}\"")).collect();
        let mut s = format!(
            "---\ntitle: \"{}\"\ndate: {}\nunit: {}\ntags: [{}]\n",
            TITLES[self.title],
            DATES[self.date],
            UNITS[self.unit],
            tags.join(", "),
        );
        if self.draft {
            s.push_str("draft: true\n");
        }
        if self.summary > 0 {
            let _ = writeln!(s, "summary: \"{}\"", SUMMARIES[self.summary - 1]);
        }
        if self.order > 0 {
            let _ = writeln!(s, "order: {}", self.order);
        }
        let _ = write!(s, "---\n\n{}\n", BODIES[self.body]);
        s
    }
}

#[derive(Debug, Clone, Copy)]
struct SectionIndex {
    title: usize,
    sort_by: usize,
    paginate_by: usize,
}

impl SectionIndex {
    fn text(&self, section: usize) -> String {
        let mut s = format!("---\ntitle: \"{}\"\n", SECTION_TITLES[section][self.title]);
        if section == 0 {
            s.push_str("dated: true\nreportable: true\n");
        }
        if let Some(by) = SORT_BY[self.sort_by] {
            let _ = writeln!(s, "sort_by: {by}");
        }
        if self.paginate_by > 0 {
            let _ = writeln!(s, "paginate_by: {}", self.paginate_by);
        }
        s.push_str("---\n");
        if section == 1 {
            s.push_str("Các sự kiện trong tỉnh.\n");
        }
        s
    }
}

/// Puts back a file that `World::break_file` broke.
type Fix = Box<dyn Fn(&mut World)>;

/// What the test has written: every file of the site follows from it (but a broken one).
struct World {
    root: PathBuf,
    /// By path relative to the root.
    posts: BTreeMap<String, Post>,
    sections: [SectionIndex; 2],
    /// The version of each of `TEMPLATE_FILES`.
    templates: [usize; 2],
    title: usize,
    paginate_by: usize,
    /// Paths written or removed since the last build, for `Session::changed`.
    touched: Vec<PathBuf>,
    /// Whether the session will not be told of this step's paths.
    untold: bool,
}

fn settings(title: usize, paginate_by: usize) -> String {
    let yaml = SITE_YAML
        .replacen(
            "title: \"Thử nghiệm\"",
            &format!("title: \"{}\"", SITE_TITLES[title]),
            1,
        )
        .replacen("paginate_by: 2", &format!("paginate_by: {paginate_by}"), 1);
    // Published reports, so their reuse is checked too.
    format!(
        "{yaml}publish_reports: true\nperiods:\n  \"2023\": {{ from: 2023-01-01, to: 2023-12-31 }}\n"
    )
}

impl World {
    fn new(root: &Path) -> World {
        let post = Post::new;
        let posts = [
            ("content/tin-tuc/bai-1.md", post(0, 0, 0, 1, 0)),
            ("content/tin-tuc/bai-2.md", post(1, 1, 2, 1, 2)),
            ("content/tin-tuc/bai-3.md", post(2, 2, 1, 3, 1)),
            ("content/tin-tuc/bai-4.md", post(3, 5, 3, 0, 3)),
            ("content/su-kien/le-1.md", post(4, 3, 0, 4, 4)),
            ("content/su-kien/le-2.md", post(0, 4, 1, 1, 5)),
        ];
        let mut w = World {
            root: root.to_path_buf(),
            posts: posts
                .iter()
                .map(|(p, v)| (p.to_string(), v.clone()))
                .collect(),
            sections: [
                SectionIndex {
                    title: 0,
                    sort_by: 0,
                    paginate_by: 0,
                },
                SectionIndex {
                    title: 0,
                    sort_by: 2,
                    paginate_by: 0,
                },
            ],
            templates: [0, 0],
            title: 0,
            paginate_by: 2,
            touched: Vec::new(),
            untold: false,
        };
        w.write("site.yaml", &settings(0, 2));
        for (rel, p) in w.posts.clone() {
            w.write(&rel, &p.text());
        }
        for s in 0..2 {
            w.write_section(s);
        }
        w.touched.clear();
        w
    }

    fn write(&mut self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        let dir = path.parent().unwrap();
        if !dir.exists() {
            std::fs::create_dir_all(dir).unwrap();
            self.touched.push(dir.to_path_buf());
        }
        std::fs::write(&path, text).unwrap();
        self.touched.push(path);
    }

    fn remove(&mut self, rel: &str) {
        let path = self.root.join(rel);
        if path.exists() {
            std::fs::remove_file(&path).unwrap();
            self.touched.push(path);
        }
    }

    fn write_section(&mut self, s: usize) {
        let text = self.sections[s].text(s);
        self.write(&format!("{}/_index.md", SECTIONS[s]), &text);
    }

    fn write_template(&mut self, file: usize) {
        let rel = format!("templates/{}", TEMPLATE_FILES[file]);
        match self.templates[file] {
            0 => {
                self.remove(&rel);
                let dir = self.root.join("templates");
                if self.templates == [0, 0] && dir.exists() {
                    std::fs::remove_dir(&dir).unwrap();
                    self.touched.push(dir);
                }
            }
            n => self.write(&rel, template_versions(file)[n - 1]),
        }
    }

    /// The post `n` stands for, if there is any.
    fn pick(&self, n: usize) -> Option<String> {
        let len = self.posts.len();
        (len > 0).then(|| self.posts.keys().nth(n % len).unwrap().clone())
    }

    /// A free path for a post named from `NAMES[name]` in `section`.
    fn free_path(&self, section: usize, name: usize) -> String {
        (0..)
            .map(|k| match k {
                0 => format!("{}/{}.md", SECTIONS[section], NAMES[name]),
                k => format!("{}/{}-{k}.md", SECTIONS[section], NAMES[name]),
            })
            .find(|p| !self.root.join(p).exists())
            .unwrap()
    }

    /// Applies `e` to the files; returns what it did, for the failure message.
    fn apply(&mut self, e: &Edit) -> String {
        let post_edit = |w: &mut World, n: usize, f: &dyn Fn(&mut Post) -> String| {
            let Some(rel) = w.pick(n) else {
                return "no post to edit".to_string();
            };
            let post = w.posts.get_mut(&rel).unwrap();
            let what = f(post);
            let text = post.text();
            w.write(&rel, &text);
            format!("{rel}: {what}")
        };
        match *e {
            Edit::Body { post, body } => post_edit(self, post, &|p| {
                p.body = body;
                format!("body {:?}", BODIES[body])
            }),
            Edit::Title { post, title } => post_edit(self, post, &|p| {
                p.title = title;
                format!("title {:?}", TITLES[title])
            }),
            Edit::Date { post, date } => post_edit(self, post, &|p| {
                p.date = date;
                if active(p.unit, date) {
                    format!("date {}", DATES[date])
                } else {
                    // As an editor would: the unit that publishes on that day.
                    p.unit = active_unit(p.unit, date);
                    format!("date {}, unit {}", DATES[date], UNITS[p.unit])
                }
            }),
            Edit::Unit { post, unit } => post_edit(self, post, &|p| {
                p.unit = active_unit(unit, p.date);
                format!("unit {}", UNITS[p.unit])
            }),
            Edit::Tags { post, tags } => post_edit(self, post, &|p| {
                p.tags = tags;
                format!("tags {:?}", TAGS[tags])
            }),
            Edit::Summary { post, summary } => post_edit(self, post, &|p| {
                p.summary = summary;
                match summary {
                    0 => "no summary".into(),
                    n => format!("summary {:?}", SUMMARIES[n - 1]),
                }
            }),
            Edit::Order { post, order } => post_edit(self, post, &|p| {
                p.order = order;
                format!("order {order}")
            }),
            Edit::Draft { post } => post_edit(self, post, &|p| {
                p.draft = !p.draft;
                format!("draft {}", p.draft)
            }),
            Edit::New {
                section,
                name,
                title,
                date,
                unit,
                look: (tags, body),
            } => {
                let rel = self.free_path(section, name);
                let unit = active_unit(unit, date);
                let p = Post::new(title, date, unit, tags, body);
                self.write(&rel, &p.text());
                self.posts.insert(rel.clone(), p);
                format!(
                    "new post {rel}: {:?}, {}, {}, tags {:?}, body {body}",
                    TITLES[title], DATES[date], UNITS[unit], TAGS[tags]
                )
            }
            Edit::Delete { post } => match self.pick(post) {
                Some(rel) => {
                    self.remove(&rel);
                    self.posts.remove(&rel);
                    format!("deleted {rel}")
                }
                None => "no post to delete".into(),
            },
            Edit::Rename {
                post,
                section,
                name,
            } => match self.pick(post) {
                Some(rel) => {
                    let to = self.free_path(section, name);
                    std::fs::rename(self.root.join(&rel), self.root.join(&to)).unwrap();
                    if self.untold {
                        // A move keeps the file's time: onto a path the session saw before
                        // (moved away in the same save), no time and size check could tell.
                        let f = std::fs::File::options()
                            .write(true)
                            .open(self.root.join(&to));
                        f.unwrap()
                            .set_modified(std::time::SystemTime::now())
                            .unwrap();
                    }
                    self.touched.push(self.root.join(&rel));
                    self.touched.push(self.root.join(&to));
                    let p = self.posts.remove(&rel).unwrap();
                    self.posts.insert(to.clone(), p);
                    format!("renamed {rel} to {to}")
                }
                None => "no post to rename".into(),
            },
            Edit::SectionIndex {
                section,
                title,
                sort_by,
                paginate_by,
            } => {
                self.sections[section] = SectionIndex {
                    title,
                    sort_by,
                    paginate_by,
                };
                self.write_section(section);
                format!(
                    "{}/_index.md: title {:?}, sort_by {:?}, paginate_by {paginate_by}",
                    SECTIONS[section], SECTION_TITLES[section][title], SORT_BY[sort_by]
                )
            }
            Edit::Template { file, version } => {
                self.templates[file] = version;
                self.write_template(file);
                match version {
                    0 => format!("templates/{} removed", TEMPLATE_FILES[file]),
                    n => format!("templates/{}: version {n}", TEMPLATE_FILES[file]),
                }
            }
            Edit::SiteTitle(t) => {
                self.title = t;
                self.write("site.yaml", &settings(t, self.paginate_by));
                format!("site.yaml: title {:?}", SITE_TITLES[t])
            }
            Edit::PaginateBy(n) => {
                self.paginate_by = n;
                self.write("site.yaml", &settings(self.title, n));
                format!("site.yaml: paginate_by {n}")
            }
        }
    }

    /// Breaks a file; returns what it did and the fix that puts it back.
    fn break_file(&mut self, how: Broken, post: usize) -> (String, Fix) {
        let post_rel = self.pick(post);
        let broken_post = |w: &mut World, f: &dyn Fn(String) -> String| -> (String, Fix) {
            let Some(rel) = post_rel.clone() else {
                return ("no post to break".into(), Box::new(|_| {}));
            };
            let text = w.posts[&rel].text();
            let bad = f(text.clone());
            assert_ne!(bad, text, "{how:?} changes the file");
            w.write(&rel, &bad);
            (
                format!("{rel}: {how:?}"),
                Box::new(move |w: &mut World| w.write(&rel, &text)),
            )
        };
        match how {
            Broken::FrontMatter => broken_post(self, &|t| t.replacen("title: ", "title: [x", 1)),
            Broken::UnknownUnit => broken_post(self, &|t| {
                let unit = t
                    .lines()
                    .find(|l| l.starts_with("unit: "))
                    .unwrap()
                    .to_string();
                t.replacen(&unit, "unit: khong-co", 1)
            }),
            Broken::BadDate => broken_post(self, &|t| {
                let date = t
                    .lines()
                    .find(|l| l.starts_with("date: "))
                    .unwrap()
                    .to_string();
                t.replacen(&date, "date: 2023-13-45", 1)
            }),
            Broken::MissingImage => broken_post(self, &|t| format!("{t}\n![Ảnh](khong-co.jpg)\n")),
            Broken::ClosedUnit => broken_post(self, &|t| {
                t.lines()
                    .map(|l| match l {
                        l if l.starts_with("date: ") => "date: 2025-08-01\n".to_string(),
                        l if l.starts_with("unit: ") => "unit: bao-lai-chau\n".to_string(),
                        l => format!("{l}\n"),
                    })
                    .collect()
            }),
            Broken::TemplateSyntax => {
                self.write(
                    "templates/page.html",
                    "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock %}",
                );
                (
                    "templates/page.html: Broken::TemplateSyntax".into(),
                    Box::new(|w: &mut World| w.write_template(0)),
                )
            }
            Broken::SortBy => {
                let text =
                    self.sections[1]
                        .text(1)
                        .replacen("---\n", "---\nsort_by: ngau-nhien\n", 1);
                let text = match SORT_BY[self.sections[1].sort_by] {
                    Some(by) => text.replacen(&format!("sort_by: {by}\n"), "", 1),
                    None => text,
                };
                self.write("content/su-kien/_index.md", &text);
                (
                    "content/su-kien/_index.md: Broken::SortBy".into(),
                    Box::new(|w: &mut World| w.write_section(1)),
                )
            }
            Broken::PaginateZero => {
                self.write("site.yaml", &settings(self.title, 0));
                (
                    "site.yaml: Broken::PaginateZero".into(),
                    Box::new(|w: &mut World| {
                        w.write("site.yaml", &settings(w.title, w.paginate_by))
                    }),
                )
            }
        }
    }
}

fn opts() -> BuildOptions {
    BuildOptions {
        base_url: Some("http://127.0.0.1:1111".into()),
        // Fixed, so which posts are held back as future ones does not depend on the day.
        now: chrono::DateTime::parse_from_rfc3339("2025-12-31T12:00:00+07:00").unwrap(),
        ..BuildOptions::default()
    }
}

/// Every output as (path, bytes), sorted, duplicates kept (copied files by their source's bytes).
fn files(outputs: &[Output]) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = outputs
        .iter()
        .map(|o| match o {
            Output::Bytes { path, data } => (path.clone(), data.as_ref().clone()),
            Output::Copy { path, source } => (path.clone(), std::fs::read(source).unwrap()),
        })
        .collect();
    all.sort();
    all
}

/// The first line where two files differ, cached then fresh (long lines cut around it).
fn first_difference(cached: &[u8], fresh: &[u8]) -> String {
    let (a, b) = (
        String::from_utf8_lossy(cached),
        String::from_utf8_lossy(fresh),
    );
    let Some((x, y)) = a.lines().zip(b.lines()).find(|(x, y)| x != y) else {
        return format!(
            "one ends early ({} and {} bytes)",
            cached.len(),
            fresh.len()
        );
    };
    let at = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
    let cut = |l: &str| -> String {
        let from = l.floor_char_boundary(at.saturating_sub(80));
        l[from..].chars().take(240).collect()
    };
    format!("cached: …{}\nfresh:  …{}", cut(x), cut(y))
}

fn shown(d: &Diagnostics) -> Vec<String> {
    d.clone().sorted().iter().map(|x| x.to_string()).collect()
}

/// How the builds of one step went, counted so the test can tell it exercised every path.
#[derive(Debug, Default)]
struct Tally {
    in_place: usize,
    full: usize,
    failed: usize,
    skipped_changed: usize,
}

/// Compares the cached build with a fresh one; `Err` tells how they differ.
fn compare(cached: Result<Built, Diagnostics>, root: &Path) -> Result<bool, String> {
    let fresh = build_in_memory(root, &opts(), LinkPolicy::Warn);
    match (cached, fresh) {
        (Ok(a), Ok(b)) => {
            if shown(&a.warnings) != shown(&b.warnings) {
                return Err(format!(
                    "warnings differ\ncached: {:#?}\nfresh: {:#?}",
                    shown(&a.warnings),
                    shown(&b.warnings)
                ));
            }
            let (a, b) = (files(&a.outputs), files(&b.outputs));
            let (pa, pb): (Vec<_>, Vec<_>) = (
                a.iter().map(|f| &f.0).collect(),
                b.iter().map(|f| &f.0).collect(),
            );
            if pa != pb {
                let only = |x: &[&String], y: &[&String]| -> Vec<String> {
                    x.iter()
                        .filter(|p| !y.contains(p))
                        .map(|p| p.to_string())
                        .collect()
                };
                return Err(format!(
                    "file lists differ\nonly cached: {:?}\nonly fresh: {:?}",
                    only(&pa, &pb),
                    only(&pb, &pa)
                ));
            }
            let differ: Vec<(&String, &[u8], &[u8])> = a
                .iter()
                .zip(&b)
                .filter(|(x, y)| x.1 != y.1)
                .map(|(x, y)| (&x.0, &x.1[..], &y.1[..]))
                .collect();
            if let Some(&(path, x, y)) = differ.first() {
                let names: Vec<&String> = differ.iter().map(|d| d.0).collect();
                return Err(format!(
                    "files differ from a fresh build: {names:?}\nfirst difference in {path}:\n{}",
                    first_difference(x, y)
                ));
            }
            Ok(true)
        }
        (Err(a), Err(b)) if shown(&a) == shown(&b) => Ok(false),
        (a, b) => {
            let say = |r: &Result<Built, Diagnostics>| match r {
                Ok(b) => format!("Ok, warnings {:#?}", shown(&b.warnings)),
                Err(d) => format!("Err {:#?}", shown(d)),
            };
            Err(format!(
                "results differ\ncached: {}\nfresh: {}",
                say(&a),
                say(&b)
            ))
        }
    }
}

/// Builds with `session` (telling it what changed unless `skip_changed`) and compares.
fn rebuild(
    w: &mut World,
    session: &mut Session,
    skip_changed: bool,
    tally: &mut Tally,
) -> Result<(), String> {
    let touched = std::mem::take(&mut w.touched);
    if skip_changed {
        tally.skipped_changed += 1;
    } else {
        session.changed(touched);
    }
    let ok = compare(session.build(&opts()), &w.root)?;
    match (ok, session.stats().in_place) {
        (false, _) => tally.failed += 1,
        (true, true) => tally.in_place += 1,
        (true, false) => tally.full += 1,
    }
    Ok(())
}

/// Modification times have a coarse grain: an unannounced write waits so that its time
/// differs from the one the session saw (sizes often do not differ).
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(20));
}

/// Runs `steps` on a fresh fixture; `Err` names the step that went wrong and those before it.
fn run(steps: &[Step], tally: &mut Tally) -> Result<(), String> {
    let site = Fixture::new(&[]);
    let mut w = World::new(site.root());
    let mut session = Session::new(site.root(), LinkPolicy::Warn);
    let mut log = String::from("first build\n");
    let fail = |log: &str, e: String| format!("{log}\n{e}");
    rebuild(&mut w, &mut session, false, tally).map_err(|e| fail(&log, e))?;
    for (n, s) in steps.iter().enumerate() {
        match s {
            Step::Rebuild => {
                let _ = writeln!(log, "{n}: rebuild");
                rebuild(&mut w, &mut session, false, tally)
            }
            Step::Edit {
                edits,
                skip_changed,
            } => {
                if *skip_changed {
                    tick();
                }
                w.untold = *skip_changed;
                let did: Vec<String> = edits.iter().map(|e| w.apply(e)).collect();
                let how = if *skip_changed { " (not told)" } else { "" };
                let _ = writeln!(log, "{n}: {}{how}", did.join("; "));
                rebuild(&mut w, &mut session, *skip_changed, tally)
            }
            Step::Broken {
                how,
                post,
                skip_changed,
            } => {
                let told = if *skip_changed { " (not told)" } else { "" };
                if *skip_changed {
                    tick();
                }
                let (did, fix) = w.break_file(*how, *post);
                let _ = writeln!(log, "{n}: {did}{told}");
                rebuild(&mut w, &mut session, *skip_changed, tally).map_err(|e| fail(&log, e))?;
                if *skip_changed {
                    tick();
                }
                fix(&mut w);
                let _ = writeln!(log, "{n}: put back{told}");
                rebuild(&mut w, &mut session, *skip_changed, tally)
            }
        }
        .map_err(|e| fail(&log, e))?;
    }
    Ok(())
}

fn config() -> Config {
    let mut c = Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_some() {
        c.cases = Config::default().cases;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(0x10a_5eed);
    }
    c
}

#[test]
fn cached_rebuilds_equal_fresh_builds_after_generated_edits() {
    let config = config();
    let cases = config.cases;
    let mut runner = TestRunner::new(config);
    let tally = RefCell::new(Tally::default());
    let result = runner.run(&prop::collection::vec(step(), 8..=16), |steps| {
        run(&steps, &mut tally.borrow_mut()).map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let t = tally.into_inner();
    eprintln!("{t:?}");
    // A generator that stopped reaching a path would pass without testing it.
    if cases >= 24 {
        assert!(
            t.in_place > 0 && t.full > 0 && t.failed > 0 && t.skipped_changed > 0,
            "{t:?}"
        );
    }
}

/// Runs one fixed sequence, as the generated test would.
fn replay(steps: &[Step]) {
    if let Err(e) = run(steps, &mut Tally::default()) {
        panic!("{e}");
    }
}

fn told(edits: Vec<Edit>) -> Step {
    Step::Edit {
        edits,
        skip_changed: false,
    }
}

// Mismatches the generated test found, shrunk, kept as regressions (post 0 is
// `content/su-kien/le-1.md`, post 2 `content/tin-tuc/bai-1.md`).

/// Found by the generator: the site map lists each section's pages in the section's order,
/// and its old fingerprint hashed titles and addresses in file order only, so a date edit
/// that reordered a section kept the old site map. Its context now records what it shows.
#[test]
fn site_map_follows_a_date_edit() {
    replay(&[told(vec![Edit::Date { post: 2, date: 1 }])]);
}

/// Found by the generator: under `sort_by: order`, pages without `order` go by title, but an
/// edit in place counted the title as shape only under `sort_by: title`, so the section, its
/// feeds and prev/next kept the old order (now `Site::title_places`).
#[test]
fn title_edit_under_sort_by_order_reorders() {
    replay(&[
        // Shrunk on `tin-tuc`, whose reordering hit the site map bug first; here the order
        // stays as it was by title, so only this bug shows.
        told(vec![Edit::SectionIndex {
            section: 1,
            title: 0,
            sort_by: 3,
            paginate_by: 0,
        }]),
        told(vec![Edit::Title { post: 0, title: 2 }]),
    ]);
}

/// Found by the generator: a file reused by a full build kept the page indices it was made
/// with; after a rename had moved them, an edit in place missed the files showing the page.
#[test]
fn reused_files_keep_the_new_indices_of_their_pages() {
    replay(&[
        told(vec![Edit::Delete { post: 0 }]),
        Step::Rebuild,
        told(vec![Edit::Rename {
            post: 0,
            section: 0,
            name: 2,
        }]),
        Step::Rebuild,
        told(vec![Edit::Body { post: 1, body: 0 }]),
        Step::Rebuild,
        told(vec![Edit::Summary {
            post: 1,
            summary: 0,
        }]),
        Step::Broken {
            how: Broken::UnknownUnit,
            post: 2,
            skip_changed: false,
        },
    ]);
}
