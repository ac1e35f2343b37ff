//! A static file server on loopback and headless chromium, shared by the browser tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The chromium to use: `LOA_CHROMIUM`, else the first browser found on `PATH`. `None`, with
/// a line saying the test `name` was skipped, when there is none and the browser is not
/// required; a failure when `LOA_REQUIRE_BROWSER=1` (as `.ci/run` sets).
pub fn chromium(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("LOA_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| {
            let path = std::env::var_os("PATH")?;
            [
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable",
            ]
            .iter()
            .flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n)))
            .find(|p| p.is_file())
        });
    if found.is_none() {
        if std::env::var("LOA_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("LOA_REQUIRE_BROWSER=1 but no chromium was found (install it: apt-get install -y chromium)");
        }
        eprintln!("SKIPPED {name}: chromium not found (set LOA_CHROMIUM or install chromium)");
    }
    found
}

/// Files below a folder served on an ephemeral loopback port, with every requested path kept.
pub struct StaticServer {
    pub origin: String,
    pub requests: Arc<Mutex<Vec<String>>>,
}

/// Serves files below `root`; a folder answers with its `index.html`.
pub fn serve_dir(root: PathBuf) -> StaticServer {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&requests);
    let server = Arc::new(server);
    // Several workers: a browser keeps up to six connections open and asks for many files
    // at once; with fewer workers than its idle connections, a request can wait forever.
    for _ in 0..8 {
        let server = Arc::clone(&server);
        let root = root.clone();
        let log = Arc::clone(&log);
        std::thread::spawn(move || serve_requests(&server, &root, &log));
    }
    StaticServer {
        origin: format!("http://127.0.0.1:{port}"),
        requests,
    }
}

fn serve_requests(server: &tiny_http::Server, root: &Path, log: &Mutex<Vec<String>>) {
    {
        for req in server.incoming_requests() {
            let path = req
                .url()
                .split(['?', '#'])
                .next()
                .unwrap_or("/")
                .to_string();
            log.lock().unwrap().push(path.clone());
            let decoded =
                String::from_utf8_lossy(&loa::model::links::percent_decode(&path)).into_owned();
            let mut file = root.join(decoded.trim_start_matches('/'));
            if file.is_dir() {
                file = file.join("index.html");
            }
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("js") => "text/javascript; charset=utf-8",
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css; charset=utf-8",
                Some("svg") => "image/svg+xml",
                Some("xml") => "application/xml",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            let resp = match std::fs::read(&file) {
                Ok(data) => tiny_http::Response::from_data(data)
                    .with_header(tiny_http::Header::from_bytes("Content-Type", kind).unwrap())
                    .with_header(tiny_http::Header::from_bytes("Connection", "close").unwrap()),
                Err(_) => {
                    tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404)
                }
            };
            let _ = req.respond(resp);
        }
    }
}

/// Loads `url` in headless chromium (`width` × 900 window) and returns the DOM once the
/// page has finished.
pub fn dump_dom(browser: &Path, url: &str, width: u32) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=60000",
        ])
        .arg(format!("--window-size={width},900"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    // Read while it runs: a DOM larger than the pipe would otherwise stall chromium.
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s)
            .map(|_| s)
            .unwrap_or_default()
    });
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(240) {
            let _ = child.kill();
            panic!("chromium did not finish in 240 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap()
}
