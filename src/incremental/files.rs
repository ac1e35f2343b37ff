//! Markdown files already read, with the modification time and size they had: a rebuild
//! re-reads only the files that changed, and lists `content/` again only when a file was
//! added or removed.

use crate::base::diagnostic::Diagnostics;
use crate::input::CONTENT_DIR;
use crate::input::{
    self, is_ignored_name, slash_path, Listing, Loaded, MdFile, Read, Source, Stamp,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file read again after an edit: its path, stamp and source.
pub(super) type Reread = (PathBuf, Stamp, Arc<Source>);

/// What became of one Markdown file the watcher named.
#[derive(Debug)]
pub(super) enum Edit {
    /// A file of the last listing, read again.
    Changed(Reread),
    /// A new file, read.
    Added(Reread),
    /// A file of the last listing that is gone: its path, and its path under `content/`.
    Deleted(PathBuf, String),
}

impl Edit {
    /// The file's path as messages show it (`content/…`).
    pub(super) fn display(&self) -> PathBuf {
        match self {
            Edit::Changed((_, _, s)) | Edit::Added((_, _, s)) => s.display.clone(),
            Edit::Deleted(_, rel) => Path::new(CONTENT_DIR).join(rel),
        }
    }
}

/// The files of the last load, by path, and the listing they came from.
#[derive(Debug, Default)]
pub(super) struct Files {
    read: FxHashMap<PathBuf, (Stamp, Read)>,
    listing: Option<Listing>,
    /// Paths the watcher reported since the last build, when it knows them.
    changed: Option<Vec<PathBuf>>,
}

impl Files {
    /// Tells the next load which paths changed. When they are all Markdown files it already
    /// knows (edits, not new or deleted files), it reads just those instead of listing the
    /// whole folder again.
    pub(super) fn changed(&mut self, paths: Vec<PathBuf>) {
        for p in &paths {
            self.read.remove(p);
        }
        self.changed = Some(paths);
    }

    /// What became of each path the watcher named, when each is a Markdown file of `content/`
    /// edited, added (outside any bundle's folder) or deleted, or an editor's temporary file;
    /// `None` otherwise, or when one cannot be read (a full load tells why). Nothing is kept
    /// until `accept`.
    pub(super) fn read_changed(&self, root: &Path) -> Option<Vec<Edit>> {
        let listing = self.listing.as_ref()?;
        let mut changed = self.changed.clone().filter(|c| !c.is_empty())?;
        changed.sort();
        changed.dedup();
        let content = root.join(CONTENT_DIR);
        let mut edits = Vec::with_capacity(changed.len());
        for p in &changed {
            let rel = p.strip_prefix(&content).ok()?;
            if rel.iter().any(|c| is_ignored_name(&c.to_string_lossy())) {
                continue; // the walk skips it too
            }
            let known = listing.markdown.iter().find(|f| &f.abs == p);
            let meta = match std::fs::symlink_metadata(p) {
                Ok(m) => Some(m).filter(|m| m.is_file())?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let f = known?;
                    in_no_bundle(listing, &f.rel).then_some(())?;
                    edits.push(Edit::Deleted(f.abs.clone(), f.rel.clone()));
                    continue;
                }
                Err(_) => return None,
            };
            let (rel, new) = match known {
                Some(f) => (f.rel.clone(), false),
                None if p.extension().is_some_and(|e| e == "md") => (slash_path(rel), true),
                None => return None,
            };
            if new && !in_no_bundle(listing, &rel) {
                return None;
            }
            let source = input::load_source(&rel, p).ok()?;
            let stamp = input::stamp(&meta);
            let read = (p.clone(), stamp, Arc::new(source));
            edits.push(match new {
                true => Edit::Added(read),
                false => Edit::Changed(read),
            });
        }
        Some(edits).filter(|e| !e.is_empty())
    }

    /// Keeps what `read_changed` gave once the build used it.
    pub(super) fn accept(&mut self, edits: &[Edit]) {
        if let Some(listing) = self.listing.as_mut() {
            for e in edits {
                match e {
                    Edit::Changed((abs, stamp, _)) => {
                        if let Some(f) = listing.markdown.iter_mut().find(|f| &f.abs == abs) {
                            f.stamp = *stamp;
                        }
                    }
                    Edit::Added((abs, stamp, source)) => insert_file(
                        listing,
                        MdFile {
                            rel: source.rel.clone(),
                            abs: abs.clone(),
                            stamp: *stamp,
                        },
                    ),
                    Edit::Deleted(abs, _) => listing.markdown.retain(|f| &f.abs != abs),
                }
            }
        }
        for e in edits {
            match e {
                Edit::Changed((abs, stamp, source)) | Edit::Added((abs, stamp, source)) => {
                    self.read.insert(
                        abs.clone(),
                        (
                            *stamp,
                            Read {
                                source: Some(Arc::clone(source)),
                                problems: Vec::new(),
                            },
                        ),
                    );
                }
                Edit::Deleted(abs, _) => {
                    self.read.remove(abs);
                }
            }
        }
        self.changed = None;
    }

    /// The previous listing brought up to date with the changed paths: Markdown files edited,
    /// added or deleted; `None` (list again) for anything else under `content/` (folders,
    /// other files), or when the watcher did not say what changed.
    fn reuse_listing(&mut self, root: &Path) -> Option<Listing> {
        let changed = self.changed.take()?;
        let mut listing = self.listing.clone()?;
        let content = root.join(CONTENT_DIR);
        for p in &changed {
            let Ok(rel) = p.strip_prefix(&content) else {
                continue; // settings, templates, static files: not part of the listing
            };
            if rel.iter().any(|c| is_ignored_name(&c.to_string_lossy())) {
                continue; // an editor's temporary file: the walk skips it too
            }
            let meta = std::fs::symlink_metadata(p).ok();
            let known = listing.markdown.iter().position(|f| &f.abs == p);
            let markdown = p.extension().is_some_and(|e| e == "md");
            match (meta, known) {
                (Some(m), Some(i)) if m.is_file() => {
                    listing.markdown[i].stamp = input::stamp(&m);
                }
                (Some(m), None) if m.is_file() && markdown => {
                    let file = MdFile {
                        rel: slash_path(rel),
                        abs: p.clone(),
                        stamp: input::stamp(&m),
                    };
                    insert_file(&mut listing, file);
                }
                (None, Some(i)) => {
                    listing.markdown.remove(i);
                }
                // Created and gone before the build (a temporary file), and nothing under it.
                (None, None) if !listing.markdown.iter().any(|f| f.abs.starts_with(p)) => {}
                _ => return None,
            }
        }
        Some(listing)
    }

    /// `input::load`, taking unchanged files from the last load and keeping what it read.
    pub(super) fn load(&mut self, root: &Path) -> (Option<Loaded>, Diagnostics) {
        let listing = self
            .reuse_listing(root)
            .unwrap_or_else(|| input::list(root));
        let old = &self.read;
        let read: Vec<Read> = listing
            .markdown
            .par_iter()
            .map(|f| {
                let kept = old.get(&f.abs).filter(|((m, l), _)| {
                    // A file without a modification time is always read again.
                    m.is_some() && (*m, *l) == f.stamp
                });
                match kept {
                    Some((_, r)) => r.clone(),
                    None => Read::of(&f.rel, &f.abs),
                }
            })
            .collect();
        self.read = listing
            .markdown
            .iter()
            .zip(&read)
            .map(|(f, r)| (f.abs.clone(), (f.stamp, r.clone())))
            .collect();
        let result = input::assemble(root, &listing, read);
        self.listing = Some(listing);
        result
    }
}

/// Puts `file` where the walk of `content/` would have met it: in file-name order, folder by
/// folder, which is the order of paths compared part by part.
fn insert_file(listing: &mut Listing, file: MdFile) {
    let at = listing
        .markdown
        .partition_point(|f| f.abs.as_path() < file.abs.as_path());
    listing.markdown.insert(at, file);
}

/// Whether the Markdown file at `rel` (under `content/`) is in no bundle's folder, nor a
/// bundle's page itself: its coming or going moves no copied file.
fn in_no_bundle(listing: &Listing, rel: &str) -> bool {
    if rel.rsplit('/').next() == Some("index.md") {
        return false;
    }
    let mut dir = input::parent_dir(rel);
    loop {
        let index = if dir.is_empty() {
            "index.md".to_string()
        } else {
            format!("{dir}/index.md")
        };
        if listing.markdown.iter().any(|f| f.rel == index) {
            return false;
        }
        if dir.is_empty() {
            return true;
        }
        dir = input::parent_dir(dir);
    }
}
