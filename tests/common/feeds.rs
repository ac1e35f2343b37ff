//! A feed server on loopback for the import tests: the fixture feeds of
//! `tests/fixtures/import/feeds`, gzip when asked, an `ETag` and `304`, and the faults real
//! websites have (an HTML page, 404, 500, a slow answer, a redirect loop, an 11 MB body,
//! broken XML).

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tiny_http::{Header, Response, Server};

/// A running feed server; stops when dropped.
pub struct Feeds {
    server: Arc<Server>,
    pub port: u16,
    /// Bodies by path, which a test may change between runs.
    pub bodies: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    /// Requests answered, by path.
    pub hits: Arc<Mutex<HashMap<String, usize>>>,
    /// Requests being answered now, and the most at once.
    pub in_flight: Arc<AtomicUsize>,
    pub most_at_once: Arc<AtomicUsize>,
    /// `User-Agent` of the last request.
    pub user_agent: Arc<Mutex<String>>,
}

impl Drop for Feeds {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap()
}

impl Feeds {
    /// Serves the fixture feeds on an ephemeral port of 127.0.0.1.
    pub fn start() -> Feeds {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/feeds");
        let mut bodies = HashMap::new();
        for e in std::fs::read_dir(&dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            bodies.insert(format!("/{name}"), std::fs::read(e.path()).unwrap());
        }
        let server = Arc::new(Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let feeds = Feeds {
            server: Arc::clone(&server),
            port,
            bodies: Arc::new(Mutex::new(bodies)),
            hits: Arc::default(),
            in_flight: Arc::default(),
            most_at_once: Arc::default(),
            user_agent: Arc::default(),
        };
        for _ in 0..8 {
            let (server, bodies, hits) = (
                Arc::clone(&server),
                Arc::clone(&feeds.bodies),
                Arc::clone(&feeds.hits),
            );
            let (in_flight, most, ua) = (
                Arc::clone(&feeds.in_flight),
                Arc::clone(&feeds.most_at_once),
                Arc::clone(&feeds.user_agent),
            );
            std::thread::spawn(move || {
                while let Ok(req) = server.recv() {
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    answer(req, &bodies, &hits, &ua);
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                }
            });
        }
        feeds
    }

    /// How many times `path` was asked for.
    pub fn hits(&self, path: &str) -> usize {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    /// Replaces the body served at `path`.
    pub fn set(&self, path: &str, body: &[u8]) {
        self.bodies
            .lock()
            .unwrap()
            .insert(path.to_string(), body.to_vec());
    }
}

fn answer(
    mut req: tiny_http::Request,
    bodies: &Mutex<HashMap<String, Vec<u8>>>,
    hits: &Mutex<HashMap<String, usize>>,
    ua: &Mutex<String>,
) {
    let path = req.url().to_string();
    *hits.lock().unwrap().entry(path.clone()).or_default() += 1;
    let get = |name: &'static str| {
        req.headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    *ua.lock().unwrap() = get("User-Agent").unwrap_or_default();
    let gzip = get("Accept-Encoding").is_some_and(|a| a.contains("gzip"));
    let if_none_match = get("If-None-Match");
    let mut drain = Vec::new();
    let _ = req.as_reader().read_to_end(&mut drain);
    let _ = match path.as_str() {
        "/trang.html" => req.respond(
            Response::from_string("<!DOCTYPE html><html lang=\"vi\"><head><title>Trang chủ</title></head><body>Chào mừng</body></html>")
                .with_header(header("Content-Type", "text/html; charset=utf-8")),
        ),
        "/loi-may-chu.rss" => req.respond(Response::from_string("lỗi").with_status_code(500)),
        "/cham.rss" => {
            std::thread::sleep(Duration::from_secs(4));
            req.respond(Response::from_string("<rss version=\"2.0\"><channel><title>x</title></channel></rss>"))
        }
        "/vong.rss" => req.respond(
            Response::empty(302).with_header(header("Location", "/vong.rss")),
        ),
        "/lon.rss" => {
            let mut body = b"<rss version=\"2.0\"><channel><title>x</title><description>".to_vec();
            body.resize(11 * 1024 * 1024, b'a');
            req.respond(Response::from_data(body).with_header(header("Content-Type", "application/rss+xml")))
        }
        "/hong.rss" => req.respond(Response::from_string(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>x</title><item><title>Bài hỏng</item></channel></rss>",
        )),
        _ => {
            let Some(body) = bodies.lock().unwrap().get(&path).cloned() else {
                let _ = req.respond(Response::from_string("không có").with_status_code(404));
                return;
            };
            let etag = format!("\"{:x}\"", body.len() * 31 + body.iter().map(|&b| b as usize).sum::<usize>());
            if if_none_match.as_deref() == Some(etag.as_str()) {
                let _ = req.respond(Response::empty(304).with_header(header("ETag", &etag)));
                return;
            }
            let kind = if path.ends_with(".json") {
                "application/feed+json"
            } else if path.ends_with(".atom") {
                "application/atom+xml; charset=utf-8"
            } else {
                "application/rss+xml"
            };
            let mut resp = Response::from_data(if gzip { gz(&body) } else { body })
                .with_header(header("Content-Type", kind))
                .with_header(header("ETag", &etag));
            if gzip {
                resp = resp.with_header(header("Content-Encoding", "gzip"));
            }
            req.respond(resp)
        }
    };
}

fn gz(body: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(body).unwrap();
    e.finish().unwrap()
}
