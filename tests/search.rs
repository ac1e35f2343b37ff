//! `loa search` on the search fixture: every hand-worked case of `common::search`, input in
//! NFD and with combining tones, the index's files (no draft, no future post), the page and
//! the header's box at any address, and wrong arguments.

mod common;
use common::search::{slug, CASES};
use common::{loa, stderr, stdout};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/search"
    ))
}

/// `loa search --json` with the filters of a case, as `(slugs, missing, partial)`.
fn search(query: &str, filters: &[(&str, &str)]) -> (Vec<String>, Vec<String>, bool) {
    let mut args = vec!["search", query, "--json"];
    for (name, value) in filters {
        args.push(match *name {
            "muc" => "--section",
            "don-vi" => "--unit",
            "nam" => "--year",
            other => panic!("unknown filter {other}"),
        });
        args.push(value);
    }
    let o = loa(fixture(), &args);
    assert!(o.status.success(), "{query}: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let slugs = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| slug(r["url"].as_str().unwrap()).to_string())
        .collect();
    let missing = v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap().to_string())
        .collect();
    (slugs, missing, v["partial"].as_bool().unwrap())
}

#[test]
fn every_case_finds_what_a_reader_expects() {
    let mut wrong = Vec::new();
    for c in CASES {
        let got = search(c.query, c.filters);
        let want = (
            c.results.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            c.missing.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            c.partial,
        );
        if got != want {
            wrong.push(format!(
                "{} {:?}: got {got:?}, want {want:?}",
                c.query, c.filters
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn nfd_and_combining_tones_find_the_same() {
    for q in ["hòa bình", "đường", "chuyển đổi số", "khỏe"] {
        let nfc = search(q, &[]);
        let nfd: String = q.nfd().collect();
        assert_eq!(search(&nfd, &[]), nfc, "NFD {q}");
        // "Unicode tổ hợp" as old keyboards type it: the letter with its vowel mark, then the
        // tone as a combining character.
        let combining: String = q
            .nfd()
            .collect::<String>()
            .nfc()
            .flat_map(|c| {
                let d: Vec<char> = c.nfd().collect();
                let tone = d
                    .iter()
                    .position(|&m| "\u{300}\u{301}\u{303}\u{309}\u{323}".contains(m));
                match tone {
                    Some(t) => {
                        let base: String = d
                            .iter()
                            .enumerate()
                            .filter(|&(i, _)| i != t)
                            .map(|(_, &c)| c)
                            .collect();
                        let mut v: Vec<char> = base.nfc().collect();
                        v.push(d[t]);
                        v
                    }
                    None => vec![c],
                }
            })
            .collect();
        assert_ne!(combining, q, "the combining form differs in bytes");
        assert_eq!(search(&combining, &[]), nfc, "tổ hợp {q}");
    }
}

#[test]
fn the_index_holds_only_published_pages() {
    let (_tmp, out) = common::build(fixture(), &[]);
    let index = out.join("tim-kiem/chi-muc");
    let mut docs = 0;
    for (path, bytes) in common::tree(&index) {
        let text = String::from_utf8(bytes).unwrap();
        for secret in ["kiwimat", "tuonglaixa", "ban-nhap", "hen-gio"] {
            assert!(!text.contains(secret), "{} holds {secret}", path.display());
        }
        docs += usize::from(path.starts_with("d"));
    }
    assert_eq!(docs, 13, "11 published news items and 2 questions");
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(index.join("meta.json")).unwrap()).unwrap();
    assert_eq!(meta["docs"], 13);
    assert_eq!(meta["nam"], serde_json::json!([2025, 2024, 2023]));
    // A build that shows drafts still publishes no draft in its index.
    let (_tmp, out) = common::build(fixture(), &["--drafts"]);
    let meta = std::fs::read_to_string(out.join("tim-kiem/chi-muc/meta.json")).unwrap();
    assert!(meta.contains("\"docs\":13"), "{meta}");
}

#[test]
fn the_page_and_the_box_work_under_a_folder() {
    let (_tmp, out) = common::build(fixture(), &["--base-url", "https://timkiem.vidu.vn/cds/"]);
    let page = std::fs::read_to_string(out.join("tim-kiem/index.html")).unwrap();
    assert!(page.contains(r#"<ol id="ket-qua""#), "{page}");
    assert!(page.contains(r#"<script src="/cds/tim-kiem/tim-kiem.js" defer>"#));
    assert!(page.contains("<noscript>"));
    assert!(page.contains(r#"role="status""#));
    for html in [
        "index.html",
        "tin-tuc/index.html",
        "tin-tuc/xa-hoa-binh/index.html",
        "404.html",
    ] {
        let text = std::fs::read_to_string(out.join(html)).unwrap();
        assert!(
            text.contains(r#"<form class="site-search" action="/cds/tim-kiem/" method="get""#),
            "{html} has no search box"
        );
    }
    assert!(out.join("tim-kiem/tim-kiem.js").is_file());
}

#[test]
fn text_output_shows_each_result_and_the_limit() {
    let o = loa(fixture(), &["search", "duong", "--limit", "2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("Tìm thấy 3 kết quả cho «duong», đây là 2 kết quả đầu.\n"),
        "{text}"
    );
    assert!(text.contains("\n1. Xã Dương Quỳ tổ chức ngày hội\n   https://timkiem.vidu.vn/tin-tuc/xa-duong-quy/ · Tin tức · 01/02/2025 · Đài tỉnh\n   Người dân xã Dương Quỳ tham gia ngày hội văn hóa.\n"), "{text}");
    assert!(text.contains("\n2. "), "{text}");
    assert!(!text.contains("\n3. "), "{text}");
    let o = loa(fixture(), &["search", "xyzzy vneid"]);
    assert!(stdout(&o).contains("Không trang nào có «xyzzy»; kết quả dưới đây không tính từ đó."));
    let o = loa(fixture(), &["search", "đường đua"]);
    let text = stdout(&o);
    assert!(text.contains("Không trang nào có «đua»"), "{text}");
    let o = loa(fixture(), &["search", "qwertyuiop ỵỵỵ"]);
    let text = stdout(&o);
    assert!(
        text.contains(
            "Không tìm thấy kết quả nào cho «qwertyuiop ỵỵỵ».\nThử gõ không dấu: «qwertyuiop yyy».\nThử bớt từ: «qwertyuiop».\n"
        ),
        "{text}"
    );
    // A year the site has, but no page of it has the words: the filter is named.
    let o = loa(fixture(), &["search", "vneid", "--year", "2023"]);
    let text = stdout(&o);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(
        text.starts_with(
            "Không tìm thấy kết quả nào cho «vneid».\nThử tìm không có --section, --unit, --year"
        ),
        "{text}"
    );
}

#[test]
fn wrong_arguments_are_refused_in_vietnamese() {
    for (args, says) in [
        (
            &["search", "vneid", "--unit", "khong-co"][..],
            "không có đơn vị `khong-co` trong units.yaml",
        ),
        (
            &["search", "vneid", "--section", "sai"][..],
            "không có mục `sai`",
        ),
        (&["search", " – ? "][..], "không có chữ hay số nào để tìm"),
        (&["search", "vneid", "--year", "năm"][..], "năm"),
    ] {
        let o = loa(fixture(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(
            !err.contains("error:") && !err.contains("invalid value"),
            "{err}"
        );
    }
}

#[test]
fn a_site_with_errors_is_not_searched() {
    let site = common::Fixture::new(&[("content/tin-tuc/hong.md", b"---\ntitle: \"Ho\n---\n")]);
    let o = site.loa(&["search", "vneid"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/tin-tuc/hong.md:") && err.contains("Chưa tìm: nội dung có lỗi."),
        "{err}"
    );
}

/// `served_search` once the rebuild after an edit is served: a save may bring more than one
/// rebuild, so the answer is awaited (for at most 10 s) rather than the next reload.
fn eventually(port: u16, query: &str, want: &[&str]) {
    until(port, query, |got| got == want, &format!("{want:?}"));
}

/// Waits (at most 10 s) until the served answer to `query` is `ok`.
fn until(port: u16, query: &str, ok: impl Fn(&[String]) -> bool, want: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let got = served_search(port, query);
        if ok(&got) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{query}: {got:?}, want {want:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The index `loa serve` serves, read over HTTP with loa's own ranking.
fn served_search(port: u16, query: &str) -> Vec<String> {
    use loa::search::{query::Query, rank};
    let load = |name: &str| {
        let (status, _, body) =
            common::server::request(port, "GET", &format!("/tim-kiem/chi-muc/{name}"));
        (status == 200).then_some(body)
    };
    let index = rank::Index::open(&load).expect("meta.json is served");
    let answer = index.search(&Query::parse(query), &rank::Filters::default());
    answer
        .hits
        .iter()
        .map(|h| slug(&index.shown(h.doc).unwrap().url).to_string())
        .collect()
}

#[test]
fn the_served_index_follows_edits() {
    use common::server::{events, start, wait_for};
    let tmp = tempfile::tempdir().unwrap();
    for (path, bytes) in common::tree(fixture()) {
        let to = tmp.path().join(path);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    let srv = start(tmp.path(), &[]);
    let ev = events(srv.port);
    assert!(wait_for(&ev, "state").contains("\"errors\":[]"));
    assert_eq!(
        served_search(srv.port, "vneid"),
        ["cai-vneid", "suc-khoe-dien-tu"]
    );
    assert!(served_search(srv.port, "ruộng bậc thang").is_empty());

    // A body edit: the new words are found, the old ones no longer.
    let post = tmp.path().join("content/tin-tuc/xa-hoa-binh.md");
    let text = std::fs::read_to_string(&post).unwrap();
    std::fs::write(
        &post,
        text.replace("hỗ trợ người dân", "giới thiệu ruộng bậc thang"),
    )
    .unwrap();
    eventually(srv.port, "ruong bac thang", &["xa-hoa-binh"]);
    // A post added and one deleted.
    std::fs::write(
        tmp.path().join("content/tin-tuc/bai-moi.md"),
        "---\ntitle: \"Bài mới về VNeID\"\ndate: 2025-06-01\nunit: dai\nkind: tin\ntopics: [cds]\n---\n\nRuộng bậc thang mùa lúa chín.\n",
    )
    .unwrap();
    eventually(srv.port, "ruong bac thang", &["bai-moi", "xa-hoa-binh"]);
    std::fs::remove_file(tmp.path().join("content/hoi-dap/cai-vneid.md")).unwrap();
    eventually(srv.port, "vneid", &["bai-moi", "suc-khoe-dien-tu"]);
    assert_eq!(
        served_search(srv.port, "giả danh công an"),
        ["lua-dao-qua-dien-thoai"]
    );
    // A post made a draft leaves the index.
    let news = tmp.path().join("content/tin-tuc/lua-dao-qua-dien-thoai.md");
    let text = std::fs::read_to_string(&news).unwrap();
    std::fs::write(
        &news,
        text.replace("topics: [cds]\n", "topics: [cds]\ndraft: true\n"),
    )
    .unwrap();
    let gone = |got: &[String]| !got.iter().any(|s| s == "lua-dao-qua-dien-thoai");
    until(
        srv.port,
        "giả danh công an",
        gone,
        "no lua-dao-qua-dien-thoai",
    );
}
