//! Load: read `site.yaml`, `units.yaml` and every file under `content/`, in parallel.

pub mod frontmatter;
pub mod markdown;
pub mod source;
pub mod theme;

use crate::config::{SiteConfig, SITE_FILE};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos};
use crate::model::unit::{Units, UNITS_FILE};
use frontmatter::FrontMatter;
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder of Markdown content under the site root.
pub const CONTENT_DIR: &str = "content";

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

/// Markdown files already read, with the modification time and size they had: `serve`
/// re-reads only the files that changed.
#[derive(Debug, Default)]
pub struct LoadCache {
    files: HashMap<PathBuf, CachedFile>,
    /// The last listing of `content/`.
    listing: Option<(Vec<MdFile>, Vec<Asset>, Vec<Diagnostic>)>,
    /// Paths the watcher reported since the last build, when it knows them.
    changed: Option<Vec<PathBuf>>,
}

/// A file read again after an edit: its path, modification time and size, and its source.
pub type Reread = (PathBuf, (Option<std::time::SystemTime>, u64), Arc<Source>);

/// A file's modification time and size when it was read, and what reading it gave.
type CachedFile = (
    Option<std::time::SystemTime>,
    u64,
    Result<Arc<Source>, Vec<Diagnostic>>,
);

impl LoadCache {
    /// Tells the next load which paths changed. When they are all Markdown files it already
    /// knows (edits, not new or deleted files), it reads just those instead of listing the
    /// whole folder again.
    pub fn changed(&mut self, paths: Vec<PathBuf>) {
        for p in &paths {
            self.files.remove(p);
        }
        self.changed = Some(paths);
    }

    /// The changed files read again, when every path the watcher named is a Markdown file of
    /// the last listing; `None` otherwise, or when one cannot be read (a full load tells why).
    /// Nothing is kept until `accept`.
    pub fn read_changed(&self) -> Option<Vec<Reread>> {
        let (md, _, _) = self.listing.as_ref()?;
        let changed = self.changed.as_ref().filter(|c| !c.is_empty())?;
        changed
            .iter()
            .map(|p| {
                let (rel, abs, _) = md.iter().find(|(_, abs, _)| abs == p)?;
                let meta = std::fs::metadata(abs).ok().filter(|m| m.is_file())?;
                let source = load_source(rel, abs).ok()?;
                Some((
                    abs.clone(),
                    (meta.modified().ok(), meta.len()),
                    Arc::new(source),
                ))
            })
            .collect()
    }

    /// Keeps files from `read_changed` once the build used them.
    pub fn accept(&mut self, read: &[Reread]) {
        if let Some((md, _, _)) = self.listing.as_mut() {
            for (abs, stamp, _) in read {
                if let Some(entry) = md.iter_mut().find(|(_, a, _)| a == abs) {
                    entry.2 = *stamp;
                }
            }
        }
        for (abs, (m, l), source) in read {
            self.files
                .insert(abs.clone(), (*m, *l, Ok(Arc::clone(source))));
        }
        self.changed = None;
    }

    /// The previous listing with fresh stamps for the changed files, when that is enough.
    fn reuse_listing(&mut self, root: &Path) -> Option<(Vec<MdFile>, Vec<Asset>, Vec<Diagnostic>)> {
        let changed = self.changed.take()?;
        let (md, assets, diags) = self.listing.as_ref()?;
        let content = root.join(CONTENT_DIR);
        let mut md = md.clone();
        for p in &changed {
            if !p.starts_with(&content) {
                continue; // settings, templates, static files: not part of the listing
            }
            let meta = std::fs::symlink_metadata(p).ok().filter(|m| m.is_file())?;
            let entry = md.iter_mut().find(|(_, abs, _)| abs == p)?;
            entry.2 = (meta.modified().ok(), meta.len());
        }
        Some((md, assets.clone(), diags.clone()))
    }
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
            format!("không đọc được tệp: {}", crate::diagnostic::io_error_vi(&e))
        };
        Diagnostic::error(display, Pos::start(), msg)
    })?;
    source::decode(&bytes)
        .map_err(|e| Diagnostic::error(display, e.pos, e.message).with_hint(e.hint))
}

/// Reads the whole site under `root`. Files with problems are left out and their problems
/// returned, so that one run reports everything; `None` when the settings are unusable.
pub fn load(root: &Path) -> (Option<Loaded>, Diagnostics) {
    load_with_cache(root, None)
}

/// `load`, taking unchanged Markdown files from `cache` and updating it.
pub fn load_with_cache(
    root: &Path,
    mut cache: Option<&mut LoadCache>,
) -> (Option<Loaded>, Diagnostics) {
    let mut diags = Diagnostics::new();
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
    let offset = config.as_ref().map(|c| c.offset);
    let units = match (
        read_text(&root.join(UNITS_FILE), Path::new(UNITS_FILE)),
        offset,
    ) {
        (Ok(t), Some(off)) => Units::parse(&t, Path::new(UNITS_FILE), off)
            .map_err(|e| diags.extend(e))
            .ok(),
        (Err(d), _) => {
            diags.push(d);
            None
        }
        (Ok(_), None) => None,
    };

    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(CONTENT_DIR, Pos::start(), "không có thư mục `content/`")
                .with_hint("tạo `content/_index.md` cho trang chủ"),
        );
    }
    let reused = cache.as_deref_mut().and_then(|c| c.reuse_listing(root));
    let (md_files, assets, walk_diags) = match reused {
        Some(listing) => listing,
        None => walk(root, &content),
    };
    diags.extend(walk_diags.iter().cloned());
    if let Some(c) = cache.as_deref_mut() {
        c.listing = Some((md_files.clone(), assets.clone(), walk_diags));
    }
    let old = cache.as_deref().map(|c| &c.files);
    let results: Vec<Result<Arc<Source>, Vec<Diagnostic>>> = md_files
        .par_iter()
        .map(|(rel, abs, (mtime, len))| {
            let cached = old.and_then(|o| o.get(abs)).filter(|(m, l, _)| {
                // A file without a modification time is always read again.
                m.is_some() && m == mtime && l == len
            });
            match cached {
                Some((_, _, r)) => r.clone(),
                None => load_source(rel, abs).map(Arc::new),
            }
        })
        .collect();
    if let Some(c) = cache {
        c.files = md_files
            .iter()
            .zip(&results)
            .map(|((_, abs, (m, l)), r)| (abs.clone(), (*m, *l, r.clone())))
            .collect();
    }
    let mut sources = Vec::new();
    for r in results {
        match r {
            Ok(s) => sources.push(s),
            Err(e) => diags.extend(e),
        }
    }
    let loaded = match (config, units) {
        (Some(config), Some(units)) => Some(Loaded {
            root: root.to_path_buf(),
            config,
            units,
            sources,
            assets,
        }),
        _ => None,
    };
    (loaded, diags)
}

/// A Markdown file found under `content/`: its path relative to it, its path, and its
/// modification time and size.
type MdFile = (String, PathBuf, (Option<std::time::SystemTime>, u64));

/// The files under `content/`, sorted by name: Markdown files, other files, and what could not
/// be read.
fn walk(root: &Path, content: &Path) -> (Vec<MdFile>, Vec<Asset>, Vec<Diagnostic>) {
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
                            .map_or_else(|| e.to_string(), crate::diagnostic::io_error_vi)
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
            let stamp = entry
                .metadata()
                .map(|m| (m.modified().ok(), m.len()))
                .unwrap_or((None, 0));
            md_files.push((rel, entry.path().to_path_buf(), stamp));
        } else {
            assets.push(Asset {
                rel,
                abs: entry.path().to_path_buf(),
                len: entry.metadata().map_or(0, |m| m.len()),
            });
        }
    }

    (md_files, assets, walk_diags)
}

/// Reads and splits one Markdown file.
pub fn load_source(rel: &str, abs: &Path) -> Result<Source, Vec<Diagnostic>> {
    let display = Path::new(CONTENT_DIR).join(rel);
    let text = read_text(abs, &display).map_err(|d| vec![d])?;
    let (yaml, body, body_line) = frontmatter::split(&text)
        .map_err(|(pos, msg, hint)| vec![Diagnostic::error(&display, pos, msg).with_hint(hint)])?;
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    let is_section = file_name == "_index.md";
    let front = frontmatter::parse(yaml, is_section, &display)?;
    Ok(Source {
        rel: rel.to_string(),
        display,
        is_section,
        is_bundle: file_name == "index.md",
        front,
        body: body.to_string(),
        body_line,
    })
}
