//! Write: put rendered outputs on disk atomically. A failed build leaves the old output alone.

use crate::render::Output;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// The file that marks a folder as loa's output: only such a folder is ever replaced.
pub const MARKER: &str = ".loa-build";

const MARKER_TEXT: &str =
    "Thư mục này do loa tạo ra; mỗi lần dựng, loa thay toàn bộ nội dung của nó.\n";

/// Refuses output folders whose replacement would destroy something: the site itself, its
/// sources, or a folder that loa did not create. Returns the message and a hint.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), (String, String)> {
    let (root, out) = (resolve(root), resolve(out));
    let shown = out.display();
    if root.starts_with(&out) {
        return Err((
            format!("thư mục đầu ra `{shown}` chứa chính site; dựng vào đó sẽ xóa mất nội dung"),
            "chọn một thư mục riêng, ví dụ `--out public`".into(),
        ));
    }
    for source in crate::input::SOURCE_FOLDERS {
        if out.starts_with(root.join(source)) {
            return Err((
                format!("thư mục đầu ra `{shown}` nằm trong `{source}/` của site"),
                "chọn một thư mục ngoài các thư mục nguồn, ví dụ `--out public`".into(),
            ));
        }
    }
    if out.is_file() {
        return Err((
            format!("`{shown}` là một tệp, không phải thư mục"),
            "chọn tên khác cho `--out`".into(),
        ));
    }
    let foreign = out.is_dir()
        && !out.join(MARKER).is_file()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true);
    if foreign {
        return Err((
            format!("thư mục `{shown}` đã có tệp không do loa tạo; loa không thay thế nó"),
            "xóa hoặc đổi tên thư mục đó, hoặc chọn `--out` khác".into(),
        ));
    }
    Ok(())
}

/// An absolute path with `.`, `..` and symbolic links resolved as far as the path exists.
fn resolve(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return abs,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        if name == ".." {
            out.pop();
        } else if name != "." {
            out.push(name);
        }
    }
    out
}

/// Writes one file beside `path` and renames it into place, so a failure leaves the previous
/// file whole.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let tmp = path.with_file_name(format!(".{}.loa-tmp", name.to_string_lossy()));
    // Synced before the rename: a machine that stops right after holds the old file or the
    // new one, never an empty one.
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            use std::io::Write;
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// A fresh folder beside the output folder that files are written into as they are made,
/// then swapped in place of the output folder in one rename. Dropped without `commit`, it is
/// removed and the previous output stays as it was.
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Folders already made, so each file costs one write.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
    /// Held while this build writes: a second build into the same folder is refused rather
    /// than left to remove this one's files. The system lets it go when the process ends,
    /// killed or not.
    _lock: std::fs::File,
}

/// Why a build is refused while another writes into the same output folder.
pub const BUSY: crate::base::diagnostic::IoVi =
    crate::base::diagnostic::IoVi("một lần dựng khác đang ghi vào thư mục này");

impl Staging {
    /// A staging folder for `out`; call [`check_output_dir`] first.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = out
            .file_name()
            .map_or("public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.loa-moi"));
        let old = parent.join(format!(".{name}.loa-cu"));
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(parent.join(format!(".{name}.loa-khoa")))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(io::Error::new(io::ErrorKind::ResourceBusy, BUSY))
            }
            // Some network and FUSE mounts have no locks: builds there go on unguarded, as
            // they did before there was a lock.
            Err(std::fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        // A build stopped between its two renames left the previous site aside: put it back,
        // so that a failure now still leaves it in place.
        if !out.exists() && old.join(MARKER).is_file() {
            std::fs::rename(&old, out)?;
        }
        for p in [&dir, &old] {
            if p.exists() {
                std::fs::remove_dir_all(p)?;
            }
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            old,
            made: Default::default(),
            committed: false,
            _lock: lock,
        })
    }

    /// Writes one output into the staging folder; gives it back as a file to read from there
    /// (its bytes are no longer held in memory).
    pub fn put(&self, o: Output) -> io::Result<Output> {
        let target = self.dir.join(o.path());
        if let Some(parent) = target.parent() {
            let known = self
                .made
                .lock()
                .expect("no panic holds it")
                .contains(parent);
            if !known {
                // Made before it is noted: another thread that sees the note may write at once.
                std::fs::create_dir_all(parent)?;
                self.made
                    .lock()
                    .expect("no panic holds it")
                    .insert(parent.to_path_buf());
            }
        }
        match &o {
            Output::Bytes { data, .. } => std::fs::write(&target, data.as_slice()),
            Output::Copy { source, .. } => std::fs::copy(source, &target).map(|_| ()),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", target.display())))?;
        Ok(Output::Copy {
            path: o.path().to_string(),
            source: target,
        })
    }

    /// Marks the folder as loa's and puts it in place of the output folder; `outputs` that
    /// `put` gave back then point into the output folder.
    pub fn commit(mut self, outputs: &mut [Output]) -> io::Result<()> {
        std::fs::write(self.dir.join(MARKER), MARKER_TEXT)?;
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            // Put the previous site back before reporting.
            let _ = std::fs::rename(&self.old, &self.out);
            return Err(e);
        }
        self.committed = true;
        for o in outputs {
            if let Output::Copy { path, source } = o {
                if source.starts_with(&self.dir) {
                    *source = self.out.join(&*path);
                }
            }
        }
        if self.old.exists() {
            // The new site is in place: a previous one that will not go is removed by the
            // next build, not reported as a failed one.
            let _ = remove_dir_all_parallel(&self.old);
        }
        Ok(())
    }
}

/// `remove_dir_all` with the entries of each folder removed on every core: the previous site
/// is thousands of files, and removing them one after another took a fifth of a rebuild at
/// 1,000 posts. Symbolic links are removed, not followed.
fn remove_dir_all_parallel(dir: &Path) -> io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_dir_all_parallel(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `outputs` into a fresh folder beside `out` and swaps it in place of `out`;
/// call [`check_output_dir`] first.
pub fn write_atomic(out: &Path, outputs: &[Output]) -> io::Result<()> {
    let staging = Staging::new(out)?;
    outputs
        .par_iter()
        .try_for_each(|o| staging.put(o.clone()).map(|_| ()))?;
    staging.commit(&mut [])
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_replaced_file_is_whole_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bao-cao.csv");
        std::fs::write(&path, "cũ").unwrap();
        super::replace_file(&path, "mới".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mới");
        // A folder cannot be replaced by a file: the error leaves nothing behind.
        let folder = dir.path().join("thu-muc");
        std::fs::create_dir(&folder).unwrap();
        assert!(super::replace_file(&folder, b"x").is_err());
        assert!(folder.is_dir());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "{left:?}");
    }

    #[test]
    fn a_build_stopped_between_its_two_renames_gets_the_previous_site_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let aside = dir.path().join(".public.loa-cu");
        std::fs::create_dir_all(&aside).unwrap();
        std::fs::write(aside.join("index.html"), "bản cũ").unwrap();
        std::fs::write(aside.join(super::MARKER), "").unwrap();
        // Then this build fails: dropped without a commit.
        drop(super::Staging::new(&out).unwrap());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "bản cũ"
        );
        assert!(!aside.exists());
    }

    #[test]
    fn a_second_staging_of_the_same_folder_is_refused_until_the_first_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = super::Staging::new(&out).unwrap();
        let second = super::Staging::new(&out).err().unwrap();
        assert_eq!(second.kind(), std::io::ErrorKind::ResourceBusy);
        assert!(
            dir.path().join(".public.loa-moi").is_dir(),
            "the first is untouched"
        );
        first.commit(&mut []).unwrap();
        assert!(super::Staging::new(&out).is_ok());
    }

    #[test]
    fn the_previous_site_is_removed_whole_but_not_what_its_links_point_to() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("cu");
        let outside = dir.path().join("ngoai");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("giu.txt"), "x").unwrap();
        for i in 0..50 {
            let d = old.join(format!("tin-tuc/bai-{i}/anh"));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("a.png"), "x").unwrap();
            std::fs::write(d.parent().unwrap().join("index.html"), "x").unwrap();
        }
        std::fs::write(old.join("index.html"), "x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, old.join("lien-ket")).unwrap();
        super::remove_dir_all_parallel(&old).unwrap();
        assert!(!old.exists());
        assert!(outside.join("giu.txt").is_file());
    }
}
