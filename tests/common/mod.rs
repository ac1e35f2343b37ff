//! Helpers shared by the integration tests: fixture sites in temporary folders and the binary.

#![allow(dead_code)]

pub mod browser;
pub mod feeds;
pub mod search;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Settings of a fixture site, with every publisher field a state website must show (fictional).
pub const SITE_YAML: &str = concat!(
    "title: \"Thử nghiệm\"\nbase_url: \"https://vidu.laichau.gov.vn\"\npaginate_by: 2\n",
    "publisher:\n  name: \"Sở Thử nghiệm tỉnh Lai Châu\"\n  address: \"Số 1, đường Thử, phường Tân Phong\"\n  phone: \"0213 000 0000\"\n  email: \"thunghiem@vidu.laichau.gov.vn\"\n  responsible: \"Giám đốc Sở Thử nghiệm\"\n"
);
pub const UNITS_YAML: &str = "- id: bao-lai-chau\n  name: \"Báo Lai Châu\"\n  until: 2025-06-19\n  successor: bao-moi\n- id: bao-moi\n  name: \"Báo mới\"\n  from: 2025-06-20\n- id: vhtt-tam-duong\n  name: \"Phòng Văn hóa và Thông tin huyện Tam Đường\"\n  children:\n    - id: ttcs-binh-lu\n      name: \"Đài truyền thanh xã Bình Lư\"\n";
pub const NEWS_INDEX: &str = "---\ntitle: \"Tin tức\"\ndated: true\nreportable: true\n---\n";

/// A site in a temporary folder, written from (path, bytes) pairs.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A site with the standard settings, units, home and news section plus `files`.
    pub fn new(files: &[(&str, &[u8])]) -> Fixture {
        let mut all: Vec<(&str, &[u8])> = vec![
            ("site.yaml", SITE_YAML.as_bytes()),
            ("units.yaml", UNITS_YAML.as_bytes()),
            (
                "content/_index.md",
                b"---\ntitle: \"Trang chu\"\n---\nXin chao.\n",
            ),
            ("content/tin-tuc/_index.md", NEWS_INDEX.as_bytes()),
        ];
        all.extend_from_slice(files);
        let dir = tempfile::tempdir().expect("tempdir");
        for (p, data) in all {
            let path = dir.path().join(p);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, data).unwrap();
        }
        Fixture { dir }
    }

    /// A site with the standard files plus `content/tin-tuc/bai-<i>.md` from `post(i)` for
    /// `i` in `0..n`.
    pub fn with_posts(n: usize, post: impl Fn(usize) -> String) -> Fixture {
        let posts: Vec<(String, String)> = (0..n)
            .map(|i| (format!("content/tin-tuc/bai-{i}.md"), post(i)))
            .collect();
        let files: Vec<(&str, &[u8])> = posts
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_bytes()))
            .collect();
        Fixture::new(&files)
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `loa --root <root> args...`.
    pub fn loa(&self, args: &[&str]) -> Output {
        loa(self.root(), args)
    }

    /// Reads an output file of `public/`.
    pub fn public(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join("public").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

/// Runs the loa binary on a site root.
pub fn loa(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_loa"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run loa")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file below `dir`, relative, sorted, with its bytes.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Builds the site at `root` with `args` into a fresh temporary folder's `public/`.
pub fn build(root: &Path, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let mut all = vec!["build", "--out", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let o = loa(root, &all);
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, out)
}

/// The URLs a document asks for: links, scripts, styles, images, a refresh's target.
pub fn urls_in(html: &str) -> Vec<String> {
    use lol_html::{element, rewrite_str, RewriteStrSettings};
    let found = std::cell::RefCell::new(Vec::new());
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .with_strict(false)
            .append_element_content_handler(element!("*", |el| {
                let mut f = found.borrow_mut();
                for name in ["href", "src", "action", "data-script"] {
                    f.extend(el.get_attribute(name));
                }
                if let Some(set) = el.get_attribute("srcset") {
                    f.extend(
                        set.split(',')
                            .filter_map(|c| c.split_whitespace().next())
                            .map(String::from),
                    );
                }
                if el.get_attribute("http-equiv").is_some() {
                    let c = el.get_attribute("content").unwrap_or_default();
                    f.extend(c.split_once("url=").map(|(_, u)| u.to_string()));
                }
                Ok(())
            })),
    )
    .unwrap();
    found.into_inner()
}
