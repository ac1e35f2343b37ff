//! Watching the site's sources: folders, not files (editors save by renaming), events
//! gathered until the writes settle, editor temporary files and hidden paths ignored.

use super::poll::Poller;
use crate::input::{is_ignored_name, slash_path};
use notify::RecursiveMode;
use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::input::{SOURCE_FILES as FILES, SOURCE_FOLDERS as FOLDERS};

/// Quiet time that ends a burst of events: one save makes several within a millisecond or
/// two (truncate, write, close, or write a copy and rename it).
const SETTLE: Duration = Duration::from_millis(10);
/// A burst never delays a rebuild longer than this.
const MAX_WAIT: Duration = Duration::from_millis(500);

/// Whether a path (relative to the site root) is one whose change needs a rebuild.
pub fn relevant(rel: &Path) -> bool {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let Some(first) = parts.first() else {
        return false;
    };
    let top = if parts.len() == 1 {
        FILES.contains(&first.as_str()) || FOLDERS.contains(&first.as_str())
    } else {
        FOLDERS.contains(&first.as_str())
    };
    // The same names a build skips, in any folder of the path.
    top && !parts.iter().any(|p| is_ignored_name(p))
}

/// Whether an event can change what a build reads. Reading files (the build itself) makes
/// access and access-time events; counting those would rebuild forever.
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::{EventKind as K, ModifyKind};
    match kind {
        K::Access(_) => false,
        K::Modify(ModifyKind::Metadata(_)) => false,
        K::Create(_) | K::Remove(_) | K::Modify(_) | K::Any | K::Other => true,
    }
}

/// A running watcher and the paths it reports.
pub struct Watcher {
    root: PathBuf,
    rx: Receiver<PathBuf>,
    backend: Backend,
}

/// Where the changed paths come from.
enum Backend {
    /// The system's file events (inotify, FSEvents, …).
    Events(Mutex<Native>),
    /// Listing the files every half second; kept only so that it runs.
    Poll { _poller: Poller },
}

/// The system watcher and the site folders it watches.
struct Native {
    watcher: Box<dyn notify::Watcher + Send>,
    watched: HashSet<&'static str>,
}

impl Watcher {
    /// Watches the site at `root`; `poll` checks the files every half second instead.
    pub fn start(root: &Path, poll: bool) -> notify::Result<Watcher> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (tx, rx) = channel();
        if poll {
            return Ok(Watcher {
                backend: Backend::Poll {
                    _poller: Poller::start(&root, tx),
                },
                root,
                rx,
            });
        }
        let handler = move |res: notify::Result<notify::Event>| {
            if let Ok(ev) = res {
                if changes_content(&ev.kind) {
                    for p in ev.paths {
                        let _ = tx.send(p);
                    }
                }
            }
        };
        let mut inner: Box<dyn notify::Watcher + Send> =
            Box::new(notify::recommended_watcher(handler)?);
        inner.watch(&root, RecursiveMode::NonRecursive)?;
        let w = Watcher {
            root,
            rx,
            backend: Backend::Events(Mutex::new(Native {
                watcher: inner,
                watched: HashSet::new(),
            })),
        };
        w.watch_folders();
        Ok(w)
    }

    /// Watches the site's folders that exist and are not watched yet (one may appear later).
    fn watch_folders(&self) {
        // The poller lists the folders afresh each time.
        let Backend::Events(native) = &self.backend else {
            return;
        };
        let native = &mut *native.lock().expect("watcher");
        for f in FOLDERS {
            let p = self.root.join(f);
            if p.is_dir()
                && !native.watched.contains(f)
                && native.watcher.watch(&p, RecursiveMode::Recursive).is_ok()
            {
                native.watched.insert(f);
            }
        }
    }

    fn rel(&self, p: &Path) -> Option<PathBuf> {
        p.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }

    /// Blocks until something relevant changed and the writes settled; returns the changed
    /// paths relative to the root, `/` separated. `None` when the watcher stopped.
    pub fn next_batch(&self) -> Option<BTreeSet<String>> {
        let mut changed = BTreeSet::new();
        let add = |p: PathBuf, changed: &mut BTreeSet<String>| {
            if let Some(rel) = self.rel(&p) {
                if relevant(&rel) {
                    changed.insert(slash_path(&rel));
                }
            }
        };
        while changed.is_empty() {
            let p = self.rx.recv().ok()?;
            add(p, &mut changed);
        }
        let first = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(first.elapsed());
            if left.is_zero() {
                break;
            }
            match self.rx.recv_timeout(SETTLE.min(left)) {
                Ok(p) => add(p, &mut changed),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        self.watch_folders();
        Some(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count_and_editor_files_do_not() {
        for good in [
            "site.yaml",
            "units.yaml",
            "content/tin-tuc/a.md",
            "content/tin-tuc",
            "themes/default/static/style.css",
            "templates/page.html",
        ] {
            assert!(relevant(Path::new(good)), "{good}");
        }
        for bad in [
            "public/index.html",
            "target/debug/loa",
            ".git/index",
            "content/tin-tuc/.a.md.swp",
            "content/tin-tuc/a.md~",
            "content/tin-tuc/4913",
            "content/tin-tuc/.#a.md",
            "content/tin-tuc/#a.md#",
            "content/.loa-tam/a.md",
            "README.md",
        ] {
            assert!(!relevant(Path::new(bad)), "{bad}");
        }
    }
}
