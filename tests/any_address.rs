//! A site hosted in a folder of another site's host, served from the parent folder on
//! loopback and crawled; and a `--relative` copy, as opened from a folder with `file://`.

mod common;
use common::browser::serve_dir;
use common::{loa, stderr};
use std::collections::{BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A GET in HTTP/1.0, so that the body comes whole rather than in chunks.
fn get(origin: &str, path: &str) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let host = origin.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(host).unwrap();
    write!(s, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, raw[split + 4..].to_vec())
}

#[test]
fn a_site_in_a_folder_asks_for_nothing_outside_it() {
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path().join("host");
    let server = serve_dir(parent.clone());
    let base = format!("{}/chuyendoiso/", server.origin);
    let out = parent.join("chuyendoiso");
    let o = loa(
        repo(),
        &["build", "--out", out.to_str().unwrap(), "--base-url", &base],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // `check` proves the same without serving anything.
    let o = loa(repo(), &["check", "--base-url", &base]);
    assert!(o.status.success(), "{}", stderr(&o));

    // Crawl from the home page, following every link, style, script and image of the host.
    let origin = url::Url::parse(&server.origin).unwrap();
    let mut queue: VecDeque<String> = ["/chuyendoiso/", "/chuyendoiso/404.html"]
        .map(String::from)
        .into();
    let mut seen: BTreeSet<String> = queue.iter().cloned().collect();
    let mut broken = Vec::new();
    while let Some(path) = queue.pop_front() {
        let (status, body) = get(&server.origin, &path);
        if status != 200 {
            broken.push(format!("{status} {path}"));
            continue;
        }
        let is_html = path.ends_with('/') || path.ends_with(".html");
        if !is_html {
            continue;
        }
        let here = origin.join(&path).unwrap();
        for u in common::urls_in(&String::from_utf8_lossy(&body)) {
            let Ok(abs) = here.join(u.trim()) else {
                continue;
            };
            if abs.origin() != origin.origin() {
                continue;
            }
            let p = abs.path().to_string();
            if seen.insert(p.clone()) {
                queue.push_back(p);
            }
        }
    }
    assert!(broken.is_empty(), "broken: {broken:#?}");
    assert!(seen.len() > 200, "crawled only {} addresses", seen.len());
    for kind in [
        "/style.css",
        "/favicon.svg",
        "/rss.xml",
        "/nhung/tat-ca.js",
        "/bao-cao/2025/",
    ] {
        assert!(
            seen.contains(&format!("/chuyendoiso{kind}")),
            "{kind} not reached"
        );
    }
    let outside: Vec<_> = server
        .requests
        .lock()
        .unwrap()
        .iter()
        .filter(|p| !p.starts_with("/chuyendoiso/"))
        .cloned()
        .collect();
    assert!(
        outside.is_empty(),
        "requests outside the folder: {outside:?}"
    );

    // Feeds, embeds, the sitemap and robots.txt name the folder in every address of the site.
    for file in [
        "rss.xml",
        "atom.xml",
        "feed.json",
        "sitemap.xml",
        "robots.txt",
        "nhung/tat-ca.js",
        "nhung/tat-ca.html",
        "tin-tuc/rss.xml",
    ] {
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        let ours = text.matches(server.origin.as_str()).count();
        let in_folder = text.matches(base.as_str()).count();
        assert!(
            ours > 0 && ours == in_folder,
            "{file}: {ours} addresses of the host, {in_folder} in the folder"
        );
    }
}

/// The file a relative link of `from` opens with `file://`, if it is one of the site's.
fn target(from: &Path, link: &str) -> Option<PathBuf> {
    let link = link.split(['#', '?']).next().unwrap();
    if link.is_empty() || link.contains(':') || link.starts_with("//") {
        return None;
    }
    Some(from.parent().unwrap().join(link))
}

#[test]
fn a_relative_copy_works_from_a_folder() {
    let (_tmp, out) = common::build(repo(), &["--relative"]);
    let o = loa(repo(), &["check", "--relative"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut checked = 0;
    let mut problems = Vec::new();
    for (rel, bytes) in common::tree(&out) {
        // The 404 page is for servers, which show it at any depth: its links start at the host.
        if rel.extension().is_none_or(|e| e != "html") || rel == Path::new("404.html") {
            continue;
        }
        let file = out.join(&rel);
        for u in common::urls_in(&String::from_utf8_lossy(&bytes)) {
            if u.starts_with('/') && !u.starts_with("//") {
                problems.push(format!(
                    "{}: `{u}` starts at the root of the disk",
                    rel.display()
                ));
                continue;
            }
            let Some(t) = target(&file, &u) else { continue };
            checked += 1;
            // A folder does not open its index.html by itself from a disk.
            if !t.is_file() {
                problems.push(format!("{}: `{u}` names no file", rel.display()));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(checked > 2000, "only {checked} links");
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"style.css\""), "{home}");
    let deep =
        std::fs::read_to_string(out.join("tin-tuc/ngay-chuyen-doi-so-quoc-gia-2025/index.html"))
            .unwrap();
    assert!(
        deep.contains("href=\"../../hoi-dap/ngay-chuyen-doi-so-quoc-gia/index.html\""),
        "{deep}"
    );
    // Feeds still carry absolute addresses: a reader cannot resolve a relative one.
    let rss = std::fs::read_to_string(out.join("rss.xml")).unwrap();
    assert!(rss.contains("<link>https://chuyendoiso.laichau.gov.vn/</link>"));
}

#[test]
fn a_base_url_that_is_not_a_web_address_is_refused_in_vietnamese() {
    let o = loa(
        repo(),
        &[
            "build",
            "--base-url",
            "localhost:8000",
            "--out",
            "/nonexistent/x",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("lỗi: --base-url `localhost:8000` không phải địa chỉ web đầy đủ"),
        "{err}"
    );
    assert!(
        err.contains("gợi ý: ví dụ `https://chuyendoiso.laichau.gov.vn`"),
        "{err}"
    );
    assert!(
        !err.contains("site.yaml") && !err.contains("Excel"),
        "{err}"
    );

    let site = common::Fixture::new(&[]);
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    std::fs::write(
        site.root().join("site.yaml"),
        yaml.replace(
            "\"https://vidu.laichau.gov.vn\"",
            "\"vidu.laichau.gov.vn/cds\"",
        ),
    )
    .unwrap();
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.starts_with(
            "site.yaml:2:12: lỗi: base_url `vidu.laichau.gov.vn/cds` không phải địa chỉ web đầy đủ"
        ),
        "{err}"
    );
}
