//! `loa import` against a feed server on loopback (`common::feeds`) serving the fixture feeds of
//! `tests/fixtures/import/feeds`, counted by hand:
//! - `bao` (Báo Thử, mirror `10.0.0.5:8080`) has a NukeViet 4.5 feed whose every `pubDate` has
//!   the month in the minutes (CDATA guids with white space, thumbnail descriptions, `&nbsp;`):
//!   on topic are news_101 (cds, 2025-03-14), news_105 (attt, 18:05 UTC on 31/05, so 01/06 in
//!   the site's offset) and news_106 (cds, a video, with `utm_` parameters); news_103 (football)
//!   and news_104 ("chuyển đổi sổ", marks differ) are off topic. Its Atom feed of the column
//!   "Chuyển đổi số" (topics [chuyen-doi-so], kind bai) has 201 (2025-02-10), news_101 again
//!   under the mirror host (a duplicate, which gives news_101 the column and the form bài) and
//!   202 with only `updated` (2025-03-20) and a relative link;
//! - `dai`'s JSON Feed has its article about the highland communes under a percent-encoded
//!   address that a post of this site republishes (`source_url`, one count, as the post), a
//!   photo story without a date (kept, not counted) and an item without an address;
//! - `xa` (a station under the district office `huyen`) has a Windows-1258 RSS: one item on
//!   topic (2025-07-15), one off;
//! - `loi`'s eight feeds each fail in their own way.
//!
//! So 2025 counts `bao` 5 (tin 1, video 1, bài 3; cds 4, attt 1), `dai` 1 (the post), `xa` and
//! `huyen` 1, in all 7 of which 6 came from the units' own websites.

mod common;
use common::feeds::Feeds;
use common::{loa, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The fixture site in a temporary folder, its feeds on `feeds`' port; `loi`'s failing feeds
/// only when `faults`.
fn site(feeds: &Feeds, faults: bool) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/site");
    let dir = tempfile::tempdir().unwrap();
    for e in walkdir::WalkDir::new(&src) {
        let e = e.unwrap();
        let to = dir.path().join(e.path().strip_prefix(&src).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    let units = dir.path().join("units.yaml");
    let mut text = std::fs::read_to_string(&units).unwrap();
    if !faults {
        text = text[..text.find("- id: loi").unwrap()].to_string();
    }
    let refused = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let text = text
        .replace("{{PORT}}", &feeds.port.to_string())
        .replace("{{REFUSED}}", &refused.to_string());
    std::fs::write(units, text).unwrap();
    dir
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every file under `imported/`, with its bytes.
fn imported(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(root.join("imported"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    v.sort();
    v
}

fn report_2025(root: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--period", "2025", "--format", "json"];
    args.extend_from_slice(extra);
    let o = loa(root, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn unit<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id)
        .unwrap()
}

#[test]
fn feeds_are_kept_by_topic_in_stable_files_and_each_fault_is_named() {
    let feeds = Feeds::start();
    let dir = site(&feeds, true);
    let root = dir.path();
    let o = loa(root, &["import", "--timeout", "2"]);
    let (out, err) = (stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{out}\n{err}");
    // One line per unit.
    assert!(out.contains("Báo Thử (`bao`): 5 mục mới, 5 mục trong imported/bao.yaml; bỏ qua 3: 2 ngoài chủ đề, 1 trùng bài đã nhập."), "{out}");
    assert!(out.contains("Đài Thử (`dai`): 2 mục mới (1 chưa có ngày đăng), 2 mục trong imported/dai.yaml; bỏ qua 1: 1 không có địa chỉ bài."), "{out}");
    assert!(out.contains("Đài truyền thanh xã Thử (`xa`): 1 mục mới, 1 mục trong imported/xa.yaml; bỏ qua 1: 1 ngoài chủ đề."), "{out}");
    assert!(out.contains("Đơn vị có nguồn tin lỗi (`loi`): 0 mục mới, chưa có tệp imported/loi.yaml; 8 nguồn tin lỗi (xem thông báo lỗi)."), "{out}");
    // Each fault names the unit, the address (with its line in units.yaml) and the cause.
    let p = feeds.port;
    for (line, path, cause) in [
        (
            26,
            "trang.html",
            "địa chỉ này trả về một trang web (HTML), không phải nguồn tin RSS, Atom hay JSON Feed",
        ),
        (
            27,
            "khong-co.rss",
            "máy chủ trả lời 404: không có trang này",
        ),
        (28, "loi-may-chu.rss", "máy chủ gặp lỗi (mã HTTP 500)"),
        (29, "cham.rss", "máy chủ không trả lời trong 2 giây"),
        (
            30,
            "vong.rss",
            "chuyển hướng quá 5 lần (có thể là vòng lặp)",
        ),
        (31, "lon.rss", "tệp lớn hơn 10 MB"),
        (32, "hong.rss", "nguồn tin hỏng, không đọc được"),
    ] {
        let want = format!("units.yaml:{line}:8: lỗi: đơn vị `loi`: không nhập được nguồn tin http://127.0.0.1:{p}/{path}: {cause}");
        assert!(err.contains(&want), "missing: {want}\n{err}");
    }
    assert!(
        err.contains("/tu-choi.rss: máy chủ từ chối kết nối"),
        "{err}"
    );
    assert!(err.contains(&format!("units.yaml:7:8: cảnh báo: nguồn tin http://127.0.0.1:{p}/nukeviet.rss của `bao` ghi giờ đăng sai: số phút luôn bằng số tháng")), "{err}");
    assert!(err.contains("imported/dai.yaml:3:3: cảnh báo: bài «Phóng sự ảnh: Tổ công nghệ số cộng đồng ở bản» chưa có ngày đăng nên chưa được đếm"), "{err}");
    assert!(
        !err.contains("error") && !err.contains("Error"),
        "English reached the user:\n{err}"
    );
    // Four at a time, naming loa and the site.
    let most = feeds.most_at_once.load(std::sync::atomic::Ordering::SeqCst);
    assert!((2..=4).contains(&most), "{most} at once");
    let ua = feeds.user_agent.lock().unwrap().clone();
    assert!(
        ua.starts_with("loa/") && ua.contains("https://nhap.vidu.vn"),
        "{ua}"
    );
    assert!(!root.join("imported/loi.yaml").exists());
    insta::with_settings!({filters => vec![(r"127\.0\.0\.1:\d+", "127.0.0.1:PORT")]}, {
        insta::assert_snapshot!("bao", read(root, "imported/bao.yaml"));
        insta::assert_snapshot!("dai", read(root, "imported/dai.yaml"));
        insta::assert_snapshot!("xa", read(root, "imported/xa.yaml"));
    });

    // Again: nothing added, the same bytes, unchanged feeds asked with their validators.
    let before = imported(root);
    let o = loa(root, &["import", "--unit", "bao"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Báo Thử (`bao`): 0 mục mới, 5 mục trong imported/bao.yaml; 2 nguồn tin chưa đổi từ lần trước."), "{out}");
    let o = loa(root, &["import", "--unit", "dai"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(imported(root), before);
    // A feed whose rules changed is read whole again: its items are there already.
    let site_yaml = read(root, "site.yaml").replace("\"mã độc\"]", "\"mã độc\", \"tin tặc\"]");
    std::fs::write(root.join("site.yaml"), site_yaml).unwrap();
    let o = loa(root, &["import", "--unit", "bao"]);
    assert!(
        stdout(&o).contains(
            "0 mục mới, 5 mục trong imported/bao.yaml; bỏ qua 8: 6 đã có, 2 ngoài chủ đề."
        ),
        "{}",
        stdout(&o)
    );
    assert_eq!(imported(root)[1..], before[1..], "unit files unchanged");
}

#[test]
fn the_report_counts_each_article_once_and_without_imported_only_posts() {
    let feeds = Feeds::start();
    let dir = site(&feeds, false);
    let root = dir.path();
    let o = loa(root, &["import"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let r = report_2025(root, &[]);
    assert_eq!(r["totals"]["count"], 7);
    assert_eq!(r["totals"]["imported_count"], 6);
    let bao = unit(&r, "bao");
    assert_eq!(
        (
            bao["count"].as_u64(),
            bao["own_count"].as_u64(),
            bao["imported_count"].as_u64()
        ),
        (Some(5), Some(5), Some(5))
    );
    assert_eq!(bao["by_kind"]["tin"], 1);
    assert_eq!(bao["by_kind"]["bai"], 3);
    assert_eq!(bao["by_kind"]["video"], 1);
    assert_eq!(bao["by_topic"]["chuyen-doi-so"], 4);
    assert_eq!(bao["by_topic"]["an-toan-thong-tin"], 1);
    assert_eq!(bao["columns"], serde_json::json!(["Chuyển đổi số"]));
    assert_eq!(
        bao["per_month"]["2025-06"], 1,
        "18:05 UTC on 31/05 is 01/06 here"
    );
    let first = &bao["highlights"][0];
    assert_eq!(
        first["title"],
        "Cảnh giác với thủ đoạn lừa đảo trực tuyến qua điện thoại"
    );
    assert_eq!(
        first["url"],
        "https://baothu.vn/vi/news/phap-luat/canh-giac-lua-dao-truc-tuyen-105.html"
    );
    assert_eq!(first["imported"], true);
    let dai = unit(&r, "dai");
    assert_eq!(
        (dai["count"].as_u64(), dai["imported_count"].as_u64()),
        (Some(1), Some(0))
    );
    assert_eq!(
        dai["highlights"][0]["url"],
        "https://nhap.vidu.vn/tin-tuc/dai-dang-lai/"
    );
    let huyen = unit(&r, "huyen");
    assert_eq!(
        (
            huyen["count"].as_u64(),
            huyen["own_count"].as_u64(),
            huyen["imported_count"].as_u64()
        ),
        (Some(1), Some(0), Some(1))
    );
    // Filters apply; `--tag` and `--section` are of this site's posts only.
    assert_eq!(
        report_2025(root, &["--topic", "an-toan-thong-tin"])["totals"]["count"],
        1
    );
    assert_eq!(report_2025(root, &["--kind", "bai"])["totals"]["count"], 3);
    assert_eq!(
        report_2025(root, &["--section", "tin-tuc"])["totals"]["count"],
        1
    );
    let without = report_2025(root, &["--no-imported"]);
    assert_eq!(
        (
            without["totals"]["count"].as_u64(),
            without["totals"]["imported_count"].as_u64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(without["filters"]["imported"], false);
    // The answers to the letter say how many came from the units' websites.
    let md = stdout(&loa(
        root,
        &["report", "--period", "2025", "--format", "md"],
    ));
    assert!(md.contains("2. **Số lượng:** 5 tin, bài (của chính đơn vị: 5; của đơn vị trực thuộc: 0; lấy từ trang web của đơn vị: 5)."), "{md}");
    assert!(
        md.contains("Trong đó 6 tin, bài lấy từ trang web của các đơn vị"),
        "{md}"
    );
    let md = stdout(&loa(
        root,
        &[
            "report",
            "--period",
            "2025",
            "--format",
            "md",
            "--no-imported",
        ],
    ));
    assert!(!md.contains("lấy từ trang web"), "{md}");
    let html = stdout(&loa(
        root,
        &["report", "--period", "2025", "--format", "html"],
    ));
    assert!(html.contains("lấy từ trang web của đơn vị: 5"), "{html}");
    let xlsx = root.join("bao-cao.xlsx");
    let o = loa(
        root,
        &["report", "--period", "2025", "-o", xlsx.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("Tổng hợp").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let head = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Tên đơn vị"))
        .unwrap();
    let col = rows[head]
        .iter()
        .position(|c| c == "Lấy từ trang web đơn vị")
        .unwrap();
    let bao_row = rows.iter().find(|r| r[0] == "Báo Thử").unwrap();
    assert_eq!(bao_row[col], "5");
    assert_eq!(
        rows.iter()
            .find(|r| r[0] == "Cộng (không tính trùng)")
            .unwrap()[col],
        "6"
    );
}

#[test]
fn an_editors_corrections_stay_and_new_items_are_added() {
    let feeds = Feeds::start();
    let dir = site(&feeds, false);
    let root = dir.path();
    assert!(loa(root, &["import", "--unit", "bao"]).status.success());
    let path = root.join("imported/bao.yaml");
    let text = read(root, "imported/bao.yaml");
    let at = text
        .find("  title: \"Hội nghị trực tuyến với các xã\"")
        .unwrap();
    let (head, tail) = text.split_at(at);
    let tail = tail
        .replacen(
            "  kind: bai\n",
            "  kind: tin # là tin, không phải bài\n  featured: true\n",
            1,
        )
        .replacen(
            "topics: [chuyen-doi-so]",
            "topics: [chuyen-doi-so, an-toan-thong-tin]",
            1,
        );
    std::fs::write(&path, format!("{head}{tail}")).unwrap();
    // The column's feed gets a new article.
    let atom = read(Path::new(env!("CARGO_MANIFEST_DIR")), "tests/fixtures/import/feeds/cds.atom").replace(
        "  <entry>\n    <title>Hội nghị",
        "  <entry>\n    <title>Dịch vụ công trực tuyến mức độ toàn trình</title>\n    <id>tag:baothu.vn,2025:203</id>\n    <link href=\"https://baothu.vn/chuyen-muc/chuyen-doi-so/dich-vu-cong-203.html\"/>\n    <published>2025-09-02T08:00:00+07:00</published>\n  </entry>\n  <entry>\n    <title>Hội nghị",
    );
    feeds.set("/cds.atom", atom.as_bytes());
    let o = loa(root, &["import", "--unit", "bao"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1 mục mới, 6 mục trong imported/bao.yaml"),
        "{}",
        stdout(&o)
    );
    let after = read(root, "imported/bao.yaml");
    assert!(after.contains("dich-vu-cong-203.html"));
    let entry = &after[after.find("Hội nghị trực tuyến").unwrap()..];
    let entry = &entry[..entry.find("\n- url").unwrap_or(entry.len())];
    // The entry as the editor left it, comment and order of keys included.
    assert!(
        entry.contains("  kind: tin # là tin, không phải bài\n  featured: true\n")
            && entry.contains("topics: [chuyen-doi-so, an-toan-thong-tin]"),
        "{entry}"
    );
    let r = report_2025(root, &[]);
    let bao = unit(&r, "bao");
    assert_eq!(bao["count"], 6);
    assert_eq!(
        bao["by_kind"]["bai"], 3,
        "101, 202 and 203; 201 is now a tin"
    );
    assert_eq!(
        bao["highlights"][0]["title"], "Hội nghị trực tuyến với các xã",
        "featured first"
    );
    // An article an editor judges off the campaign: `topics: []` leaves it out of the report
    // and the page, and the next import does not bring it back.
    let text = read(root, "imported/bao.yaml");
    let at = text
        .find("  title: \"Chữ ký số cho hộ kinh doanh\"")
        .unwrap();
    let (head, tail) = text.split_at(at);
    std::fs::write(
        &path,
        format!(
            "{head}{}",
            tail.replacen("topics: [chuyen-doi-so]", "topics: []", 1)
        ),
    )
    .unwrap();
    assert!(stdout(&loa(root, &["import", "--unit", "bao"])).contains("0 mục mới, 6 mục"));
    assert_eq!(unit(&report_2025(root, &[]), "bao")["count"], 5);
    assert!(loa(root, &["build"]).status.success());
    assert!(!read(root, "public/don-vi/bao/index.html").contains("Chữ ký số cho hộ kinh doanh"));
    // Twice in a row adds nothing.
    let before = imported(root);
    assert!(stdout(&loa(root, &["import", "--unit", "bao"])).contains("0 mục mới"));
    assert_eq!(imported(root), before);
    // An entry deleted by hand (or a file reverted) is not hidden by a `304`: the feed is read
    // whole again and the article comes back.
    let text = read(root, "imported/bao.yaml");
    let at = text
        .find("- url: \"https://baothu.vn/chuyen-muc/chuyen-doi-so/dich-vu-cong-203.html\"")
        .unwrap();
    let end = text[at + 1..]
        .find("\n- url")
        .map_or(text.len(), |e| at + 1 + e + 1);
    std::fs::write(&path, format!("{}{}", &text[..at], &text[end..])).unwrap();
    let o = loa(root, &["import", "--unit", "bao"]);
    assert!(
        stdout(&o).contains("1 mục mới, 6 mục trong imported/bao.yaml"),
        "{}",
        stdout(&o)
    );
    // An entry of the column's feed whose column an editor removed: import does not put it
    // back, but says so.
    let text = read(root, "imported/bao.yaml");
    let at = text.find("Hội nghị trực tuyến với các xã").unwrap();
    let (head, tail) = text.split_at(at);
    std::fs::write(
        &path,
        format!(
            "{head}{}",
            tail.replacen("  column: \"Chuyển đổi số\"\n", "", 1)
        ),
    )
    .unwrap();
    // (Seen when the feed answers whole: a `304` carries no items to compare.)
    feeds.set("/cds.atom", format!("{atom}\n").as_bytes());
    let o = loa(root, &["import", "--unit", "bao"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("cảnh báo: 1 bài đã có trong imported/bao.yaml cũng ở nguồn tin của chuyên mục «Chuyển đổi số» nhưng chưa ghi `column`"), "{}", stderr(&o));
}

#[test]
fn a_run_killed_midway_or_a_broken_file_loses_nothing() {
    let feeds = Feeds::start();
    let dir = site(&feeds, true);
    let root = dir.path();
    assert!(loa(root, &["import", "--unit", "bao"]).status.success());
    let before = imported(root);
    // Killed while it waits for the slow feed.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args([
            "--root",
            root.to_str().unwrap(),
            "import",
            "--timeout",
            "30",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while feeds.hits("/cham.rss") == 0 && start.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(imported(root), before);
    // A file an editor broke is not written over; `check` names where.
    let path = root.join("imported/bao.yaml");
    let broken = read(root, "imported/bao.yaml").replacen("  kind: tin\n", "  kind: tinn\n", 1);
    std::fs::write(&path, &broken).unwrap();
    let o = loa(root, &["import", "--unit", "bao"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let entry_line = broken[..broken.find("kind: tinn").unwrap()].lines().count();
    assert!(err.contains(&format!("imported/bao.yaml:{entry_line}:3: lỗi: hình thức `tinn` không có trong `kinds` của site.yaml")), "{err}");
    assert!(err.contains("imported/bao.yaml:1:1: lỗi: chưa nhập cho `bao`: tệp có lỗi (xem thông báo lỗi của tệp); sửa tệp rồi chạy lại"), "{err}");
    assert_eq!(read(root, "imported/bao.yaml"), broken);
    // Another unit's import is not held up by it (`check` is where it shows).
    let o = loa(root, &["import", "--unit", "xa"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("bao.yaml"), "{}", stderr(&o));
    let o = loa(root, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(&format!(
            "imported/bao.yaml:{entry_line}:3: lỗi: hình thức `tinn`"
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unit_pages_link_to_the_articles_and_feeds_leave_them_out() {
    let feeds = Feeds::start();
    let dir = site(&feeds, false);
    let root = dir.path();
    assert!(loa(root, &["import"]).status.success());
    let o = loa(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(root, "public/don-vi/bao/index.html");
    assert!(page.contains("Đăng trên trang của đơn vị"), "{page}");
    assert!(page.contains("<a href=\"https://baothu.vn/vi/news/phap-luat/canh-giac-lua-dao-truc-tuyen-105.html\" rel=\"noopener\">Cảnh giác với thủ đoạn lừa đảo trực tuyến qua điện thoại</a>"), "{page}");
    assert!(!page.contains("Công an tỉnh khuyến cáo"), "never the text");
    // The district's page lists its station's; the post's article is not listed twice.
    assert!(read(root, "public/don-vi/huyen/index.html").contains("tap-huan-chuyen-doi-so-12.html"));
    let dai = read(root, "public/don-vi/dai/index.html");
    assert!(
        !dai.contains("https://daithu.vn/tin/chuy"),
        "shown as the post only"
    );
    assert!(dai.contains("to-cong-nghe-so-o-ban.html"));
    for feed in ["rss.xml", "atom.xml", "feed.json"] {
        assert!(
            !read(root, &format!("public/{feed}")).contains("baothu.vn"),
            "{feed}"
        );
    }
}

#[test]
fn a_saved_file_wrong_arguments_and_a_dry_run() {
    let feeds = Feeds::start();
    let dir = site(&feeds, false);
    let root = dir.path();
    let saved =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/feeds/win1258.rss");
    let o = loa(
        root,
        &[
            "import",
            "--file",
            saved.to_str().unwrap(),
            "--unit",
            "huyen",
            "--dry-run",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(
            "(chạy thử, không ghi) Phòng Văn hóa và Thông tin huyện Thử (`huyen`): 1 mục mới, 1 mục trong imported/huyen.yaml; bỏ qua 1: 1 ngoài chủ đề.\n  + 15/07/2025 «Xã tổ chức tập huấn chuyển đổi số cho cán bộ thôn, bản» (tin; chuyen-doi-so)"
        ),
        "{}",
        stdout(&o)
    );
    assert!(!root.join("imported").exists());
    let o = loa(
        root,
        &[
            "import",
            "--file",
            saved.to_str().unwrap(),
            "--unit",
            "huyen",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(root, "imported/huyen.yaml");
    assert!(
        text.contains("title: \"Xã tổ chức tập huấn chuyển đổi số cho cán bộ thôn, bản\""),
        "{text}"
    );
    assert!(text.contains("feed: \"tệp win1258.rss\""), "{text}");
    // `--unit` takes the units below too, as reports count them.
    let o = loa(root, &["import", "--unit", "huyen", "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        // (Its article is huyen's already, from the file above.)
        stdout(&o).contains("Đài truyền thanh xã Thử (`xa`): 0 mục mới, chưa có tệp imported/xa.yaml; bỏ qua 2: 1 ngoài chủ đề, 1 trùng bài đã nhập."),
        "{}",
        stdout(&o)
    );
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = loa(shipped, &["import", "--unit", "bao-lai-chau"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("đơn vị `bao-lai-chau` chưa khai `feeds` trong units.yaml"),
        "{}",
        stderr(&o)
    );
    // A command line that cannot mean anything exits 2; one naming what the site lacks, 1.
    for (args, status, msg) in [
        (vec!["import", "--file", "x.rss"], 2, "--file cần --unit"),
        (
            vec!["import", "--timeout", "ba"],
            2,
            "--timeout `ba` không phải số giây hợp lệ",
        ),
        (
            vec!["import", "--timeout", "-1"],
            2,
            "--timeout `-1` không phải số giây hợp lệ",
        ),
        (
            vec!["import", "--unit", "baoo"],
            1,
            "không có đơn vị `baoo` trong units.yaml",
        ),
    ] {
        let o = loa(root, &args);
        assert_eq!(o.status.code(), Some(status), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains(msg) && err.contains("Xem thêm: loa import --help"),
            "{args:?}: {err}"
        );
    }
    let not_a_feed = root.join("site.yaml");
    let o = loa(
        root,
        &[
            "import",
            "--file",
            not_a_feed.to_str().unwrap(),
            "--unit",
            "bao",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "site.yaml: tệp này là một tài liệu khác, không phải nguồn tin RSS, Atom hay JSON Feed"
        ),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("gợi ý: xin đơn vị gửi lại tệp nguồn tin"),
        "{}",
        stderr(&o)
    );
    let o = loa(root, &["import", "--file", "khong-co.rss", "--unit", "bao"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("không đọc được tệp: không tìm thấy tệp hoặc thư mục"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn bad_import_settings_are_reported_where_they_are_written() {
    let feeds = Feeds::start();
    let dir = site(&feeds, false);
    let root = dir.path();
    let good = read(root, "units.yaml");
    let problems = |units: &str| {
        std::fs::write(root.join("units.yaml"), units).unwrap();
        let o = loa(root, &["import"]);
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        assert!(!root.join("imported").exists(), "nothing fetched");
        let c = loa(root, &["check"]);
        assert_eq!(c.status.code(), Some(1));
        assert_eq!(
            stderr(&c).lines().filter(|l| l.contains("lỗi:")).count(),
            stderr(&o).lines().filter(|l| l.contains("lỗi:")).count()
        );
        stderr(&o)
    };
    // Unknown keys first, each at its line.
    let err = problems(&good.replace("      kind: bai", "      kind: bai\n      colum: x"));
    assert!(
        err.contains("units.yaml:12:7: lỗi: khóa `colum` không được hỗ trợ"),
        "{err}"
    );
    assert!(err.contains("bạn có định viết `column`?"), "{err}");
    // Addresses that are not addresses.
    let err = problems(
        &good
            .replace(
                "mirrors: [\"10.0.0.5:8080\"]",
                "mirrors: [\"http://10.0.0.5:8080/\"]",
            )
            .replace("feeds: [\"http://127.0.0.1", "feeds: [\"127.0.0.1")
            .replace("website: \"https://xathu", "website: \"xathu"),
    );
    for want in [
        "units.yaml:5:14: lỗi: `mirrors` của `bao`: `http://10.0.0.5:8080/` không phải tên máy chủ",
        "units.yaml:15:12: lỗi: nguồn tin `127.0.0.1",
        "units.yaml:21:17: lỗi: `website` của `xa` không phải địa chỉ web đầy đủ: `xathu.laichau.gov.vn`",
    ] {
        assert!(err.contains(want), "missing {want}\n{err}");
    }
    // Ids of `site.yaml`'s lists, where they are written.
    let err = problems(
        &good
            .replace("topics: [chuyen-doi-so]", "topics: [chuyen-doi-sox]")
            .replace("kind: bai", "kind: baii"),
    );
    assert!(
        err.contains("units.yaml:9:7: lỗi: nguồn tin `http://127.0.0.1")
            && err.contains("units.yaml:11:7: lỗi: nguồn tin `http://127.0.0.1"),
        "{err}"
    );
    assert!(
        err.contains("chủ đề `chuyen-doi-sox` không có trong `topics` của site.yaml"),
        "{err}"
    );
    assert!(
        err.contains("hình thức `baii` không có trong `kinds` của site.yaml"),
        "{err}"
    );
    assert!(
        err.contains("bạn có định viết `chuyen-doi-so`?")
            && err.contains("bạn có định viết `bai`?"),
        "{err}"
    );
}

#[test]
fn serve_follows_imports_and_edits_of_imported_files() {
    use common::server::{events, get, start, wait_for};
    let feeds = Feeds::start();
    let dir = site(&feeds, false);
    let root = dir.path();
    // Started before anything was imported: `imported/` does not exist yet.
    let srv = start(root, &[]);
    let ev = events(srv.port);
    assert!(wait_for(&ev, "state").contains("\"errors\":[]"));
    assert!(!get(srv.port, "/don-vi/bao/")
        .2
        .contains("Đăng trên trang của đơn vị"));
    assert!(loa(root, &["import", "--unit", "bao"]).status.success());
    wait_for(&ev, "reload");
    let page = get(srv.port, "/don-vi/bao/").2;
    assert!(page.contains("Hội nghị trực tuyến với các xã"), "{page}");
    // An editor corrects a title; a broken edit is reported with its line.
    let path = root.join("imported/bao.yaml");
    let text = read(root, "imported/bao.yaml");
    std::fs::write(
        &path,
        text.replace(
            "Hội nghị trực tuyến với các xã",
            "Hội nghị trực tuyến với 38 xã, phường",
        ),
    )
    .unwrap();
    wait_for(&ev, "reload");
    assert!(get(srv.port, "/don-vi/bao/")
        .2
        .contains("Hội nghị trực tuyến với 38 xã, phường"));
    std::fs::write(&path, text.replacen("  kind: tin\n", "  kind: tinn\n", 1)).unwrap();
    let e = wait_for(&ev, "errors");
    assert!(
        e.contains("imported/bao.yaml:")
            && e.contains("hình thức `tinn` không có trong `kinds` của site.yaml"),
        "{e}"
    );
    std::fs::write(&path, &text).unwrap();
    wait_for(&ev, "reload");
    // A post that comes to republish an imported article takes its place on the unit's page
    // (an edit of one post's front matter, which serve applies to the last build in place).
    assert!(loa(root, &["import", "--unit", "dai"]).status.success());
    wait_for(&ev, "reload");
    assert!(get(srv.port, "/don-vi/dai/")
        .2
        .contains("to-cong-nghe-so-o-ban.html"));
    let post = root.join("content/tin-tuc/dai-dang-lai.md");
    let body = read(root, "content/tin-tuc/dai-dang-lai.md");
    std::fs::write(
        &post,
        body.replace(
            "https://daithu.vn/tin/chuyển-đổi-số-ở-xã.html",
            "https://www.daithu.vn/anh/to-cong-nghe-so-o-ban.html",
        ),
    )
    .unwrap();
    wait_for(&ev, "reload");
    let page = get(srv.port, "/don-vi/dai/").2;
    assert!(
        !page.contains("to-cong-nghe-so-o-ban.html") && page.contains("chuy%E1%BB%83n"),
        "{page}"
    );
}

#[test]
fn an_article_in_two_units_files_counts_once_and_a_site_without_feeds_says_so() {
    let feeds = Feeds::start();
    let dir = site(&feeds, false);
    let root = dir.path();
    std::fs::create_dir_all(root.join("imported")).unwrap();
    let entry = |url: &str| {
        format!("- url: \"{url}\"\n  title: \"Hội thi tìm hiểu chuyển đổi số\"\n  date: 2025-08-01\n  topics: [chuyen-doi-so]\n  kind: tin\n")
    };
    std::fs::write(
        root.join("imported/bao.yaml"),
        entry("https://baothu.vn/hoi-thi.html"),
    )
    .unwrap();
    // `xa` begins after its second article: that one is not its to count.
    let xa = entry("http://www.baothu.vn/hoi-thi.html/")
        + &entry("https://xathu.laichau.gov.vn/hoi-thi.html");
    std::fs::write(root.join("imported/xa.yaml"), xa).unwrap();
    let units = read(root, "units.yaml").replace(
        "      name: \"Đài truyền thanh xã Thử\"\n",
        "      name: \"Đài truyền thanh xã Thử\"\n      from: 2025-09-01\n",
    );
    std::fs::write(root.join("units.yaml"), units).unwrap();
    let o = loa(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("imported/xa.yaml:1:3: cảnh báo: bài `http://www.baothu.vn/hoi-thi.html/` cũng có trong imported/bao.yaml; chỉ đếm cho `bao`"), "{}", stderr(&o));
    assert!(stderr(&o).contains("imported/xa.yaml:6:3: cảnh báo: bài ngày 01/08/2025 không được đếm: Đài truyền thanh xã Thử (`xa`) hoạt động từ 01/09/2025"), "{}", stderr(&o));
    let r = report_2025(root, &[]);
    assert_eq!(
        (
            r["totals"]["count"].as_u64(),
            unit(&r, "bao")["count"].as_u64(),
            unit(&r, "xa")["count"].as_u64()
        ),
        (Some(2), Some(1), Some(0))
    );
    // The shipped site names no feeds yet.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = loa(shipped, &["import", "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o)
        .contains("Chưa có đơn vị nào khai `feeds` trong units.yaml: không có gì để nhập."));
}

#[test]
fn a_file_saved_while_import_runs_is_not_written_over() {
    let feeds = Feeds::start();
    let dir = site(&feeds, true);
    let root = dir.path();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_loa"))
        .args(["--root", root.to_str().unwrap(), "import", "--timeout", "3"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while feeds.hits("/cham.rss") == 0 && start.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // An editor starts the unit's file by hand while the slow feed is awaited.
    std::fs::create_dir_all(root.join("imported")).unwrap();
    let mine = "- url: \"https://baothu.vn/tu-tay.html\"\n  title: \"Bài nhập tay\"\n  date: 2025-04-01\n  topics: [chuyen-doi-so]\n  kind: tin\n";
    std::fs::write(root.join("imported/bao.yaml"), mine).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("imported/bao.yaml:1:1: lỗi: tệp đã được sửa trong lúc nhập; chưa ghi gì vào tệp, hãy chạy lại loa import"), "{}", stderr(&o));
    assert_eq!(read(root, "imported/bao.yaml"), mine);
    // The next run adds to it.
    let o = loa(root, &["import", "--unit", "bao"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("5 mục mới, 6 mục trong imported/bao.yaml"),
        "{}",
        stdout(&o)
    );
    assert!(read(root, "imported/bao.yaml").contains("Bài nhập tay"));
}

#[test]
fn a_units_page_lists_its_newest_hundred_articles() {
    let feeds = Feeds::start();
    let dir = site(&feeds, false);
    let root = dir.path();
    std::fs::create_dir_all(root.join("imported")).unwrap();
    let entries: String = (1..=105)
        .map(|i| format!("- url: \"https://baothu.vn/bai-{i}.html\"\n  title: \"Bài số {i}\"\n  date: 2025-01-01T{:02}:{:02}:00+07:00\n  topics: [chuyen-doi-so]\n  kind: tin\n", i / 60, i % 60))
        .collect();
    std::fs::write(root.join("imported/bao.yaml"), entries).unwrap();
    let o = loa(root, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(root, "public/don-vi/bao/index.html");
    assert!(page.contains("105 tin, bài đăng trên trang web của đơn vị, lấy từ nguồn tin của đơn vị; dưới đây là 100 bài mới nhất."), "{page}");
    let list = &page[page.find("class=\"imported\"").unwrap()..];
    assert_eq!(
        list[..list.find("</ul>").unwrap()].matches("<li>").count(),
        100
    );
    assert!(list.contains("Bài số 105") && !list.contains("Bài số 5<"));
    assert_eq!(unit(&report_2025(root, &[]), "bao")["imported_count"], 105);
}
