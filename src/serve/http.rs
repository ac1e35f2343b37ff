//! Answers one HTTP request from the current in-memory build: safe path resolution, content
//! types, `HEAD`, folder redirects, the site's 404 page, the reload script and the event stream.

use super::{Hub, Snapshot};
use crate::model::links::percent_decode;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Answers `req` from `snap`; the event stream is handed to `hub`.
pub fn handle(req: Request, snap: Arc<Snapshot>, hub: &Arc<Hub>) {
    let method = req.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let _ = req.respond(
            Response::from_string("Chỉ hỗ trợ GET và HEAD")
                .with_status_code(405)
                .with_header(header("Allow", "GET, HEAD"))
                .with_header(header("Content-Type", "text/plain; charset=utf-8")),
        );
        return;
    }
    if req.url().split('?').next() == Some(EVENTS) {
        stream_events(req, &snap, hub);
        return;
    }
    let Some(key) = clean_path(req.url()) else {
        return not_found(req, &snap);
    };
    let file_key = if key.is_empty() || req.url().split('?').next().unwrap_or("").ends_with('/') {
        if key.is_empty() {
            "index.html".to_string()
        } else {
            format!("{key}/index.html")
        }
    } else {
        key.clone()
    };
    if let Some(body) = snap.read(&file_key) {
        return send(req, 200, &file_key, body);
    }
    // `/tin-tuc` is a folder: send the browser to `/tin-tuc/`.
    if !key.is_empty() && snap.contains(&format!("{key}/index.html")) {
        let query = req
            .url()
            .split_once('?')
            .map(|(_, q)| format!("?{q}"))
            .unwrap_or_default();
        let location = format!("/{key}/{query}");
        let _ = req.respond(
            Response::empty(StatusCode(301))
                .with_header(header("Location", &location))
                .with_header(header("Cache-Control", "no-store")),
        );
        return;
    }
    not_found(req, &snap)
}

fn not_found(req: Request, snap: &Snapshot) {
    match snap.read(&crate::model::routes::not_found().output_file()) {
        Some(body) => send(req, 404, "404.html", body),
        // No site yet (the first build failed): a page that still gets the error overlay.
        None => {
            let errors = crate::base::xml::escape(&snap.errors.join("\n"));
            let page = format!(
                "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><meta charset=\"utf-8\"><title>Chưa dựng được site</title></head>\n<body>\n<h1>Chưa dựng được site</h1>\n<pre>{errors}</pre>\n</body>\n</html>\n"
            );
            send(req, 404, "404.html", page.into_bytes());
        }
    }
}

fn send(req: Request, status: u16, key: &str, body: Vec<u8>) {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") {
        inject(&body)
    } else {
        body
    };
    // tiny_http leaves the body out of answers to HEAD; the length is sent either way.
    let resp = Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        .with_chunked_threshold(usize::MAX);
    let _ = req.respond(resp);
}

/// Server-Sent Events: the state now, then one event per rebuild, and a comment every
/// 15 s so a closed tab is noticed.
fn stream_events(req: Request, snap: &Snapshot, hub: &Arc<Hub>) {
    let rx = hub.subscribe();
    let state = snap.state_event();
    // The stream holds its connection for as long as the tab is open: not a pool worker.
    std::thread::spawn(move || {
        let mut w = req.into_writer();
        let start = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
        if w.write_all(start.as_bytes())
            .and_then(|_| w.write_all(state.as_bytes()))
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
        loop {
            let msg = match rx.recv_timeout(Duration::from_secs(15)) {
                Ok(m) => m,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => ": ping\n\n".to_string(),
                Err(_) => return,
            };
            if w.write_all(msg.as_bytes()).and_then(|_| w.flush()).is_err() {
                return;
            }
        }
    });
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
