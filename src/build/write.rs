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
    for source in [crate::input::CONTENT_DIR, "themes", "templates", "static"] {
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
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Writes `outputs` into a fresh folder beside `out` and swaps it in place of `out`;
/// call [`check_output_dir`] first.
pub fn write_atomic(out: &Path, outputs: &[Output]) -> io::Result<()> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = out
        .file_name()
        .map_or("public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.loa-moi"));
    let old = parent.join(format!(".{name}.loa-cu"));
    for p in [&staging, &old] {
        if p.exists() {
            std::fs::remove_dir_all(p)?;
        }
    }
    std::fs::create_dir_all(&staging)?;
    let written = write_all(&staging, outputs)
        .and_then(|()| std::fs::write(staging.join(MARKER), MARKER_TEXT));
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &old)?;
    }
    if let Err(e) = std::fs::rename(&staging, out) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&old, out);
        return Err(e);
    }
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

fn write_all(dir: &Path, outputs: &[Output]) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = outputs
        .iter()
        .filter_map(|o| dir.join(o.path()).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    outputs.par_iter().try_for_each(|o| {
        let target = dir.join(o.path());
        match o {
            Output::Bytes { data, .. } => std::fs::write(&target, data.as_slice()),
            Output::Copy { source, .. } => std::fs::copy(source, &target).map(|_| ()),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", target.display())))
    })
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
}
