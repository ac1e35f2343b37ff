//! Snapshots of what people get from `loa`: a post page, a list page, the site's three feeds,
//! an embed, the build's summary and a report, compared in full with the files under
//! `tests/snapshots/`. Only the binary and files on disk are used, so reorganising `src/` cannot
//! break these tests; changing what users see can, and then the change is a diff to review.
//!
//! After an intended change: `INSTA_UPDATE=always cargo test --test snapshots` (or
//! `cargo insta review`), then read `git diff tests/snapshots/` before committing.

mod common;

use common::{stderr, stdout, Fixture};
use std::path::{Path, PathBuf};

/// A bundle with an image, a link to another post, a column, a tag and a source; a commune
/// station's post (its district's feed carries it); a post of the unit that took over. Three
/// posts and `paginate_by: 2` give the news list a second page. Every date is in the past, so
/// the day the tests run cannot hold a post back.
const POSTS: &[(&str, &str)] = &[
    (
        "content/tin-tuc/canh-giac/index.md",
        r#"---
title: "Cảnh giác cuộc gọi giả danh công an"
date: 12/3/2024 08:00
unit: bao-lai-chau
kind: bai
topics: [an-toan-thong-tin]
column: "Khoa học - Đời sống"
tags: ["lừa đảo trực tuyến"]
featured: true
source_url: "https://baolaichau.vn/bai-goc"
image: anh.svg
image_alt: "Điện thoại báo cuộc gọi lạ"
---

Người dân **không** chuyển tiền theo yêu cầu qua điện thoại.

Xem thêm [hướng dẫn cài VNeID](../vneid.md) và ![Sơ đồ](anh.svg).
"#,
    ),
    (
        "content/tin-tuc/canh-giac/anh.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"/>\n",
    ),
    (
        "content/tin-tuc/vneid.md",
        r#"---
title: "Hướng dẫn cài đặt VNeID mức 2"
date: 2025-07-02
unit: ttcs-binh-lu
kind: tin
topics: [chuyen-doi-so]
tags: ["VNeID"]
---

Đài truyền thanh xã hướng dẫn bà con cài đặt & kích hoạt tài khoản.
"#,
    ),
    (
        "content/tin-tuc/to-cong-nghe.md",
        r#"---
title: "Ra mắt Tổ công nghệ số cộng đồng"
date: 2025-08-15 09:30
unit: bao-moi
kind: tin
topics: [chuyen-doi-so]
---

Tổ công nghệ số cộng đồng ra mắt tại thôn.
"#,
    ),
];

fn site() -> Fixture {
    let files: Vec<(&str, &[u8])> = POSTS.iter().map(|(p, s)| (*p, s.as_bytes())).collect();
    Fixture::new(&files)
}

/// The fixture site built into a fresh `public/`, which lives as long as the returned folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    common::build(site().root(), &[])
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Snapshots one output file whole, named in the snapshot's header.
fn snapshot_file(name: &str, rel: &str) {
    let (_tmp, out) = built();
    let text = read(&out, rel);
    insta::with_settings!({ description => format!("public/{rel}"), omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn build_summary() {
    let site = site();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let o = site.loa(&["build", "--out", out.to_str().unwrap()]);
    let status = o.status.code().map_or("none".into(), |c| c.to_string());
    let text = format!(
        "status: {status}\n--- stdout\n{}--- stderr\n{}",
        stdout(&o),
        stderr(&o)
    );
    // The summary names the temporary output folder and the time the build took: both differ
    // on every run, so they are replaced before comparing.
    let out_path = regex_escape(out.to_str().unwrap());
    insta::with_settings!({
        omit_expression => true,
        filters => vec![
            (out_path.as_str(), "[OUT]"),
            (r"trong \d+,\d+ giây", "trong [THỜI_GIAN] giây"),
        ],
    }, {
        insta::assert_snapshot!("build_summary", text);
    });
}

/// Every file a build writes, by path: a page or feed that appears or disappears shows here.
#[test]
fn output_files() {
    let (_tmp, out) = built();
    let list: Vec<String> = common::tree(&out)
        .into_iter()
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    insta::with_settings!({ omit_expression => true }, {
        insta::assert_snapshot!("output_files", list.join("\n"));
    });
}

#[test]
fn post_page() {
    snapshot_file("post_page", "tin-tuc/canh-giac/index.html");
}

#[test]
fn section_list_page() {
    snapshot_file("section_list_page", "tin-tuc/index.html");
}

#[test]
fn site_rss() {
    snapshot_file("site_rss", "rss.xml");
}

#[test]
fn site_atom() {
    snapshot_file("site_atom", "atom.xml");
}

#[test]
fn site_json_feed() {
    snapshot_file("site_json_feed", "feed.json");
}

#[test]
fn embed_script() {
    snapshot_file("embed_script", "nhung/tin-tuc.js");
}

#[test]
fn embed_page() {
    snapshot_file("embed_page", "nhung/tin-tuc.html");
}

/// `loa report` on the hand-counted fixture of `tests/report.rs`.
fn report(args: &[&str]) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report");
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    let o = common::loa(&root, &all);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "",
        "a report printed to the screen has nothing on stderr"
    );
    stdout(&o)
}

#[test]
fn report_table() {
    let text = report(&["--period", "2022"]);
    insta::with_settings!({ description => "loa report --period 2022", omit_expression => true }, {
        insta::assert_snapshot!("report_table", text);
    });
}

#[test]
fn report_csv() {
    let text = report(&["--period", "2022", "--format", "csv"]);
    // Excel needs the byte-order mark and the CRLF line ends, but insta compares with CRLF
    // turned into LF and a BOM cannot be seen in a diff: both are spelled out.
    let text = text.replace('\u{feff}', "[BOM]").replace('\r', "[CR]");
    insta::with_settings!({ description => "loa report --period 2022 --format csv", omit_expression => true }, {
        insta::assert_snapshot!("report_csv", text);
    });
}

/// A literal string as a regular expression (for insta's filters).
fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
