//! Loading and modelling behaviour seen through real builds of small fixture sites.

mod common;
use common::{stderr, stdout, Fixture};
use unicode_normalization::UnicodeNormalization;

#[test]
fn windows_files_and_decomposed_vietnamese_build_like_clean_ones() {
    let clean = "---\ntitle: \"Chuyển đổi số ở Sìn Hồ\"\ndate: 14/4/2023\nunit: bao-lai-chau\ntags: [\"Đề án 06\"]\n---\n\n## Tổ công nghệ số\n\nNội dung đầy đủ.\n";
    let windows = format!("\u{feff}{}", clean.replace('\n', "\r\n"));
    let nfd: String = clean.nfd().collect();
    let mut outputs = Vec::new();
    for text in [clean.to_string(), windows, nfd] {
        let site = Fixture::new(&[("content/tin-tuc/Chuyển đổi số ở Sìn Hồ.md", text.as_bytes())]);
        let o = site.loa(&["build"]);
        assert!(o.status.success(), "{}", stderr(&o));
        outputs.push(site.public("tin-tuc/chuyen-doi-so-o-sin-ho/index.html"));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    assert!(outputs[0].contains("id=\"to-cong-nghe-so\""));
    assert!(outputs[0].contains("Thứ Sáu, 14/04/2023"));
    assert!(outputs[0].contains("href=\"/the/de-an-06/\""));
}

#[test]
fn drafts_and_future_posts_only_with_drafts_flag() {
    let site = Fixture::new(&[
        (
            "content/tin-tuc/nhap.md",
            b"---\ntitle: Nhap\ndate: 2023-01-01\nunit: bao-lai-chau\ndraft: true\n---\n",
        ),
        (
            "content/tin-tuc/tuong-lai.md",
            b"---\ntitle: Sau\ndate: 2999-01-01\nunit: bao-moi\n---\n",
        ),
        (
            "content/tin-tuc/dang.md",
            b"---\ntitle: Dang\ndate: 2023-01-01\nunit: bao-lai-chau\n---\n",
        ),
    ]);
    assert!(site.loa(&["build"]).status.success());
    let p = site.root().join("public/tin-tuc");
    assert!(p.join("dang/index.html").exists());
    assert!(!p.join("nhap/index.html").exists());
    assert!(!p.join("tuong-lai/index.html").exists());
    assert!(site.loa(&["build", "--drafts"]).status.success());
    assert!(p.join("nhap/index.html").exists());
    assert!(p.join("tuong-lai/index.html").exists());
}

#[test]
fn pagination_aliases_taxonomies_and_units() {
    let post = |t: &str, d: &str, tag: &str| {
        format!("---\ntitle: \"{t}\"\ndate: {d}\nunit: ttcs-binh-lu\ntopics: [chuyen-doi-so]\ntags: [\"{tag}\"]\n---\nX.\n")
    };
    let (a, b, c) = (
        post("A", "2023-01-01", "Test"),
        post("B", "2023-01-02", "test "),
        post("C", "2023-01-03", "TEST"),
    );
    let aliased =
        "---\ntitle: D\ndate: 2023-01-04\nunit: bao-lai-chau\naliases: [\"/cu/bai-d/\"]\n---\n";
    let site = Fixture::new(&[
        ("content/tin-tuc/a.md", a.as_bytes()),
        ("content/tin-tuc/b.md", b.as_bytes()),
        ("content/tin-tuc/c.md", c.as_bytes()),
        ("content/tin-tuc/d.md", aliased.as_bytes()),
    ]);
    let o = site.loa(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Đã dựng"));
    // paginate_by: 2 -> newest first, two pages.
    let p1 = site.public("tin-tuc/index.html");
    assert!(p1.find(">D<").unwrap() < p1.find(">C<").unwrap());
    assert!(p1.contains("href=\"/tin-tuc/trang/2/\""));
    assert!(site.public("tin-tuc/trang/2/index.html").contains(">A<"));
    // `Test`, `test ` and `TEST` are one tag.
    let tag = site.public("the/test/index.html");
    assert!(tag.contains("3 bài"), "{tag}");
    // A commune station's posts roll up into its district office.
    assert!(site
        .public("don-vi/vhtt-tam-duong/index.html")
        .contains("3 bài"));
    assert!(site
        .public("chu-de/chuyen-doi-so/index.html")
        .contains("3 bài"));
    let alias = site.public("cu/bai-d/index.html");
    assert!(alias.contains("url=/tin-tuc/d/"));
}
