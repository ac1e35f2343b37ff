//! Input: reads `site.yaml`, `units.yaml`, the theme and every file under `content/` (in
//! parallel) and gives them checked and typed — settings, the unit registry, front matter and
//! bodies — without relating them to each other (that is the model).

pub mod config;
pub mod frontmatter;
pub mod imported;
pub mod source;
pub mod theme;
pub mod units;

use crate::base::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::input::config::{SiteConfig, SITE_FILE};
use crate::input::units::{Units, UNITS_FILE};
use frontmatter::FrontMatter;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder of Markdown content under the site root.
pub const CONTENT_DIR: &str = "content";

/// Folders of the site that a build reads (content, themes, templates, static files).
pub const SOURCE_FOLDERS: &[&str] = &[
    CONTENT_DIR,
    "themes",
    "templates",
    "static",
    imported::IMPORTED_DIR,
];
/// Files at the site root that a build reads.
pub const SOURCE_FILES: &[&str] = &[SITE_FILE, UNITS_FILE];

/// One Markdown file, split and with its front matter read.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to `content/`, with `/` separators (`tin-tuc/abc.md`).
    pub rel: String,
    /// Path relative to the site root, for messages.
    pub display: PathBuf,
    pub is_section: bool,
    /// `index.md` of a page bundle: files beside it belong to the page.
    pub is_bundle: bool,
    pub front: FrontMatter,
    pub body: String,
    /// Line number of the body's first line in the file.
    pub body_line: usize,
}

/// A non-Markdown file under `content/`, copied into the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, with `/` separators.
    pub rel: String,
    pub abs: PathBuf,
    /// Size in bytes, for feed enclosures.
    pub len: u64,
}

/// Everything read from disk for one build.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub units: Units,
    /// Shared with the load cache of `serve`, so reusing a file costs no copy.
    pub sources: Vec<Arc<Source>>,
    pub assets: Vec<Asset>,
    /// What units published on their own websites (`imported/`), by unit id.
    pub imported: Vec<imported::ImportedFile>,
    /// Markdown files (paths under `content/`) that could not be read at all: links to them
    /// are not reported as broken on top of their own problem.
    pub unreadable: Vec<String>,
}

/// The folder part of a `/`-separated path: `tin-tuc/abc.md` -> `tin-tuc`; `abc.md` -> ``.
pub fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(d, _)| d)
}

/// A relative path with `/` between its parts on every system, as the site names files.
pub fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a file name is hidden, or an editor's temporary or backup file (vim's `.swp`,
/// `4913` and `file~`, emacs' `#file#` and `.#file`, partial downloads). Neither builds nor
/// the watcher of `serve` look at them.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name == "4913"
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".part", ".crdownload"]
            .iter()
            .any(|e| name.ends_with(e))
}

/// Reads a text file of the site, turning every failure into a diagnostic.
pub fn read_text(abs: &Path, display: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|e| {
        let msg = if e.kind() == std::io::ErrorKind::NotFound {
            "không tìm thấy tệp".to_string()
        } else {
            format!(
                "không đọc được tệp: {}",
                crate::base::diagnostic::io_error_vi(&e)
            )
        };
        Diagnostic::error(display, Pos::start(), msg)
    })?;
    source::decode(bytes)
        .map_err(|e| Diagnostic::error(display, e.pos, e.message).with_hint(e.hint))
}

/// Reads the whole site under `root`. Files with problems are left out and their problems
/// returned, so that one run reports everything; `None` when the settings are unusable.
pub fn load(root: &Path) -> (Option<Loaded>, Diagnostics) {
    // Nothing compares this listing with a later one: no file is asked for its stamp.
    let listing = walk(root, false);
    let read = listing
        .markdown
        .par_iter()
        .map(|f| Read::of(&f.rel, &f.abs))
        .collect();
    assemble(root, &listing, read)
}

/// What reading one Markdown file gave: its source whenever its front matter could be read,
/// even with mistakes (so that the model checks the rest of it), and its problems.
#[derive(Debug, Clone)]
pub struct Read {
    pub source: Option<Arc<Source>>,
    pub problems: Vec<Diagnostic>,
}

impl Read {
    /// Reads the Markdown file `abs`, at `rel` under `content/`.
    pub fn of(rel: &str, abs: &Path) -> Read {
        let (source, problems) = read_source(rel, abs);
        Read {
            source: source.map(Arc::new),
            problems,
        }
    }
}

/// The site from the settings at `root`, a listing of `content/` and what reading each of its
/// Markdown files gave (`read`, in the listing's order).
pub fn assemble(root: &Path, listing: &Listing, read: Vec<Read>) -> (Option<Loaded>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let (config, units) = settings(root, &mut diags);
    if !root.join(CONTENT_DIR).is_dir() {
        diags.push(
            Diagnostic::error(CONTENT_DIR, Pos::start(), "không có thư mục `content/`")
                .with_hint("tạo `content/_index.md` cho trang chủ"),
        );
    }
    diags.extend(listing.problems.iter().cloned());
    let mut sources = Vec::new();
    let mut unreadable = Vec::new();
    for (r, file) in read.into_iter().zip(&listing.markdown) {
        match r.source {
            Some(s) => sources.push(s),
            None => unreadable.push(file.rel.clone()),
        }
        diags.extend(r.problems);
    }
    let mut imported = Vec::new();
    if let (Some(c), Some(u)) = (&config, &units) {
        let (files, problems) = imported::load(root, c, u);
        imported = files;
        diags.extend(problems);
    }
    let loaded = match (config, units) {
        (Some(config), Some(units)) => Some(Loaded {
            root: root.to_path_buf(),
            config,
            units,
            sources,
            assets: listing.assets.clone(),
            imported,
            unreadable,
        }),
        _ => None,
    };
    (loaded, diags)
}

/// `site.yaml` and `units.yaml` of the site at `root`, each when it could be read; their
/// problems go to `diags`.
pub fn settings(root: &Path, diags: &mut Diagnostics) -> (Option<SiteConfig>, Option<Units>) {
    let config = match read_text(&root.join(SITE_FILE), Path::new(SITE_FILE)) {
        Ok(t) => SiteConfig::parse(&t, Path::new(SITE_FILE))
            .map_err(|e| diags.extend(e))
            .ok(),
        Err(d) => {
            diags.push(d.with_hint(format!(
                "chạy lệnh trong thư mục có `{SITE_FILE}`, hoặc dùng `--root THƯ_MỤC`"
            )));
            None
        }
    };
    let units = match read_text(&root.join(UNITS_FILE), Path::new(UNITS_FILE)) {
        // With site.yaml broken, units.yaml is still checked, its days read in Vietnam's
        // offset, the default; nothing is built from it.
        Ok(t) => {
            let offset = config.as_ref().map_or(
                chrono::FixedOffset::east_opt(7 * 3600).expect("valid"),
                |c| c.offset,
            );
            Units::parse(&t, Path::new(UNITS_FILE), offset)
                .map_err(|e| diags.extend(e))
                .ok()
                .filter(|_| config.is_some())
        }
        Err(d) => {
            diags.push(d);
            None
        }
    };
    if let (Some(c), Some(u)) = (&config, &units) {
        diags.extend(u.check_feeds(&c.topics, &c.kinds, Path::new(UNITS_FILE)));
    }
    (config, units)
}

/// A file's modification time (when the system gives one) and size.
pub type Stamp = (Option<std::time::SystemTime>, u64);

/// The stamp of a file with metadata `m`.
pub fn stamp(m: &std::fs::Metadata) -> Stamp {
    (m.modified().ok(), m.len())
}

/// A Markdown file found under `content/`.
#[derive(Debug, Clone, PartialEq)]
pub struct MdFile {
    /// Path relative to `content/`, `/` separated.
    pub rel: String,
    pub abs: PathBuf,
    pub stamp: Stamp,
}

/// What `content/` holds, sorted by name: Markdown files, other files, and what could not
/// be read.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub markdown: Vec<MdFile>,
    pub assets: Vec<Asset>,
    pub problems: Vec<Diagnostic>,
}

/// Lists the files under `content/`, each Markdown file with its stamp.
pub fn list(root: &Path) -> Listing {
    walk(root, true)
}

/// Lists the files under `content/`; Markdown files get their stamps when `stamped` (one
/// system call per file, on one core, before anything else can start).
fn walk(root: &Path, stamped: bool) -> Listing {
    let content = &root.join(CONTENT_DIR);
    let mut walk_diags = Vec::new();
    let mut md_files = Vec::new();
    let mut assets = Vec::new();
    let walker = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
                    .unwrap_or_default();
                walk_diags.push(Diagnostic::error(
                    p,
                    Pos::start(),
                    format!(
                        "không đọc được: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), crate::base::diagnostic::io_error_vi)
                    ),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = slash_path(entry.path().strip_prefix(content).unwrap_or(entry.path()));
        if rel.ends_with(".md") {
            let stamp = match stamped {
                true => entry.metadata().map_or((None, 0), |m| stamp(&m)),
                false => (None, 0),
            };
            md_files.push(MdFile {
                rel,
                abs: entry.path().to_path_buf(),
                stamp,
            });
        } else {
            assets.push(Asset {
                rel,
                abs: entry.path().to_path_buf(),
                len: entry.metadata().map_or(0, |m| m.len()),
            });
        }
    }

    Listing {
        markdown: md_files,
        assets,
        problems: walk_diags,
    }
}

/// Reads and splits one Markdown file; an error when it has any problem.
pub fn load_source(rel: &str, abs: &Path) -> Result<Source, Vec<Diagnostic>> {
    match read_source(rel, abs) {
        (Some(source), problems) if problems.is_empty() => Ok(source),
        (_, problems) => Err(problems),
    }
}

/// Reads and splits one Markdown file: its source when the front matter could be read (its
/// known fields, beside unknown or mistyped ones), and every problem found.
pub fn read_source(rel: &str, abs: &Path) -> (Option<Source>, Vec<Diagnostic>) {
    let display = Path::new(CONTENT_DIR).join(rel);
    let text = match read_text(abs, &display) {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    let (yaml, body, body_line) = match frontmatter::split(&text) {
        Ok(parts) => parts,
        Err((pos, msg, hint)) => {
            return (
                None,
                vec![Diagnostic::error(&display, pos, msg).with_hint(hint)],
            )
        }
    };
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let is_section = file_name == "_index.md";
    let (front, problems) = frontmatter::parse(yaml, is_section, &display);
    let source = front.map(|front| Source {
        rel: rel.to_string(),
        display: display.clone(),
        is_section,
        is_bundle: file_name == "index.md",
        front,
        body: body.to_string(),
        body_line,
    });
    (source, problems)
}
