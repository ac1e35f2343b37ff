//! Site paths of pages (`/tin-tuc/abc/`) and the output files they become.

use serde::Serialize;
use std::fmt;

/// A site-absolute path that starts and ends with `/`, e.g. `/tin-tuc/abc/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Permalink(String);

impl Permalink {
    /// The home page `/`.
    pub fn root() -> Self {
        Permalink("/".into())
    }

    /// Joins already-slugged segments: `["tin-tuc", "abc"]` -> `/tin-tuc/abc/`.
    pub fn from_segments<'a>(segments: impl IntoIterator<Item = &'a str>) -> Self {
        let mut s = String::from("/");
        for seg in segments.into_iter().filter(|s| !s.is_empty()) {
            s.push_str(seg);
            s.push('/');
        }
        Permalink(s)
    }

    /// The URL of a content folder, every segment slugged: `Tin tức/2025` -> `/tin-tuc/2025/`.
    pub fn of_dir(dir: &str) -> Self {
        let segs: Vec<String> = dir
            .split('/')
            .filter(|s| !s.is_empty())
            .map(crate::base::slug::slugify)
            .collect();
        Permalink::from_segments(segs.iter().map(String::as_str))
    }

    /// A child path: `/tin-tuc/` + `abc` -> `/tin-tuc/abc/`.
    pub fn join(&self, segment: &str) -> Self {
        Permalink(format!("{}{}/", self.0, segment))
    }

    /// Page `n` (from 1) of a paginated list at this path: `/tin-tuc/trang/2/`.
    pub fn page(&self, n: usize) -> Self {
        if n <= 1 {
            self.clone()
        } else {
            Permalink(format!("{}trang/{n}/", self.0))
        }
    }

    /// Parses a path written by an editor (alias): adds the slashes it lacks.
    pub fn from_user(path: &str) -> Option<Self> {
        let p = path.trim();
        if p.is_empty() || p.contains("..") || p.contains("://") || p.contains(['?', '#', '\\']) {
            return None;
        }
        let segs: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
        if segs.last().is_some_and(|s| s.ends_with(".html")) {
            return Some(Permalink(format!("/{}", segs.join("/"))));
        }
        Some(Permalink::from_segments(segs))
    }

    /// The path as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file this path is written to, relative to the output folder.
    pub fn output_file(&self) -> String {
        if self.0.ends_with('/') {
            format!("{}index.html", &self.0[1..])
        } else {
            self.0[1..].to_string()
        }
    }
}

impl fmt::Display for Permalink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_files() {
        let p = Permalink::from_segments(["tin-tuc"]);
        assert_eq!(p.as_str(), "/tin-tuc/");
        assert_eq!(p.page(2).as_str(), "/tin-tuc/trang/2/");
        assert_eq!(p.page(1), p);
        assert_eq!(p.join("abc").output_file(), "tin-tuc/abc/index.html");
        assert_eq!(Permalink::root().output_file(), "index.html");
        assert_eq!(
            Permalink::from_user("cu/bai-viet").unwrap().as_str(),
            "/cu/bai-viet/"
        );
        assert_eq!(
            Permalink::from_user("/a/b.html").unwrap().as_str(),
            "/a/b.html"
        );
        assert_eq!(Permalink::from_user("../x"), None);
    }
}
