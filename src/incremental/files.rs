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

    /// The changed files read again, when every path the watcher named is a Markdown file of
    /// the last listing; `None` otherwise, or when one cannot be read (a full load tells why).
    /// Nothing is kept until `accept`.
    pub(super) fn read_changed(&self) -> Option<Vec<Reread>> {
        let listing = self.listing.as_ref()?;
        let changed = self.changed.as_ref().filter(|c| !c.is_empty())?;
        changed
            .iter()
            .map(|p| {
                let f = listing.markdown.iter().find(|f| &f.abs == p)?;
                let meta = std::fs::metadata(&f.abs).ok().filter(|m| m.is_file())?;
                let source = input::load_source(&f.rel, &f.abs).ok()?;
                Some((
                    f.abs.clone(),
                    (meta.modified().ok(), meta.len()),
                    Arc::new(source),
                ))
            })
            .collect()
    }

    /// Keeps files from `read_changed` once the build used them.
    pub(super) fn accept(&mut self, reread: &[Reread]) {
        if let Some(listing) = self.listing.as_mut() {
            for (abs, stamp, _) in reread {
                if let Some(f) = listing.markdown.iter_mut().find(|f| &f.abs == abs) {
                    f.stamp = *stamp;
                }
            }
        }
        for (abs, stamp, source) in reread {
            self.read
                .insert(abs.clone(), (*stamp, Ok(Arc::clone(source))));
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
                    listing.markdown[i].stamp = (m.modified().ok(), m.len());
                }
                (Some(m), None) if m.is_file() && markdown => {
                    let file = MdFile {
                        rel: slash_path(rel),
                        abs: p.clone(),
                        stamp: (m.modified().ok(), m.len()),
                    };
                    // Where the walk would have met it: in file-name order, folder by folder.
                    let at = listing
                        .markdown
                        .partition_point(|f| walk_order(&f.abs) < walk_order(p));
                    listing.markdown.insert(at, file);
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
                    None => input::load_source(&f.rel, &f.abs).map(Arc::new),
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

/// A path's parts, which order files as the walk of `content/` meets them.
fn walk_order(p: &Path) -> Vec<&std::ffi::OsStr> {
    p.iter().collect()
}
