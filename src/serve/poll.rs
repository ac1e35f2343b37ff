//! Watching by looking: for mounts that send no events (network shares, some containers),
//! the site's files are listed every half second and compared with the last listing.
//!
//! notify's own PollWatcher compares write times in whole seconds, so a second save within
//! the same second went unseen; this compares nanosecond write times and sizes.

use crate::input::is_ignored_name;
use crate::input::{SOURCE_FILES as FILES, SOURCE_FOLDERS as FOLDERS};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How often the files are listed.
const INTERVAL: Duration = Duration::from_millis(500);

/// What a file looked like at one listing.
type Stamp = (Option<SystemTime>, u64, bool);

/// A polling thread; it stops when this is dropped.
pub struct Poller {
    stop: Arc<AtomicBool>,
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Poller {
    /// Lists the site now, then sends every path that appears, disappears or changes.
    pub fn start(root: &Path, tx: Sender<PathBuf>) -> Poller {
        let stop = Arc::new(AtomicBool::new(false));
        let root = root.to_path_buf();
        let flag = stop.clone();
        // The first listing is taken before returning, so no edit made after `start` is missed.
        let mut last = listing(&root);
        std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(INTERVAL);
                let now = listing(&root);
                for path in changes(&last, &now) {
                    if tx.send(path).is_err() {
                        return;
                    }
                }
                last = now;
            }
        });
        Poller { stop }
    }
}

/// Every watched file and folder with its write time, size and kind.
fn listing(root: &Path) -> HashMap<PathBuf, Stamp> {
    let mut out = HashMap::new();
    let mut note = |path: PathBuf, meta: Option<std::fs::Metadata>| {
        if let Some(m) = meta {
            out.insert(path, (m.modified().ok(), m.len(), m.is_dir()));
        }
    };
    for f in FILES {
        let p = root.join(f);
        let meta = std::fs::metadata(&p).ok();
        note(p, meta);
    }
    for f in FOLDERS {
        let walk = walkdir::WalkDir::new(root.join(f))
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
        for entry in walk.flatten() {
            let meta = entry.metadata().ok();
            note(entry.into_path(), meta);
        }
    }
    out
}

/// The paths whose stamp differs between two listings, including added and removed ones.
fn changes(old: &HashMap<PathBuf, Stamp>, new: &HashMap<PathBuf, Stamp>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = new
        .iter()
        .filter(|(p, s)| old.get(*p) != Some(s))
        .map(|(p, _)| p.clone())
        .collect();
    out.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_save_within_the_same_second_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/tin-tuc")).unwrap();
        std::fs::create_dir_all(root.join("content/.git")).unwrap();
        let post = root.join("content/tin-tuc/a.md");
        std::fs::write(&post, "một").unwrap();
        std::fs::write(root.join("site.yaml"), "title: x").unwrap();
        let before = listing(root);
        assert!(before.contains_key(&post));
        assert!(!before.contains_key(&root.join("content/.git")));

        // Same length, so only the nanoseconds of the write time tell.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&post, "hai").unwrap();
        std::fs::write(root.join("content/tin-tuc/b.md"), "mới").unwrap();
        std::fs::remove_file(root.join("site.yaml")).unwrap();
        std::fs::write(root.join("content/.git/index"), "x").unwrap();
        let mut seen = changes(&before, &listing(root));
        seen.sort();
        let rel: Vec<_> = seen
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            rel,
            [
                "content/tin-tuc",
                "content/tin-tuc/a.md",
                "content/tin-tuc/b.md",
                "site.yaml"
            ]
        );
    }
}
