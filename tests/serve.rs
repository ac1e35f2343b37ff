//! `loa serve` on a temporary fixture site, on an ephemeral port: what it serves, how it
//! reacts to editors' saves, and that no request can read outside the build.

mod common;
use common::server::{events, get, request, start, wait_for};
use common::Fixture;
use std::time::Duration;

const POST: &str =
    "---\ntitle: \"Bài thử\"\ndate: 2023-04-14\nunit: bao-lai-chau\n---\n\nBản đầu tiên.\n";

fn site() -> Fixture {
    Fixture::new(&[
        ("content/tin-tuc/bai-thu.md", POST.as_bytes()),
        ("static/them.css", b"p { color: #222; }\n"),
    ])
}

#[test]
fn serves_pages_with_the_right_types() {
    let site = site();
    let srv = start(site.root(), &[]);
    let (s, h, body) = get(srv.port, "/");
    assert_eq!(s, 200);
    assert!(h.contains("Content-Type: text/html; charset=utf-8"), "{h}");
    assert!(
        body.contains("new EventSource(\"/__loa/su-kien\")"),
        "reload script injected"
    );
    // Links work on the local address.
    assert!(
        body.contains(&format!("href=\"http://127.0.0.1:{}/\"", srv.port)),
        "{body}"
    );
    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/them.css", "text/css; charset=utf-8"),
        ("/rss.xml", "application/xml; charset=utf-8"),
        ("/feed.json", "application/json; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/nhung/tin-tuc.js", "text/javascript; charset=utf-8"),
        ("/tin-tuc/bai-thu/", "text/html; charset=utf-8"),
    ] {
        let (s, h, _) = get(srv.port, path);
        assert_eq!(s, 200, "{path}");
        assert!(h.contains(&format!("Content-Type: {kind}")), "{path}: {h}");
    }
    // HEAD: the headers and length, no body.
    let (_, _, full) = request(srv.port, "GET", "/rss.xml");
    let (s, h, body) = request(srv.port, "HEAD", "/rss.xml");
    assert_eq!(s, 200);
    assert!(
        h.contains(&format!("Content-Length: {}", full.len())),
        "{h}"
    );
    assert!(body.is_empty());
    // A folder without its slash is redirected, the query kept.
    let (s, h, _) = get(srv.port, "/tin-tuc?trang=2");
    assert_eq!(s, 301);
    assert!(h.contains("Location: /tin-tuc/?trang=2"), "{h}");
    // Missing pages get the site's 404 page.
    let (s, h, body) = get(srv.port, "/khong-co/");
    assert_eq!(s, 404);
    assert!(h.contains("text/html"));
    assert!(body.contains("Không tìm thấy trang"), "{body}");
    // Other methods are refused.
    assert_eq!(request(srv.port, "POST", "/").0, 405);
    // Nothing was written to disk.
    assert!(!site.root().join("public").exists());
}

#[test]
fn an_edit_shows_up_and_a_broken_one_keeps_the_old_page() {
    let site = site();
    let srv = start(site.root(), &[]);
    let ev = events(srv.port);
    assert!(wait_for(&ev, "state").contains("\"errors\":[]"));
    let post = site.root().join("content/tin-tuc/bai-thu.md");

    std::fs::write(&post, POST.replace("Bản đầu tiên.", "Bản thứ hai.")).unwrap();
    wait_for(&ev, "reload");
    assert!(get(srv.port, "/tin-tuc/bai-thu/")
        .2
        .contains("Bản thứ hai."));

    // Half-written front matter: the errors go to the page, the old build stays.
    std::fs::write(
        &post,
        POST.replace("unit: bao-lai-chau", "unit: bao-lai-chu")
            .replace("Bản đầu tiên.", "Bản hỏng."),
    )
    .unwrap();
    let e = wait_for(&ev, "errors");
    assert!(
        e.contains(
            "content/tin-tuc/bai-thu.md:4:7: lỗi: đơn vị `bao-lai-chu` không có trong units.yaml"
        ),
        "{e}"
    );
    let (s, _, body) = get(srv.port, "/tin-tuc/bai-thu/");
    assert_eq!(s, 200);
    assert!(body.contains("Bản thứ hai.") && !body.contains("Bản hỏng."));
    // A page opened now gets the errors as soon as it connects.
    let late = events(srv.port);
    assert!(wait_for(&late, "state").contains("bao-lai-chu"));
    let line = srv
        .stderr
        .recv_timeout(Duration::from_secs(5))
        .expect("a line about the failed rebuild");
    assert!(line.contains("bai-thu.md"), "{line}");

    // The fix clears them.
    std::fs::write(&post, POST.replace("Bản đầu tiên.", "Bản đã sửa.")).unwrap();
    wait_for(&ev, "reload");
    assert!(get(srv.port, "/tin-tuc/bai-thu/").2.contains("Bản đã sửa."));
    let fresh = events(srv.port);
    assert!(wait_for(&fresh, "state").contains("\"errors\":[]"));
}

#[test]
fn editor_saves_are_picked_up_and_their_temp_files_ignored() {
    let site = site();
    let srv = start(site.root(), &[]);
    let ev = events(srv.port);
    wait_for(&ev, "state");
    let dir = site.root().join("content/tin-tuc");

    // Temporary and backup files alone trigger nothing.
    for name in ["4913", ".bai-thu.md.swp", "bai-thu.md~", ".#bai-thu.md"] {
        std::fs::write(dir.join(name), "x").unwrap();
    }
    assert!(
        ev.recv_timeout(Duration::from_millis(600)).is_err(),
        "no rebuild for temporary files"
    );
    for name in ["4913", ".bai-thu.md.swp", ".#bai-thu.md"] {
        std::fs::remove_file(dir.join(name)).unwrap();
    }

    // vim's way: write a new file, then rename it over the old one.
    let tmp = dir.join(".bai-thu.md.tmp-save");
    std::fs::write(&tmp, POST.replace("Bản đầu tiên.", "Lưu kiểu đổi tên.")).unwrap();
    std::fs::rename(&tmp, dir.join("bai-thu.md")).unwrap();
    wait_for(&ev, "reload");
    assert!(get(srv.port, "/tin-tuc/bai-thu/")
        .2
        .contains("Lưu kiểu đổi tên."));

    // A second save through the same path still works (the watch is on folders).
    std::fs::write(&tmp, POST.replace("Bản đầu tiên.", "Lần lưu thứ hai.")).unwrap();
    std::fs::rename(&tmp, dir.join("bai-thu.md")).unwrap();
    wait_for(&ev, "reload");
    assert!(get(srv.port, "/tin-tuc/bai-thu/")
        .2
        .contains("Lần lưu thứ hai."));

    // New folders and files, then their removal.
    std::fs::create_dir_all(dir.join("moi")).unwrap();
    std::fs::write(
        dir.join("moi/index.md"),
        POST.replace("Bài thử", "Bài trong thư mục mới"),
    )
    .unwrap();
    wait_for(&ev, "reload");
    assert_eq!(get(srv.port, "/tin-tuc/moi/").0, 200);
    std::fs::remove_dir_all(dir.join("moi")).unwrap();
    wait_for(&ev, "reload");
    assert_eq!(get(srv.port, "/tin-tuc/moi/").0, 404);

    // A style sheet alone is swapped without a reload.
    std::fs::write(site.root().join("static/them.css"), "p { color: #000; }\n").unwrap();
    wait_for(&ev, "css");
    assert_eq!(get(srv.port, "/them.css").2, "p { color: #000; }\n");
}

#[test]
fn no_request_reads_outside_the_build() {
    let site = site();
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("bi-mat.txt"), "BÍ MẬT").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            secret.path().join("bi-mat.txt"),
            site.root().join("content/tin-tuc/lien-ket.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(
            secret.path().join("bi-mat.txt"),
            site.root().join("static/lien-ket.txt"),
        )
        .unwrap();
        std::os::unix::fs::symlink(secret.path(), site.root().join("static/thu-muc")).unwrap();
    }
    std::fs::write(site.root().join("bi-mat-goc.txt"), "BÍ MẬT").unwrap();
    let srv = start(site.root(), &[]);
    for path in [
        "/../bi-mat-goc.txt",
        "/tin-tuc/../../bi-mat-goc.txt",
        "/%2e%2e/bi-mat-goc.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/tin-tuc%2f..%2f..%2fbi-mat-goc.txt",
        "/..%5cbi-mat-goc.txt",
        "/..\\bi-mat-goc.txt",
        "/bi-mat-goc.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/site.yaml",
        "/content/tin-tuc/bai-thu.md",
        "/index.html%00.txt",
        "/tin-tuc/lien-ket.txt",
        "/lien-ket.txt",
        "/thu-muc/bi-mat.txt",
    ] {
        let (s, _, body) = get(srv.port, path);
        assert_eq!(s, 404, "{path}");
        assert!(
            !body.contains("BÍ MẬT") && !body.contains("root:"),
            "{path}"
        );
    }
    // Absolute-form and odd request targets are refused too.
    assert_eq!(get(srv.port, "http://127.0.0.1/etc/passwd").0, 404);
}

#[test]
fn a_busy_port_and_an_open_bind_are_explained() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port();
    let site = site();
    let o = common::loa(site.root(), &["serve", "--port", &port.to_string()]);
    assert_eq!(o.status.code(), Some(1));
    let err = common::stderr(&o);
    assert!(
        err.contains(&format!(
            "lỗi: cổng {port} đang được chương trình khác dùng"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("gợi ý: chọn cổng khác, ví dụ --port {}", port + 1)),
        "{err}"
    );

    let srv = start(site.root(), &["--bind", "0.0.0.0"]);
    let line = srv.stderr.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        line.starts_with("cảnh báo: đang mở ra ngoài máy (0.0.0.0)"),
        "{line}"
    );
    assert_eq!(get(srv.port, "/").0, 200);
}

#[test]
fn a_site_broken_from_the_start_still_shows_its_errors() {
    let site = Fixture::new(&[(
        "content/tin-tuc/bai-thu.md",
        POST.replace("unit: bao-lai-chau", "unit: khong-co")
            .as_bytes(),
    )]);
    let srv = start(site.root(), &[]);
    let (s, h, body) = get(srv.port, "/");
    assert_eq!(s, 404);
    assert!(h.contains("text/html; charset=utf-8"));
    assert!(body.contains("<h1>Chưa dựng được site</h1>"), "{body}");
    assert!(
        body.contains("content/tin-tuc/bai-thu.md:4:7: lỗi: đơn vị `khong-co`"),
        "{body}"
    );
    assert!(
        body.contains("new EventSource"),
        "the page reloads once fixed"
    );
    let ev = events(srv.port);
    assert!(wait_for(&ev, "state").contains("khong-co"));
    std::fs::write(site.root().join("content/tin-tuc/bai-thu.md"), POST).unwrap();
    wait_for(&ev, "reload");
    assert_eq!(get(srv.port, "/").0, 200);
}

#[test]
fn polling_sees_edits_and_drafts_are_served_when_asked() {
    let site = Fixture::new(&[
        ("content/tin-tuc/bai-thu.md", POST.as_bytes()),
        (
            "content/tin-tuc/nhap.md",
            POST.replace("Bài thử", "Bản nháp")
                .replace("---\n\n", "draft: true\n---\n\n")
                .as_bytes(),
        ),
    ]);
    let srv = start(site.root(), &["--poll", "--drafts"]);
    assert_eq!(
        get(srv.port, "/tin-tuc/nhap/").0,
        200,
        "drafts with --drafts"
    );
    let ev = events(srv.port);
    wait_for(&ev, "state");
    // No pause: the poller's first listing is taken before the server says it is ready, and
    // the edit keeps the file's length, so only a sub-second write time can reveal it.
    let post = site.root().join("content/tin-tuc/bai-thu.md");
    let edited = POST.replace("Bản đầu tiên.", "Bản đầu tiên!");
    assert_eq!(edited.len(), POST.len());
    std::fs::write(&post, edited).unwrap();
    wait_for(&ev, "reload");
    assert!(get(srv.port, "/tin-tuc/bai-thu/")
        .2
        .contains("Bản đầu tiên!"));

    let plain = start(site.root(), &[]);
    assert_eq!(
        get(plain.port, "/tin-tuc/nhap/").0,
        404,
        "no drafts without --drafts"
    );
}
