//! Write: put rendered outputs on disk atomically. A failed build leaves the old output alone.

use crate::render::Output;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `outputs` into a fresh folder beside `out` and swaps it in place of `out`.
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
    if let Err(e) = write_all(&staging, outputs) {
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
            Output::Bytes { data, .. } => std::fs::write(&target, data),
            Output::Copy { source, .. } => std::fs::copy(source, &target).map(|_| ()),
        }
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", target.display())))
    })
}
