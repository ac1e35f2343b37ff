//! Every kind of bad input is reported in one run as `path:line:column: message`,
//! with exit status 1, and the previous output is left untouched.

mod common;
use common::{stderr, Fixture};

const GOOD: &str =
    "---\ntitle: \"Bài tốt\"\ndate: 2023-04-14\nunit: bao-lai-chau\n---\nNội dung.\n";

fn bad_site() -> Fixture {
    Fixture::new(&[
        ("content/tin-tuc/tot.md", GOOD.as_bytes()),
        ("content/tin-tuc/khong-mo.md", b"title: x\n"),
        ("content/tin-tuc/khong-dong.md", b"---\ntitle: x\ndate: 2023-01-01\n"),
        ("content/tin-tuc/yaml-hong.md", b"---\ntitle: \"x\ndate: [2023\n---\n"),
        ("content/tin-tuc/khoa-la.md", b"---\ntitle: A\ndate: 2023-01-01\nunit: bao-lai-chau\ntopcs: [chuyen-doi-so]\n---\n"),
        ("content/tin-tuc/thieu-title.md", b"---\ndate: 2023-01-01\nunit: bao-lai-chau\n---\n"),
        ("content/tin-tuc/ma-sai.md", b"---\ntitle: A\ndate: 2023-01-01\nunit: bao-lai-chu\ntopics: [chuyen-doi-sso]\nkind: baii\n---\n"),
        ("content/tin-tuc/ngay-sai.md", b"---\ntitle: A\ndate: 32/13/2023\nunit: bao-lai-chau\n---\n"),
        ("content/tin-tuc/dong-du.md", b"---\ntitle: A\ndate: 2023-01-01\nunit: bao-lai-chau\n---\n"),
        ("content/tin-tuc/đồng-du.md", b"---\ntitle: B\ndate: 2023-01-02\nunit: bao-lai-chau\n---\n"),
        ("content/tin-tuc/anh/index.md", b"---\ntitle: Anh\ndate: 2023-01-01\nunit: bao-lai-chau\nimage: khong-co.jpg\n---\n\n![](cung-khong-co.png)\n"),
        ("content/tin-tuc/latin1.md", b"---\ntitle: Qu\xe1 kh\xf3\n---\n"),
        ("content/tin-tuc/rong.md", b""),
        ("content/tin-tuc/het-han.md", b"---\ntitle: A\ndate: 2025-08-01\nunit: bao-lai-chau\n---\n"),
        ("content/tin-tuc/trong.md", b"---\ntitle: C\ndate: 2025-01-01\nunit:\nkind:\n---\n"),
        ("content/tin-tuc/chua-co.md", b"---\ntitle: B\ndate: 2025-01-01\nunit: bao-moi\n---\n"),
        ("content/tin-tuc/nhap.md", b"---\ntitle: Nhap\ndate: 2023-01-01\nunit: bao-lai-chauu\ndraft: true\n---\n"),
        ("content/_index.md", b"---\ntitle: Trang chu\n---\n\n![](logo.png)\n"),
    ])
}

fn expect_lines(err: &str, lines: &[&str]) {
    for l in lines {
        assert!(err.contains(l), "missing `{l}` in:\n{err}");
    }
}

#[test]
fn build_reports_every_problem_and_keeps_previous_output() {
    let site = bad_site();
    let public = site.root().join("public");
    std::fs::create_dir_all(&public).unwrap();
    // A previous build's output (tests/output_dir.rs makes a real one).
    std::fs::write(public.join(".loa-build"), "").unwrap();
    std::fs::write(public.join("cu.html"), "bản cũ").unwrap();

    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    expect_lines(&err, &[
        "content/tin-tuc/khong-mo.md:1:1: lỗi: thiếu dòng mở đầu `---`",
        "content/tin-tuc/khong-dong.md:1:1: lỗi: phần thông tin mở bằng `---` nhưng không có dòng `---` đóng lại",
        "content/tin-tuc/yaml-hong.md:",
        "YAML không hợp lệ",
        "content/tin-tuc/khoa-la.md:5:1: lỗi: trường `topcs` không được hỗ trợ\n  gợi ý: bạn có định viết `topics`?",
        "content/tin-tuc/thieu-title.md:1:1: lỗi: thiếu trường bắt buộc `title`",
        "content/tin-tuc/ma-sai.md:4:7: lỗi: đơn vị `bao-lai-chu` không có trong units.yaml\n  gợi ý: bạn có định viết `bao-lai-chau`?",
        "content/tin-tuc/ma-sai.md:5:10: lỗi: chủ đề `chuyen-doi-sso` không có trong site.yaml\n  gợi ý: bạn có định viết `chuyen-doi-so`?",
        "content/tin-tuc/ma-sai.md:6:7: lỗi: hình thức `baii` không có trong site.yaml\n  gợi ý: bạn có định viết `bai`?",
        "content/tin-tuc/ngay-sai.md:3:7: lỗi: ngày `32/13/2023` không có trong lịch",
        "content/tin-tuc/dong-du.md:2:8: lỗi: địa chỉ /tin-tuc/dong-du/ trùng với content/tin-tuc/đồng-du.md",
        "content/tin-tuc/anh/index.md:5:8: lỗi: ảnh đại diện thiếu mô tả `image_alt`",
        "content/tin-tuc/anh/index.md:8:1: lỗi: ảnh `cung-khong-co.png` thiếu mô tả (alt)",
        "content/tin-tuc/anh/index.md:5:8: lỗi: không tìm thấy tệp ảnh `khong-co.jpg`",
        "content/tin-tuc/anh/index.md:8:1: lỗi: không tìm thấy tệp ảnh `cung-khong-co.png`",
        // Drafts are validated although they are not published.
        "content/tin-tuc/nhap.md:4:7: lỗi: đơn vị `bao-lai-chauu` không có trong units.yaml",
        // Sections' images are held to the same rules.
        "content/_index.md:5:1: lỗi: ảnh `logo.png` thiếu mô tả (alt)",
        "content/_index.md:5:1: lỗi: không tìm thấy tệp ảnh `logo.png`",
        "content/tin-tuc/latin1.md:2:10: lỗi: tệp không phải văn bản UTF-8",
        "content/tin-tuc/rong.md:1:1: lỗi: tệp rỗng",
        "content/tin-tuc/het-han.md:4:7: lỗi: ngày 01/08/2025 nằm ngoài thời gian hoạt động của `bao-lai-chau`",
        "  gợi ý: ngày đó, bài đăng thuộc Báo mới (`bao-moi`)",
        // Left blank, not guessed.
        "content/tin-tuc/trong.md:4:1: lỗi: chưa điền đơn vị: `unit` còn để trống\n  gợi ý: điền mã đơn vị đăng bài trong units.yaml, ví dụ `unit: bao-moi`",
        "content/tin-tuc/trong.md:5:1: lỗi: chưa chọn hình thức: `kind` còn để trống",
        // Before a unit started, the one it took over from.
        "content/tin-tuc/chua-co.md:4:7: lỗi: ngày 01/01/2025 nằm ngoài thời gian hoạt động của `bao-moi` (từ 20/06/2025)\n  gợi ý: ngày đó, bài đăng thuộc Báo Lai Châu (`bao-lai-chau`)",
    ]);
    assert!(err.contains(" lỗi. Dựng site thất bại; thư mục đầu ra cũ được giữ nguyên."));
    assert!(!err.contains("panicked"));
    assert_eq!(
        std::fs::read_to_string(public.join("cu.html")).unwrap(),
        "bản cũ"
    );
}

#[test]
fn missing_images_fail_and_broken_links_warn_in_build_fail_in_check() {
    let site = Fixture::new(&[
        ("content/tin-tuc/tot.md", GOOD.as_bytes()),
        ("content/tin-tuc/lien-ket.md", b"---\ntitle: L\ndate: 2023-01-01\nunit: bao-lai-chau\n---\n\nXem [bai](/tin-tuc/khong-ton-tai/) va [muc](/tin-tuc/tot/#khong-co) va [dung](/tin-tuc/tot/).\n"),
    ]);
    let o = site.loa(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    expect_lines(&err, &[
        "content/tin-tuc/lien-ket.md:7:5: cảnh báo: liên kết hỏng: `/tin-tuc/khong-ton-tai/` không dẫn tới trang nào",
        "content/tin-tuc/lien-ket.md:7:39: cảnh báo: liên kết hỏng: trang `/tin-tuc/tot/` không có mục `#khong-co`",
    ]);
    let o = site.loa(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("lien-ket.md:7:5: lỗi: liên kết hỏng"),
        "{}",
        stderr(&o)
    );

    let img = Fixture::new(&[(
        "content/tin-tuc/anh/index.md",
        b"---\ntitle: Anh\ndate: 2023-01-01\nunit: bao-lai-chau\n---\n\n![Mo ta](khong-co.png)\n",
    )]);
    let o = img.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "content/tin-tuc/anh/index.md:7:1: lỗi: không tìm thấy tệp ảnh `khong-co.png`"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn template_error_names_template_and_line() {
    let site = Fixture::new(&[
        ("content/tin-tuc/tot.md", GOOD.as_bytes()),
        (
            "templates/page.html",
            b"<!DOCTYPE html>\n<p>{{ page.title }}</p>\n<p>{{ page.title | khong_co }}</p>\n",
        ),
    ]);
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "templates/page.html:3:1: lỗi: lỗi mẫu trang `page.html`: bộ lọc không tồn tại"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn template_syntax_and_content_errors_in_one_run() {
    let site = Fixture::new(&[
        (
            "content/tin-tuc/sai.md",
            b"---\ntitle: A\ndate: 2023-01-01\nunit: khong-co\n---\n",
        ),
        ("templates/section.html", b"<p>\n{% if %}\n</p>\n"),
    ]);
    let err = stderr(&site.loa(&["build"]));
    expect_lines(
        &err,
        &[
            "content/tin-tuc/sai.md:4:7: lỗi: đơn vị `khong-co` không có trong units.yaml",
            "templates/section.html:2:1: lỗi: lỗi mẫu trang: sai cú pháp",
        ],
    );
}

#[test]
fn bad_settings_files_are_reported() {
    let site = Fixture::new(&[("site.yaml", b"title: T\nbase_url: vidu.vn\npaginte_by: 3\n")]);
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("site.yaml:3:1: lỗi: khóa `paginte_by` không được hỗ trợ\n  gợi ý: bạn có định viết `paginate_by`?"), "{}", stderr(&o));

    let site = Fixture::new(&[(
        "units.yaml",
        b"- id: a\n  name: A\n- id: a\n  name: B\n  nam: C\n",
    )]);
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("units.yaml:5:3: lỗi: khóa `nam` không được hỗ trợ"),
        "{}",
        stderr(&o)
    );

    let site = Fixture::new(&[(
        "site.yaml",
        b"title: T\nbase_url: https://vidu.vn\nfeeds:\n  limit: 0\n  max: 3\n",
    )]);
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "site.yaml:5:3: lỗi: khóa `max` không được hỗ trợ\n  gợi ý: các khóa hợp lệ: limit"
        ),
        "{}",
        stderr(&o)
    );
    let site = Fixture::new(&[(
        "site.yaml",
        b"title: T\nbase_url: https://vidu.vn\nfeeds:\n  limit: 0\n",
    )]);
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o)
            .contains("site.yaml:4:3: lỗi: feeds.limit phải lớn hơn 0\n  gợi ý: số tin bài tối đa"),
        "{}",
        stderr(&o)
    );

    let empty = tempfile::tempdir().unwrap();
    let o = common::loa(empty.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("site.yaml:1:1: lỗi: không tìm thấy tệp"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_command_lines_answer_in_vietnamese() {
    let site = Fixture::new(&[]);
    let o = site.loa(&["buil"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("lỗi: lệnh `buil` không tồn tại (bạn có định gõ `build`?)"),
        "{}",
        stderr(&o)
    );
    let o = site.loa(&["build", "--oops"]);
    assert!(stderr(&o).contains("tùy chọn `--oops` không tồn tại"));
    let o = site.loa(&["new", "tin-tuc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("thiếu tham số bắt buộc: <TIÊU_ĐỀ>"),
        "{}",
        stderr(&o)
    );
    let o = site.loa(&["--help"]);
    assert!(o.status.success());
    assert!(
        common::stdout(&o).contains("Cách dùng:")
            && common::stdout(&o).contains("Dựng toàn bộ site")
    );
}

#[test]
fn a_site_folder_that_does_not_exist_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("khong-co");
    for cmd in [&["build"][..], &["report", "--period", "2022"], &["check"]] {
        let o = common::loa(&missing, cmd);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        assert_eq!(
            stderr(&o),
            format!(
                "lỗi: không có thư mục site `{}`\n  gợi ý: --root chỉ tới thư mục chứa site.yaml, units.yaml và content/ (mặc định: thư mục hiện tại)\n",
                missing.display()
            )
        );
    }
}

#[test]
fn wrong_option_values_are_explained_in_vietnamese() {
    let site = Fixture::new(&[]);
    for (args, expected) in [
        (&["serve", "--port", "abc"][..], "lỗi: giá trị `abc` không hợp lệ cho --port <CỔNG>: cần một số cổng từ 1 đến 65535, ví dụ 1111"),
        (&["serve", "--port", "70000"], "lỗi: giá trị `70000` không hợp lệ cho --port <CỔNG>: cần một số cổng"),
        (&["serve", "--bind", "x"], "lỗi: giá trị `x` không hợp lệ cho --bind <ĐỊA_CHỈ>: cần một địa chỉ IP, ví dụ 127.0.0.1"),
    ] {
        let o = site.loa(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.starts_with(expected), "{args:?}: {err}");
        assert!(!err.contains("invalid") && !err.contains("not in"), "{err}");
    }
}

#[test]
fn a_group_heading_below_the_top_level_is_refused() {
    let units = format!("{}    - id: ttcs-ban-bo\n      name: \"Đài truyền thanh xã Bản Bo\"\n      group: \"Trạm\"\n", common::UNITS_YAML);
    let site = common::Fixture::new(&[("units.yaml", units.as_bytes())]);
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "units.yaml:15:7: lỗi: đơn vị `ttcs-ban-bo`: `group` chỉ đặt ở đơn vị cấp trên cùng"
        ),
        "{err}"
    );
}

#[test]
fn a_site_without_its_publisher_builds_with_a_warning_naming_what_is_missing() {
    let site = common::Fixture::new(&[(
        "site.yaml",
        b"title: \"T\"\nbase_url: \"https://vidu.laichau.gov.vn\"\npublisher:\n  name: \"S\xe1\xbb\x9f Th\xe1\xbb\xad\"\n  phone: \"0213\"\n",
    )]);
    let o = site.loa(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.starts_with("site.yaml:3:1: cảnh báo: chưa ghi `publisher.address`, `publisher.email`, `publisher.responsible`: Nghị định 42/2022/NĐ-CP"), "{err}");
    assert!(site
        .public("index.html")
        .contains("Điện thoại: <a href=\"tel:0213\">0213</a>"));
}

#[test]
fn check_names_a_link_that_leaves_the_folder_of_base_url() {
    // A theme that writes addresses of its own, past what loa places under the folder.
    let page = "{% extends \"base.html\" %}{% block main %}<h1>Không thấy</h1><p><a href=\"../ra-ngoai/\">ra ngoài</a> <a href=\"/khong-thay/\">không có</a></p>{% endblock %}";
    let site = common::Fixture::new(&[
        ("templates/404.html", page.as_bytes()),
        (
            "content/tin-tuc/a.md",
            "---\ntitle: \"A\"\ndate: 2024-03-01\nunit: bao-lai-chau\n---\nXem [trang cũ](https://vidu.laichau.gov.vn/cds/khong-co/).\n".as_bytes(),
        ),
    ]);
    let o = site.loa(&["check", "--base-url", "https://vidu.laichau.gov.vn/cds/"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("404.html (tệp dựng ra):1:1: lỗi: liên kết `../ra-ngoai/` nằm ngoài thư mục `/cds/` của trang (base_url)"), "{err}");
    assert!(err.contains("404.html (tệp dựng ra):1:1: lỗi: liên kết `/cds/khong-thay/` không dẫn tới tệp nào của bản dựng"), "{err}");
    // A link written in a post is named once, at its line in the post.
    assert!(err.contains("content/tin-tuc/a.md:6:5: lỗi: liên kết hỏng: `https://vidu.laichau.gov.vn/cds/khong-co/`"), "{err}");
    assert!(!err.contains("tin-tuc/a/index.html (tệp dựng ra)"), "{err}");
}

#[test]
fn a_yes_or_no_setting_names_what_was_written() {
    let site = Fixture::new(&[(
        "content/tin-tuc/_index.md",
        "---\ntitle: \"Tin tức\"\ndated: true\nstream: maybe\npaginate_by: -3\n---\n".as_bytes(),
    )]);
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/tin-tuc/_index.md:4:1: lỗi: `stream` phải là `true` hoặc `false`, không phải `maybe`\n  gợi ý: viết `stream: true` hoặc `stream: false`"), "{err}");
    assert!(err.contains("content/tin-tuc/_index.md:5:1: lỗi: `paginate_by` phải là một số nguyên dương, không phải `-3`"), "{err}");
}

#[test]
fn a_key_written_twice_and_an_open_quote_are_named_where_they_are() {
    let site = Fixture::new(&[
        (
            "content/tin-tuc/_index.md",
            "---\ntitle: \"Tin tức\"\ndated: true\nreportable: true\ndated: true\n---\n".as_bytes(),
        ),
        (
            "content/tin-tuc/z.md",
            "---\ntitle: \"Bộ chỉ số\ndate: 2024-01-01\nunit: bao-lai-chau\n---\nx\n".as_bytes(),
        ),
    ]);
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/tin-tuc/_index.md:5:1: lỗi: khóa `dated` được viết hai lần\n  gợi ý: giữ một dòng `dated:` và xóa dòng còn lại"), "{err}");
    assert!(err.contains("content/tin-tuc/z.md:2:8: lỗi: YAML không hợp lệ: dấu nháy kép `\"` mở ở đây chưa được đóng"), "{err}");
    assert!(
        !err.contains("duplicate") && !err.contains("did not find"),
        "{err}"
    );
}
