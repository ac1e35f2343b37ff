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

/// The texts of the links in `html` that start with `needle`, in page order.
fn link_texts(html: &str, needle: &str) -> Vec<String> {
    html.split(needle)
        .skip(1)
        .filter_map(|rest| {
            let text = &rest[rest.find('>')? + 1..];
            Some(text[..text.find("</a>")?].to_string())
        })
        .collect()
}

#[test]
fn terms_and_title_sorted_sections_are_in_vietnamese_order() {
    let post = |tags: &str| {
        format!("---\ntitle: \"Bài\"\ndate: 2024-01-01\nunit: bao-lai-chau\ntags: [{tags}]\n---\n")
    };
    let a = post("\"Ưu tiên\", \"Uy tín\", \"Đà Lạt\", \"Dương\", \"Âm nhạc\", \"Ăn uống\", \"An ninh\", \"Hòa nhập\"");
    let b = post("\"Hoà nhập\"");
    let page = |title: &str| format!("---\ntitle: \"{title}\"\n---\n");
    let pages: Vec<(String, String)> = ["Âm vang", "Ăn ở", "An toàn", "Đường", "Dương", "Bà", "Ba"]
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("content/thu-vien/{i}.md"), page(t)))
        .collect();
    let mut files: Vec<(&str, &[u8])> = vec![
        ("content/tin-tuc/a.md", a.as_bytes()),
        ("content/tin-tuc/b.md", b.as_bytes()),
        (
            "content/thu-vien/_index.md",
            b"---\ntitle: \"Th\xc6\xb0 vi\xe1\xbb\x87n\"\nsort_by: title\npaginate_by: 20\n---\n",
        ),
    ];
    files.extend(pages.iter().map(|(p, t)| (p.as_str(), t.as_bytes())));
    let site = Fixture::new(&files);
    let o = site.loa(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Ă and Â after A, Đ after D, Ư after U; `Hòa nhập` and `Hoà nhập` are one tag, shown as
    // first written.
    assert_eq!(
        link_texts(&site.public("the/index.html"), "<li><a href=\"/the/"),
        [
            "An ninh",
            "Ăn uống",
            "Âm nhạc",
            "Dương",
            "Đà Lạt",
            "Hòa nhập",
            "Uy tín",
            "Ưu tiên"
        ]
    );
    assert!(site.public("the/hoa-nhap/index.html").contains("2 bài"));
    // Two different words that lose their difference in the address are an error.
    let (c, d) = (post("\"An\", \"Ăn\""), post("\"ăn\""));
    let clash = Fixture::new(&[
        ("content/tin-tuc/c.md", c.as_bytes()),
        ("content/tin-tuc/d.md", d.as_bytes()),
    ]);
    let o = clash.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    for expected in [
        "content/tin-tuc/c.md:5:15: lỗi: thẻ `Ăn` trùng địa chỉ /the/an/ với thẻ `An` (content/tin-tuc/c.md)",
        "content/tin-tuc/d.md:5:9: lỗi: thẻ `ăn` trùng địa chỉ /the/an/ với thẻ `An` (content/tin-tuc/c.md)",
    ] {
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    }
    // Titles: letters first, then tones (none before huyền).
    assert_eq!(
        link_texts(
            &site.public("thu-vien/index.html"),
            "<h2><a href=\"/thu-vien/"
        ),
        ["An toàn", "Ăn ở", "Âm vang", "Ba", "Bà", "Dương", "Đường"]
    );
}

/// Found in review: lists once seeded sections in newest-first order, so pages with the same
/// title in a section sorted by title followed their dates instead of their files.
#[test]
fn equal_titles_in_a_title_sorted_section_keep_file_order() {
    let page = |date: &str| format!("---\ntitle: \"Thông báo\"\ndate: {date}\n---\n");
    let (a, b) = (page("2024-01-01"), page("2024-03-01"));
    let site = Fixture::new(&[
        (
            "content/thu-vien/_index.md",
            "---\ntitle: \"Thư viện\"\nsort_by: title\n---\n".as_bytes(),
        ),
        ("content/thu-vien/a.md", a.as_bytes()),
        ("content/thu-vien/b.md", b.as_bytes()),
    ]);
    let o = site.loa(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let list = site.public("thu-vien/index.html");
    let (at_a, at_b) = (list.find("/thu-vien/a/"), list.find("/thu-vien/b/"));
    assert!(at_a.is_some() && at_a < at_b, "{list}");
    // And the neighbours agree: a's next page is b.
    assert!(site
        .public("thu-vien/a/index.html")
        .contains("/thu-vien/b/"));
}
