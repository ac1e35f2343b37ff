//! Answers one HTTP request from the current in-memory build: safe path resolution, content
//! types, `HEAD`, folder redirects, the site's 404 page, the reload script and the event stream.

use super::server::{Reply, Request};
use super::{Hub, Snapshot};
use crate::model::links::percent_decode;
use std::time::Duration;

/// Path of the event stream pages listen on.
pub const EVENTS: &str = "/__loa/su-kien";

/// The script injected into every HTML page served.
const CLIENT: &str = include_str!("client.js");

/// Turns a request path into a key of the build (`tin-tuc/index.html` style, no leading
/// slash), or `None` when it tries to leave the output: `..` in any spelling, encoded
/// slashes or backslashes, NUL, or anything that is not a plain absolute path.
pub fn clean_path(raw: &str) -> Option<String> {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return None;
    }
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return None;
    }
    // A `%` without two hex digits stays literal, and matches no file of the build.
    let text = String::from_utf8(percent_decode(path)).ok()?;
    if text.contains(['\\', '\0']) {
        return None;
    }
    let mut segments = Vec::new();
    for seg in text.split('/') {
        match seg {
            "" => {}
            "." | ".." => return None,
            s => segments.push(s),
        }
    }
    Some(segments.join("/"))
}

/// `Content-Type` by extension; text types say `charset=utf-8`.
pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "woff2" => "font/woff2",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script>{CLIENT}</script>\n");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Answers `req` from `snap`; an event stream subscribes to `hub`.
pub fn handle(req: &Request, snap: &Snapshot, hub: &Hub) -> Reply {
    if !matches!(req.method.as_str(), "GET" | "HEAD") {
        return Reply::Full {
            status: 405,
            headers: vec![
                ("Allow", "GET, HEAD".into()),
                ("Content-Type", "text/plain; charset=utf-8".into()),
            ],
            body: "Chỉ hỗ trợ GET và HEAD".as_bytes().to_vec(),
        };
    }
    let url = req.target.as_str();
    let path = url.split('?').next().unwrap_or("");
    if path == EVENTS && req.method == "HEAD" {
        return Reply::Full {
            status: 200,
            headers: vec![("Content-Type", "text/event-stream; charset=utf-8".into())],
            body: Vec::new(),
        };
    }
    if path == EVENTS {
        return Reply::Events {
            first: snap.state_event(),
            rx: hub.subscribe(),
            ping: Duration::from_secs(15),
        };
    }
    let Some(key) = clean_path(url) else {
        return not_found(snap);
    };
    let file_key = match (key.is_empty(), path.ends_with('/')) {
        (true, _) => "index.html".to_string(),
        (false, true) => format!("{key}/index.html"),
        (false, false) => key.clone(),
    };
    if let Some(body) = snap.read(&file_key) {
        return send(200, &file_key, body);
    }
    // `/tin-tuc` is a folder: send the browser to `/tin-tuc/`.
    if !key.is_empty() && snap.contains(&format!("{key}/index.html")) {
        let query = url
            .split_once('?')
            .map(|(_, q)| format!("?{q}"))
            .unwrap_or_default();
        return Reply::Full {
            status: 301,
            headers: vec![
                ("Location", format!("/{key}/{query}")),
                ("Cache-Control", "no-store".into()),
            ],
            body: Vec::new(),
        };
    }
    not_found(snap)
}

fn not_found(snap: &Snapshot) -> Reply {
    match snap.read(&crate::model::routes::not_found().output_file()) {
        Some(body) => send(404, "404.html", body),
        // No site yet (the first build failed): a page that still gets the error overlay.
        None => {
            let errors = crate::base::xml::escape(&snap.errors.join("\n"));
            let page = format!(
                "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>Chưa dựng được site</title></head>\n<body>\n<h1>Chưa dựng được site</h1>\n<pre>{errors}</pre>\n</body>\n</html>\n"
            );
            send(404, "404.html", page.into_bytes())
        }
    }
}

/// A file of the build, HTML with the reload script.
fn send(status: u16, key: &str, body: Vec<u8>) -> Reply {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        inject(&body)
    } else {
        body
    };
    Reply::Full {
        status,
        headers: vec![
            ("Content-Type", kind.into()),
            ("Cache-Control", "no-store".into()),
        ],
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        for bad in [
            "/../etc/passwd",
            "/tin-tuc/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/a%2fb",
            "/a%5cb",
            "/a\\..\\b",
            "/a%00b",
            "etc/passwd",
            "http://x/etc",
            "/%c3",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        assert_eq!(clean_path("/").as_deref(), Some(""));
        assert_eq!(
            clean_path("//tin-tuc//a/?x=1").as_deref(),
            Some("tin-tuc/a")
        );
        assert_eq!(clean_path("/ch%E1%BB%A7").as_deref(), Some("chủ"));
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><script>"));
        assert!(out.ends_with("</script>\n</body></html>"));
    }
}
