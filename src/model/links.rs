//! Links written in Markdown: relative paths made site-absolute, `.md` targets turned into permalinks.

use super::permalink::Permalink;
use crate::base::diagnostic::{Diagnostic, Pos};
use std::path::Path;

/// Whether a link is relative to the file it is written in (not a site path, not a full URL).
pub fn is_relative(url: &str) -> bool {
    !(url.is_empty() || url.starts_with('/') || url.starts_with('#') || url.contains(':'))
}

/// A content image that no file provides.
pub fn missing_image(source: &Path, pos: Pos, original: &str) -> Diagnostic {
    Diagnostic::error(source, pos, format!("không tìm thấy tệp ảnh `{original}`")).with_hint(
        "đặt ảnh cạnh tệp bài viết (với bài dạng thư mục: cạnh `index.md`) hoặc trong `static/`",
    )
}

/// Resolves `url` against the site path `base` (which ends with `/`), normalising `.` and `..`.
pub fn resolve_url(base: &str, url: &str) -> String {
    if url.starts_with('/')
        || url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("tel:")
    {
        return url.to_string();
    }
    let (path, frag) = match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let mut segs: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            p => segs.push(p),
        }
    }
    let mut out = format!("/{}", segs.join("/"));
    if (path.ends_with('/') || path.is_empty()) && out != "/" {
        out.push('/');
    }
    out + frag
}

/// Rewrites a Markdown link: `.md` targets become permalinks, relative paths become site paths.
/// `find` gives the permalink of a file by its path under `content/`.
pub(super) fn rewrite_link(
    url: &str,
    src_dir: &str,
    base: &str,
    find: &dyn Fn(&str) -> Option<Permalink>,
) -> Option<String> {
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") || url.contains(':') {
        return None;
    }
    let (path, frag) = match url.find('#') {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    if path.ends_with(".md") {
        let content_base = format!("/{src_dir}/");
        let target = resolve_url(
            if path.starts_with('/') {
                "/"
            } else {
                &content_base
            },
            path,
        );
        let key = target.trim_start_matches('/');
        return Some(match find(key) {
            Some(p) => format!("{p}{frag}"),
            None => url.to_string(),
        });
    }
    if url.starts_with('/') {
        return None;
    }
    Some(resolve_url(base, url))
}

/// Decodes `%XX` escapes byte by byte; a `%` not followed by two hex digits stays as it is.
pub fn percent_decode(s: &str) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let pair = bytes
            .get(i + 1..i + 3)
            .and_then(|p| Some(hex(p[0])? * 16 + hex(p[1])?));
        match (bytes[i], pair) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_urls() {
        assert_eq!(resolve_url("/tin-tuc/a/", "anh.jpg"), "/tin-tuc/a/anh.jpg");
        assert_eq!(
            resolve_url("/tin-tuc/", "../hoi-dap/#vneid"),
            "/hoi-dap/#vneid"
        );
        assert_eq!(resolve_url("/tin-tuc/", "https://x.vn/a"), "https://x.vn/a");
        assert_eq!(resolve_url("/", "./"), "/");
    }

    #[test]
    fn rewrites_md_links_to_permalinks() {
        let m = |key: &str| {
            (key == "hoi-dap/vneid.md").then(|| Permalink::from_segments(["hoi-dap", "vneid"]))
        };
        assert_eq!(
            rewrite_link("../hoi-dap/vneid.md#muc", "tin-tuc", "/tin-tuc/", &m).as_deref(),
            Some("/hoi-dap/vneid/#muc")
        );
        assert_eq!(
            rewrite_link("/hoi-dap/vneid.md", "tin-tuc", "/tin-tuc/", &m).as_deref(),
            Some("/hoi-dap/vneid/")
        );
        assert_eq!(rewrite_link("https://a.vn", "", "/", &m), None);
        assert_eq!(rewrite_link("#x", "", "/", &m), None);
    }

    #[test]
    fn decodes_percent() {
        assert_eq!(super::percent_decode("a%20b"), b"a b");
        assert_eq!(super::percent_decode("100%"), b"100%");
        assert_eq!(super::percent_decode("%zz%c3%a2"), "%zzâ".as_bytes());
    }
}
