//! `loa new` on small fixture sites: it scaffolds what the section says, leaves the rest
//! empty instead of guessing what a report would count, and refuses units that cannot publish
//! today. (The standard units: `bao-lai-chau` closed on 19/06/2025 and was succeeded by
//! `bao-moi`; the district office and its station have no end date.)

mod common;
use common::{stderr, stdout, Fixture};

fn scaffold(site: &Fixture, rel: &str) -> String {
    std::fs::read_to_string(site.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn without_section_defaults_the_form_and_topics_are_left_for_the_editor() {
    let site = Fixture::new(&[]);
    let o = site.loa(&[
        "new",
        "tin-tuc",
        "Tập huấn chuyển đổi số",
        "--unit",
        "bao-moi",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "Đã tạo content/tin-tuc/tap-huan-chuyen-doi-so.md. Bài đang ở dạng nháp: chọn `kind`, chọn `topics`, xóa dòng `draft: true` khi sẵn sàng đăng.\n"
    );
    let rel = "content/tin-tuc/tap-huan-chuyen-doi-so.md";
    let text = scaffold(&site, rel);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[1], "title: \"Tập huấn chuyển đổi số\"");
    assert!(lines[2].starts_with("date: 20"), "{text}");
    assert_eq!(
        &lines[3..10],
        [
            "unit: bao-moi",
            "kind: \"\"  # hình thức, chọn một: tin, bai, anh, van-ban, phong-su, video, phat-thanh, truyen-hinh",
            "topics: []  # chủ đề, chọn trong: an-toan-thong-tin, chuyen-doi-so, cong-nghe-thong-tin",
            "column: \"\"  # chuyên mục của đơn vị mà bài đăng trong đó, nếu có",
            "tags: []",
            "draft: true",
            "---",
        ]
    );
    // The build refuses to count a post whose form nobody chose, even as a draft.
    let o = site.loa(&["build", "--drafts"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "{rel}:5:1: lỗi: chưa chọn hình thức: `kind` còn để trống\n  gợi ý: điền một mã trong site.yaml: tin, bai, anh"
        )),
        "{}",
        stderr(&o)
    );
    // Once chosen, the scaffold builds.
    std::fs::write(
        site.root().join(rel),
        text.replace("kind: \"\"", "kind: bai"),
    )
    .unwrap();
    let o = site.loa(&["build", "--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_section_gives_its_defaults_for_new_posts() {
    let index = "---\ntitle: \"Tin tức\"\ndated: true\nreportable: true\nnew_post:\n  kind: bai\n  topics: [chuyen-doi-so, an-toan-thong-tin]\n---\n";
    let site = Fixture::new(&[("content/tin-tuc/_index.md", index.as_bytes())]);
    let o = site.loa(&[
        "new",
        "tin-tuc",
        "Bài có mặc định",
        "--unit",
        "ttcs-binh-lu",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).ends_with("Bài đang ở dạng nháp: xóa dòng `draft: true` khi sẵn sàng đăng.\n")
    );
    let text = scaffold(&site, "content/tin-tuc/bai-co-mac-dinh.md");
    assert!(
        text.contains(
            "unit: ttcs-binh-lu\nkind: bai\ntopics: [chuyen-doi-so, an-toan-thong-tin]\n"
        ),
        "{text}"
    );
    let o = site.loa(&["build", "--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn wrong_section_defaults_are_errors_where_they_stand() {
    let index = "---\ntitle: \"Tin tức\"\ndated: true\nreportable: true\nnew_post:\n  kind: bia\n  topics: [chuyen-doi]\n  column: x\n---\n";
    let site = Fixture::new(&[("content/tin-tuc/_index.md", index.as_bytes())]);
    for args in [
        &["build"][..],
        &["new", "tin-tuc", "X", "--unit", "bao-moi"],
    ] {
        let o = site.loa(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        let expected = "content/tin-tuc/_index.md:8:3: lỗi: trường `column` của `new_post` không được hỗ trợ\n  gợi ý: `new_post:` nhận `kind:` và `topics:`";
        assert!(err.contains(expected), "{args:?}\n{err}");
    }
    let index = index.replace("  column: x\n", "");
    let site = Fixture::new(&[("content/tin-tuc/_index.md", index.as_bytes())]);
    let o = site.loa(&["new", "tin-tuc", "X", "--unit", "bao-moi"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for expected in [
        "content/tin-tuc/_index.md:6:9: lỗi: hình thức `bia` không có trong site.yaml\n  gợi ý: các hình thức: tin, bai, anh",
        "content/tin-tuc/_index.md:7:12: lỗi: chủ đề `chuyen-doi` không có trong site.yaml\n  gợi ý: bạn có định viết `chuyen-doi-so`?",
    ] {
        assert!(err.contains(expected), "{err}");
    }
    assert!(!site.root().join("content/tin-tuc/x.md").exists());
}

#[test]
fn a_reportable_section_needs_a_unit_that_publishes_today() {
    let site = Fixture::new(&[]);
    // No unit: the units active today, by name in Vietnamese order (B, Đ, P); not the
    // newspaper that closed.
    let o = site.loa(&["new", "tin-tuc", "X"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "lỗi: bài trong mục `tin-tuc` được tính vào báo cáo: cần --unit MÃ_ĐƠN_VỊ\n  gợi ý: các đơn vị đang hoạt động hôm nay: Báo mới (`bao-moi`), Đài truyền thanh xã Bình Lư (`ttcs-binh-lu`), Phòng Văn hóa và Thông tin huyện Tam Đường (`vhtt-tam-duong`)\nChưa tạo bài. Xem thêm: loa new --help\n"
    );
    // A unit that closed: its successor.
    let o = site.loa(&["new", "tin-tuc", "X", "--unit", "bao-lai-chau"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("lỗi: đơn vị `bao-lai-chau` (Báo Lai Châu) đã thôi hoạt động sau ngày 19/06/2025\n  gợi ý: bài đăng hôm nay thuộc Báo mới (`bao-moi`)\n"),
        "{}",
        stderr(&o)
    );
    // A unit that closed with nobody after it: the units that can publish today.
    let closed = format!(
        "{}- id: to-cu\n  name: \"Tổ cũ\"\n  until: 2020-12-31\n",
        common::UNITS_YAML
    );
    let site = Fixture::new(&[("units.yaml", closed.as_bytes())]);
    let o = site.loa(&["new", "tin-tuc", "X", "--unit", "to-cu"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("lỗi: đơn vị `to-cu` (Tổ cũ) đã thôi hoạt động sau ngày 31/12/2020\n  gợi ý: các đơn vị đang hoạt động hôm nay: Báo mới (`bao-moi`), "),
        "{}",
        stderr(&o)
    );
    // A unit that does not exist yet.
    let future = format!(
        "{}- id: xa-tuong-lai\n  name: \"Xã tương lai\"\n  from: 2999-01-01\n",
        common::UNITS_YAML
    );
    let site = Fixture::new(&[("units.yaml", future.as_bytes())]);
    let o = site.loa(&["new", "tin-tuc", "X", "--unit", "xa-tuong-lai"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("lỗi: đơn vị `xa-tuong-lai` (Xã tương lai) chưa hoạt động (từ 01/01/2999)"),
        "{}",
        stderr(&o)
    );
    // A typo.
    let o = site.loa(&["new", "tin-tuc", "Y", "--unit", "bao-moii"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("bạn có định viết `bao-moi`?"),
        "{}",
        stderr(&o)
    );
    assert!(!site.root().join("content/tin-tuc/x.md").exists());
    assert!(!site.root().join("content/tin-tuc/y.md").exists());
}

#[test]
fn an_evergreen_section_gets_its_update_but_no_unit_form_or_date() {
    let site = Fixture::new(&[(
        "content/hoi-dap/_index.md",
        b"---\ntitle: \"H\xe1\xbb\x8fi \xc4\x91\xc3\xa1p\"\n---\n",
    )]);
    let o = site.loa(&["new", "hoi-dap", "Mã OTP là gì?"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = scaffold(&site, "content/hoi-dap/ma-otp-la-gi.md");
    // The time of writing, as its last update: it puts the page in the section's feed.
    let (head, rest) = text.split_once("\nupdated: 20").unwrap();
    assert_eq!(head, "---\ntitle: \"Mã OTP là gì?\"");
    let text = format!("{head}\n{}", rest.split_once('\n').unwrap().1);
    assert_eq!(
        text,
        "---\ntitle: \"Mã OTP là gì?\"\ntopics: []  # chủ đề, chọn trong: an-toan-thong-tin, chuyen-doi-so, cong-nghe-thong-tin\ntags: []\ndraft: true\n---\n\nViết đoạn mở đầu ở đây: đoạn này là tóm tắt của bài.\n"
    );
    let o = site.loa(&["build", "--drafts"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn never_overwrites_and_names_the_sections_that_exist() {
    let site = Fixture::new(&[]);
    let args = ["new", "tin-tuc", "Tập huấn", "--unit", "bao-moi"];
    assert!(site.loa(&args).status.success());
    let rel = "content/tin-tuc/tap-huan.md";
    std::fs::write(site.root().join(rel), "đã sửa").unwrap();
    let again = site.loa(&args);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains(&format!("{rel}:1:1: lỗi: tệp đã tồn tại, loa không ghi đè")));
    assert_eq!(scaffold(&site, rel), "đã sửa");
    let bad = site.loa(&["new", "tin-tuk", "X"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains(
            "lỗi: không có mục `tin-tuk`: cần thư mục content/tin-tuk/ với tệp _index.md"
        ) && stderr(&bad).contains("bạn có định viết `tin-tuc`?"),
        "{}",
        stderr(&bad)
    );
    // A title with nothing to make a file name of is a command-line mistake.
    let bad = site.loa(&["new", "tin-tuc", "?!", "--unit", "bao-moi"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("lỗi: tiêu đề `?!` không có chữ hay số nào để đặt tên tệp"));
}
