//! The campaign site shipped in the repository builds, completely and reproducibly.

mod common;
use common::{loa, stdout, tree};
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn builds_twice_byte_identical_with_expected_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let o = loa(repo(), &["build", "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", common::stderr(&o));
        assert!(stdout(&o).starts_with("Đã dựng "), "{}", stdout(&o));
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 100, "only {} files", ta.len());
    assert!(ta == tb, "two builds differ");

    let read = |p: &str| std::fs::read_to_string(a.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    // The 17 points: a row for each, the 11 published linked; 12-17 say they await their
    // text, and their drafts are not published.
    let points = read("17-diem-khac-nhau/index.html");
    assert_eq!(points.matches("<tr id=\"diem-").count(), 17);
    assert_eq!(points.matches("<tr id=\"diem-1").count(), 9, "1, 10-17");
    assert_eq!(points.matches("class=\"pending\"").count(), 6);
    assert!(points.contains("<tr id=\"diem-12\" class=\"pending\">\n      <th scope=\"row\"><span class=\"num\">Điểm 12</span> Đang chờ văn bản gốc</th>"), "{points}");
    assert!(!points.contains("12. Điểm 12"));
    assert!(!a.join("17-diem-khac-nhau/diem-12/index.html").exists());
    // Point 11's title has the curly quotes its body has.
    let p11 = read("17-diem-khac-nhau/tu-lam-the-nao-sang-lam-cai-gi/index.html");
    assert!(
        p11.contains("Từ “làm thế nào” sang “làm cái gì”</h1>"),
        "{p11}"
    );
    let p2 = read("17-diem-khac-nhau/tu-chi-phi-sang-gia-tri/index.html");
    assert!(p2.contains("rel=\"prev\"") && p2.contains("rel=\"next\""));
    // FAQ: anchors, <details>, JSON-LD.
    let faq = read("hoi-dap/index.html");
    assert!(faq.matches("<details id=").count() >= 12);
    assert!(faq.contains("\"@type\":\"FAQPage\""));
    // News: paginated, units, taxonomies, bundle image copied.
    assert!(a.join("tin-tuc/trang/2/index.html").exists());
    assert!(a
        .join("tin-tuc/ngay-chuyen-doi-so-quoc-gia-2025/minh-hoa.svg")
        .exists());
    assert!(read("don-vi/index.html").contains("Báo Lai Châu"));
    assert!(a.join("don-vi/xa-binh-lu/index.html").exists());
    assert!(a.join("chu-de/an-toan-thong-tin/index.html").exists());
    assert!(a.join("the/17-diem-khac-nhau/index.html").exists());
    for f in ["404.html", "sitemap.xml", "robots.txt", "style.css"] {
        assert!(a.join(f).exists(), "{f}");
    }
    let home = read("index.html");
    for needle in [
        "<html lang=\"vi\">",
        "class=\"skip\"",
        "<main",
        "rel=\"canonical\"",
        "og:title",
    ] {
        assert!(home.contains(needle), "{needle}");
    }
}

#[test]
fn check_passes_on_shipped_site() {
    let o = loa(repo(), &["check"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    assert!(stdout(&o).contains("Không có lỗi"));
}
