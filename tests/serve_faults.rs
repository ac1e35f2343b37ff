//! `loa serve` under a short load and hostile clients: requests during rebuilds are whole files
//! of one build, every open event stream gets the reload, and oversized requests, other
//! methods, slow-loris clients and clients that stop reading get their status without holding
//! up anyone else. The long version is `benches/serve_load.py`.

mod common;
use common::server::{events, request, start, wait_for};
use common::Fixture;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn post(i: usize, version: usize) -> String {
    format!(
        "---\ntitle: \"Bài {i}\"\ndate: 2024-02-{:02}\nunit: bao-lai-chau\n---\n\nPhiên bản {version}. {}\n",
        i % 28 + 1,
        "Chữ để trang có độ dài. ".repeat(200)
    )
}

fn site(n: usize) -> Fixture {
    Fixture::with_posts(n, |i| post(i, 0))
}

/// One GET on a kept-alive connection: status and body, the body read to its length.
fn get_on(stream: &mut BufReader<TcpStream>, path: &str) -> (u16, Vec<u8>) {
    write!(stream.get_mut(), "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut line = String::new();
    stream.read_line(&mut line).unwrap();
    let status = line.split(' ').nth(1).unwrap().parse().unwrap();
    let mut len = 0;
    loop {
        line.clear();
        stream.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    stream.read_exact(&mut body).unwrap();
    (status, body)
}

fn connect(port: u16) -> BufReader<TcpStream> {
    let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    BufReader::new(s)
}

#[test]
fn requests_during_rebuilds_are_whole_files_of_one_build_and_every_stream_reloads() {
    let site = site(40);
    let srv = start(site.root(), &[]);
    let port = srv.port;
    let streams: Vec<_> = (0..100).map(|_| events(port)).collect();
    for rx in &streams {
        wait_for(rx, "state");
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let clients: Vec<_> = (0..8)
        .map(|c| {
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut conn = connect(port);
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) || n < 50 {
                    let path = format!("/tin-tuc/bai-{}/", (c * 7 + n) % 40);
                    let (status, body) = get_on(&mut conn, &path);
                    let html = String::from_utf8(body).unwrap();
                    assert_eq!(status, 200, "{path}");
                    assert!(html.starts_with("<!DOCTYPE html>"), "{path}");
                    assert!(html.trim_end().ends_with("</html>"), "{path}: torn");
                    // The summary (in the head) and the body say the same version.
                    let versions: std::collections::BTreeSet<&str> = html
                        .split("Phiên bản ")
                        .skip(1)
                        .map(|rest| rest.split('.').next().unwrap())
                        .collect();
                    assert_eq!(versions.len(), 1, "{path}: two builds {versions:?}");
                    n += 1;
                }
                n
            })
        })
        .collect();
    // A few rebuilds: bodies edited, one post added, one title changed.
    for round in 1..=4 {
        std::thread::sleep(Duration::from_millis(150));
        for i in 0..5 {
            std::fs::write(
                site.root().join(format!("content/tin-tuc/bai-{i}.md")),
                post(i, round),
            )
            .unwrap();
        }
        if round == 2 {
            std::fs::write(site.root().join("content/tin-tuc/moi.md"), post(99, round)).unwrap();
        }
        for rx in &streams {
            wait_for(rx, "reload");
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let served: usize = clients.into_iter().map(|c| c.join().unwrap()).sum();
    assert!(served >= 400, "{served}");
    let mut conn = connect(port);
    let (_, body) = get_on(&mut conn, "/tin-tuc/bai-3/");
    assert!(String::from_utf8(body).unwrap().contains("Phiên bản 4."));
}

/// Sends `raw` and gives the status line of the answer.
fn status_of(port: u16, raw: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let _ = s.write_all(raw);
    let mut answer = String::new();
    let _ = BufReader::new(s).read_line(&mut answer);
    answer.trim_end().to_string()
}

#[test]
fn oversized_requests_other_methods_slow_and_stuck_clients_get_their_status_without_stalling_others(
) {
    let site = site(3);
    let srv = start(site.root(), &[]);
    let port = srv.port;
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let (status, head, body) = request(port, method, "/");
        assert_eq!(status, 405, "{method}");
        assert!(head.contains("Allow: GET, HEAD"), "{head}");
        assert_eq!(String::from_utf8(body).unwrap(), "Chỉ hỗ trợ GET và HEAD");
    }
    let big_body = b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n";
    assert_eq!(status_of(port, big_body), "HTTP/1.1 413 Content Too Large");
    let chunked = b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    assert_eq!(status_of(port, chunked), "HTTP/1.1 413 Content Too Large");
    let mut huge = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..1000 {
        huge.extend_from_slice(format!("X-Thu-{i}: {}\r\n", "a".repeat(30)).as_bytes());
    }
    huge.extend_from_slice(b"\r\n");
    assert_eq!(
        status_of(port, &huge),
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
    assert_eq!(
        status_of(port, b"xin chao\r\n\r\n"),
        "HTTP/1.1 400 Bad Request"
    );

    // 50 slow-loris clients, a byte every half second, and 20 that ask for the news feed and
    // never read it: the others are served as usual meanwhile.
    let slow: Vec<_> = (0..50)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                let started = Instant::now();
                for b in b"GET / HTTP/1.1\r\nHost: x\r\nX-Cham: " {
                    if s.write_all(&[*b]).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(500));
                    if started.elapsed() > Duration::from_secs(14) {
                        break;
                    }
                }
                s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
                let mut answer = String::new();
                let _ = BufReader::new(s).read_line(&mut answer);
                (answer.trim_end().to_string(), started.elapsed())
            })
        })
        .collect();
    let stuck: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            for _ in 0..50 {
                let _ = s.write_all(b"GET /tin-tuc/bai-1/ HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut conn = connect(port);
    for i in 0..200 {
        let started = Instant::now();
        let (status, _) = get_on(&mut conn, &format!("/tin-tuc/bai-{}/", i % 3));
        assert_eq!(status, 200);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "request {i} waited"
        );
    }
    for s in slow {
        let (answer, took) = s.join().unwrap();
        assert_eq!(answer, "HTTP/1.1 408 Request Timeout");
        assert!(took < Duration::from_secs(13), "{took:?}");
    }
    drop(stuck);
    // Nothing held: a fresh client is served at once.
    assert_eq!(request(port, "GET", "/").0, 200);
}
