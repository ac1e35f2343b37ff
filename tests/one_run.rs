//! One run, every problem: a post with many mistakes, a file whose YAML is broken and the links
//! of the rest are reported together, each at its cause, in Vietnamese.

mod common;
use common::{stderr, Fixture};

/// Five kinds of mistakes in one post, a sixth file that cannot be read, and a good post
/// linking to both and to nowhere.
fn site() -> Fixture {
    Fixture::new(&[
        (
            "content/tin-tuc/nhieu-loi.md",
            concat!(
                "---\n",
                "title: \"Bài có nhiều lỗi\"\n",
                "topic: chuyen-doi-so\n",
                "date: 2025-13-45\n",
                "unit: bao-lai-chau\n",
                "kind: tinn\n",
                "image: /anh/khong-co.jpg\n",
                "---\n",
                "Xem [bài không có](/tin-tuc/khong-ton-tai/) và [hỏng](cu-phap-hong.md).\n",
            )
            .as_bytes(),
        ),
        (
            "content/tin-tuc/cu-phap-hong.md",
            "---\ntitle: 'Thiếu dấu nháy\ndate: 2024-01-02\nunit: bao-lai-chau\n---\nx\n".as_bytes(),
        ),
        (
            "content/tin-tuc/tot.md",
            concat!(
                "---\ntitle: \"Bài tốt\"\ndate: 2024-03-01\nunit: bao-lai-chau\n---\n",
                "[Một](cu-phap-hong.md), [hai](/tin-tuc/cu-phap-hong/), ",
                "[ba](/tin-tuc/nhieu-loi/), [bốn](/tin-tuc/khong-co/) ",
                "và [năm](/tin-tuc/#khong-co-muc).\n",
            )
            .as_bytes(),
        ),
        (
            "content/tin-tuc/kieu-sai.md",
            "---\ntitle: [\"danh sách\"]\ndate: 2024-01-05\nunit: bao-lai-chau\ntags: [{a: 1}]\n---\nx\n"
                .as_bytes(),
        ),
    ])
}

#[test]
fn check_reports_every_problem_of_every_file_at_once() {
    let site = site();
    let o = site.loa(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let expected = [
        // The open quote, where it opens, in words for a single quote.
        "content/tin-tuc/cu-phap-hong.md:2:8: lỗi: YAML không hợp lệ: dấu nháy đơn `'` mở ở đây chưa được đóng",
        // The unknown key does not hide the other fields' problems.
        "content/tin-tuc/nhieu-loi.md:3:1: lỗi: trường `topic` không được hỗ trợ\n  gợi ý: bạn có định viết `topics`?",
        "content/tin-tuc/nhieu-loi.md:4:7: lỗi: ngày `2025-13-45` không có trong lịch",
        "content/tin-tuc/nhieu-loi.md:6:7: lỗi: hình thức `tinn` không có trong site.yaml",
        "content/tin-tuc/nhieu-loi.md:7:8: lỗi: không tìm thấy tệp ảnh `/anh/khong-co.jpg`",
        "content/tin-tuc/nhieu-loi.md:7:8: lỗi: ảnh đại diện thiếu mô tả `image_alt`",
        // Its links are checked although the post failed.
        "content/tin-tuc/nhieu-loi.md:9:5: lỗi: liên kết hỏng: `/tin-tuc/khong-ton-tai/` không dẫn tới trang nào",
        // The good post's links are checked although other pages failed.
        "content/tin-tuc/tot.md:6:83: lỗi: liên kết hỏng: `/tin-tuc/khong-co/` không dẫn tới trang nào",
        "content/tin-tuc/tot.md:6:112: lỗi: liên kết hỏng: trang `/tin-tuc/` không có mục `#khong-co-muc`",
        // A wrong type is named once, not also as missing.
        "content/tin-tuc/kieu-sai.md:2:1: lỗi: `title` phải là một chuỗi, không phải danh sách",
        "content/tin-tuc/kieu-sai.md:5:1: lỗi: mỗi mục của `tags` phải là một chuỗi",
    ];
    for line in expected {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    assert!(err.contains("11 lỗi"), "{err}");
    // Links to the files that failed are not broken on top of their own problems.
    assert!(!err.contains("cu-phap-hong.md` không dẫn"), "{err}");
    assert!(!err.contains("/tin-tuc/cu-phap-hong/`"), "{err}");
    assert!(!err.contains("/tin-tuc/nhieu-loi/`"), "{err}");
    assert!(!err.contains("thiếu trường bắt buộc `title`"), "{err}");
    // No English from the YAML library without --verbose.
    assert!(!err.contains("found unexpected"), "{err}");
}

#[test]
fn build_reports_the_same_with_broken_links_as_warnings_and_verbose_keeps_the_original() {
    let site = site();
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/tin-tuc/tot.md:6:83: cảnh báo: liên kết hỏng"),
        "{err}"
    );
    assert!(
        err.contains("content/tin-tuc/nhieu-loi.md:7:8: lỗi: không tìm thấy tệp ảnh"),
        "{err}"
    );
    assert!(!site.root().join("public").exists());
    let o = site.loa(&["check", "--verbose"]);
    let err = stderr(&o);
    assert!(
        err.contains("dấu nháy đơn `'` mở ở đây chưa được đóng\n  gợi ý: thêm `'` ở cuối giá trị, hoặc viết `''` nếu giá trị có dấu nháy đơn\n  chi tiết (nguyên văn của thư viện): found unexpected end of stream"),
        "{err}"
    );
}

#[test]
fn a_yaml_mistake_without_vietnamese_words_yet_is_told_in_vietnamese() {
    for (yaml, words) in [
        ("title: *khong-co\n", "bí danh `*` chưa được định nghĩa"),
        ("title: !!int abc\n", "giá trị không đúng với kiểu thẻ"),
        ("title: a\n\tdate: b\n", "YAML không hợp lệ"),
        ("title: \"a\\q\"\n", "có `\\` theo sau là ký tự lạ"),
    ] {
        let site = Fixture::new(&[(
            "content/tin-tuc/a.md",
            format!("---\n{yaml}---\nx\n").as_bytes(),
        )]);
        let err = stderr(&site.loa(&["check"]));
        assert!(err.contains(words), "{yaml:?}: {err}");
        let english = ["found", "expected", "unknown", "invalid", "anchor", "token"];
        let line = err.lines().find(|l| l.contains("a.md")).unwrap_or("");
        assert!(
            !english
                .iter()
                .any(|w| err.lines().take(2).any(|l| l.contains(w))),
            "{yaml:?}: {line}\n{err}"
        );
    }
}

#[test]
fn unknown_keys_in_the_settings_hide_neither_their_other_mistakes_nor_units_yaml() {
    let site = Fixture::new(&[]);
    std::fs::write(
        site.root().join("site.yaml"),
        "title: \"T\"\nbase_url: \"vidu.vn\"\npaginatee_by: 3\ntimezone: \"+25:00\"\nfeeds: { limt: 3 }\n",
    )
    .unwrap();
    std::fs::write(
        site.root().join("units.yaml"),
        "- id: bao\n  name: \"Báo\"\n  nam: x\n  from: 2025-13-01\n- id: bao\n  name: B\n",
    )
    .unwrap();
    let err = stderr(&site.loa(&["check"]));
    for line in [
        "site.yaml:2:12: lỗi: base_url `vidu.vn` không phải địa chỉ web đầy đủ",
        "site.yaml:3:1: lỗi: khóa `paginatee_by` không được hỗ trợ\n  gợi ý: bạn có định viết `paginate_by`?",
        "site.yaml:4:1: lỗi: múi giờ `+25:00` không hợp lệ",
        "site.yaml:5:10: lỗi: khóa `limt` không được hỗ trợ",
        // units.yaml is checked although site.yaml is broken, and its unknown key hides nothing.
        "units.yaml:3:3: lỗi: khóa `nam` không được hỗ trợ",
        "units.yaml:4:9: lỗi: `from` của `bao`: ngày `2025-13-01` không có trong lịch",
        "units.yaml:5:3: lỗi: mã đơn vị `bao` bị trùng",
    ] {
        assert!(err.contains(line), "missing {line:?} in:\n{err}");
    }
    assert!(err.contains("7 lỗi"), "{err}");
}

#[test]
fn links_to_a_failed_page_by_its_slug_alias_or_full_address_are_not_broken_and_drafts_stay_unchecked(
) {
    let site = Fixture::new(&[
        (
            "content/tin-tuc/hong.md",
            "---\ntitle: \"Hỏng\"\nslug: \"ten-rieng\"\naliases: [\"/cu/hong/\"]\ndate: 2024-01-02\nunit: khong-co\n---\nx\n"
                .as_bytes(),
        ),
        (
            "content/tin-tuc/nhap.md",
            "---\ntitle: \"Nháp\"\ndraft: true\ndate: 2024-01-03\nunit: khong-co-nua\n---\n[đâu](/khong-ton-tai/)\n"
                .as_bytes(),
        ),
        (
            "content/tin-tuc/tot.md",
            "---\ntitle: \"Tốt\"\ndate: 2024-03-01\nunit: bao-lai-chau\n---\n[a](/tin-tuc/ten-rieng/) [b](https://vidu.laichau.gov.vn/tin-tuc/ten-rieng/) [c](/cu/hong/) [d](/khong-co/)\n"
                .as_bytes(),
        ),
    ]);
    let err = stderr(&site.loa(&["check"]));
    assert!(
        err.contains("content/tin-tuc/hong.md:6:7: lỗi: đơn vị `khong-co`"),
        "{err}"
    );
    assert!(
        err.contains("content/tin-tuc/nhap.md:5:7: lỗi: đơn vị `khong-co-nua`"),
        "{err}"
    );
    assert!(err.contains("content/tin-tuc/tot.md:6:"), "{err}");
    assert!(
        err.contains("`/khong-co/` không dẫn tới trang nào"),
        "{err}"
    );
    assert_eq!(err.matches("liên kết hỏng").count(), 1, "{err}");
    assert!(err.contains("3 lỗi"), "{err}");
}
