//! Rebuilds that reuse the previous build's work (as `serve` does) give exactly the files a
//! fresh build gives, after every kind of edit.

mod common;
use common::Fixture;
use loa::build::{build_in_memory, LinkPolicy};
use loa::incremental::Session;
use loa::model::BuildOptions;
use loa::render::Output;
use std::collections::BTreeMap;
use std::path::Path;

/// Every output as `path -> bytes` (copied files by their source's bytes).
fn files(outputs: &[Output]) -> BTreeMap<String, Vec<u8>> {
    outputs
        .iter()
        .map(|o| match o {
            Output::Bytes { path, data } => (path.clone(), data.as_ref().clone()),
            Output::Copy { path, source } => (path.clone(), std::fs::read(source).unwrap()),
        })
        .collect()
}

fn opts() -> BuildOptions {
    BuildOptions {
        base_url: Some("http://127.0.0.1:1111".into()),
        ..BuildOptions::default()
    }
}

/// How a cached rebuild is expected to go.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Way {
    /// The last model edited in place (every address unchanged; lists may change).
    InPlace,
    /// The model built again from every file.
    Full,
}
use Way::{Full, InPlace};

/// Rebuilds with `cache`, told which paths changed as the watcher would tell it, and checks
/// the result (files and warnings) equals a fresh build, and the way it was reached.
fn same_as_fresh(root: &Path, cache: &mut Session, changed: &[&str], step: &str, way: Way) {
    cache.changed(changed.iter().map(|rel| root.join(rel)).collect());
    let cached = cache
        .build(&opts())
        .unwrap_or_else(|d| panic!("{step}: {:?}", d.sorted()));
    let fresh = build_in_memory(root, &opts(), LinkPolicy::Warn).unwrap();
    assert_eq!(
        cache.stats().in_place,
        way == InPlace,
        "{step}: expected {way:?}"
    );
    let shown = |d: &loa::base::diagnostic::Diagnostics| -> Vec<String> {
        d.clone().sorted().iter().map(|x| x.to_string()).collect()
    };
    assert_eq!(
        shown(&cached.warnings),
        shown(&fresh.warnings),
        "{step}: warnings"
    );
    let (a, b) = (files(&cached.outputs), files(&fresh.outputs));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{step}: file lists"
    );
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{step}: {path} differs from a fresh build"
        );
    }
}

fn post(title: &str, date: &str, unit: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\nunit: {unit}\ntags: [\"Thẻ chung\"]\n---\n\n{body}\n")
}

#[test]
fn cached_rebuilds_equal_fresh_builds_after_each_edit() {
    let mut files_in: Vec<(String, String)> = (1..=7)
        .map(|i| {
            (
                format!("content/tin-tuc/bai-{i}.md"),
                post(
                    &format!("Bài {i}"),
                    &format!("2023-0{i}-01"),
                    "bao-lai-chau",
                    &format!("Nội dung {i}. Xem [bài 1](bai-1.md)."),
                ),
            )
        })
        .collect();
    files_in.push((
        "content/gioi-thieu/_index.md".into(),
        "---\ntitle: \"Giới thiệu\"\n---\nTrang giới thiệu.\n".into(),
    ));
    let refs: Vec<(&str, &[u8])> = files_in
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    let site = Fixture::new(&refs);
    let root = site.root();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // Modification times have a coarse grain on some file systems: wait so they differ.
    let tick = || std::thread::sleep(std::time::Duration::from_millis(20));
    // Published reports too, so their reuse is checked as well.
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    write(
        "site.yaml",
        &format!("{yaml}publish_reports: true\nperiods:\n  \"2023\": {{ from: 2023-01-01, to: 2023-12-31 }}\n"),
    );
    let mut cache = Session::new(root, LinkPolicy::Warn);
    same_as_fresh(root, &mut cache, &[], "first build", Full);

    let step = |cache: &mut Session, rel: &str, text: &str, what: &str, way: Way| {
        tick();
        write(rel, text);
        same_as_fresh(root, cache, &[rel], what, way);
    };
    let bai = |i: u32| format!("content/tin-tuc/bai-{i}.md");
    step(
        &mut cache,
        &bai(3),
        &post("Bài 3", "2023-03-01", "bao-lai-chau", "Thân bài đã sửa."),
        "body edit",
        InPlace,
    );
    step(
        &mut cache,
        &bai(6),
        &post(
            "Bài 6",
            "2023-06-01",
            "bao-lai-chau",
            "Xem [mục mới](bai-3.md#muc-moi).",
        ),
        "a link to an anchor that does not exist yet (a warning)",
        InPlace,
    );
    step(
        &mut cache,
        &bai(3),
        &post(
            "Bài 3",
            "2023-03-01",
            "bao-lai-chau",
            "## Mục mới\n\nĐã có mục.",
        ),
        "the anchor appears in another page (the warning goes)",
        InPlace,
    );
    step(
        &mut cache,
        &bai(7),
        &post("Bài 7", "2023-07-01", "bao-lai-chau", "Nội dung 7.").replace(
            "---\n\n",
            "summary: \"Tóm tắt riêng\"\nextra: { nguon: \"Đài\" }\n---\n\n",
        ),
        "summary and extra",
        InPlace,
    );
    step(
        &mut cache,
        &bai(1),
        &post(
            "Bài 1 có tên mới",
            "2023-01-01",
            "bao-lai-chau",
            "Nội dung 1.",
        ),
        "title edit (listed everywhere, a neighbour's prev/next)",
        InPlace,
    );
    step(
        &mut cache,
        &bai(4),
        &post("Bài 4", "2023-04-01", "bao-lai-chau", "Nội dung 4.")
            .replace("Thẻ chung", "thẻ chung"),
        "a tag spelled differently (it keeps the first spelling)",
        InPlace,
    );
    step(
        &mut cache,
        &bai(1),
        &post(
            "Bài 1 có tên mới",
            "2023-01-01",
            "bao-lai-chau",
            "Nội dung 1.",
        )
        .replace("Thẻ chung", "THẺ CHUNG"),
        "the first spelling of a tag changes (every page of the tag shows it)",
        InPlace,
    );
    step(
        &mut cache,
        &bai(1),
        &post(
            "Bài 1 có tên mới",
            "2023-01-01",
            "bao-lai-chau",
            "Nội dung 1.",
        )
        .replace("Thẻ chung", "Thẻ riêng"),
        "the first spelling goes, a new tag comes (the next spelling is shown)",
        InPlace,
    );
    step(
        &mut cache,
        &bai(3),
        &post("Bài 3", "2023-06-15", "bao-lai-chau", "Lại sửa.")
            .replace("---\n\n", "topics: [an-toan-thong-tin]\n---\n\n"),
        "date and topic change (order, neighbours, pagination, topic pages)",
        InPlace,
    );
    step(
        &mut cache,
        &bai(3),
        &post("Bài 3", "2023-06-15", "vhtt-tam-duong", "Lại sửa."),
        "unit change (both units' pages and counts)",
        InPlace,
    );
    step(
        &mut cache,
        &bai(3),
        &post("Bài 3", "2023-06-15", "vhtt-tam-duong", "Lại sửa.")
            .replace("---\n\n", "column: \"Chuyển đổi số\"\n---\n\n"),
        "a column given (the unit's first spelling may change: a full build)",
        Full,
    );
    step(
        &mut cache,
        &bai(3),
        &post("Bài 3", "2023-06-20", "vhtt-tam-duong", "Lại sửa.")
            .replace("---\n\n", "column: \"Chuyển đổi số\"\n---\n\n"),
        "a date change keeping the column",
        InPlace,
    );
    step(
        &mut cache,
        &bai(6),
        &post("Bài 6", "2023-06-01", "bao-lai-chau", "Nháp.")
            .replace("---\n\n", "draft: true\n---\n\n"),
        "a post becomes a draft",
        Full,
    );
    step(
        &mut cache,
        &bai(6),
        &post("Bài 6", "2023-06-01", "bao-lai-chau", "Vẫn nháp.")
            .replace("---\n\n", "draft: true\n---\n\n"),
        "a draft edited",
        Full,
    );
    step(
        &mut cache,
        &bai(2),
        &post("Bài 2", "2025-12-01", "bao-moi", "Đổi ngày và đơn vị."),
        "date and unit change (order, pagination, unit pages)",
        InPlace,
    );
    step(
        &mut cache,
        &bai(8),
        &post("Bài 8 mới", "2023-08-01", "vhtt-tam-duong", "Bài mới."),
        "new post (no body links to it)",
        InPlace,
    );
    tick();
    std::fs::remove_file(root.join(bai(5))).unwrap();
    same_as_fresh(root, &mut cache, &[&bai(5)], "deleted post", InPlace);
    step(
        &mut cache,
        "content/tin-tuc/bai-0.md",
        &post("Bài 0", "2022-12-01", "bao-lai-chau", "Trước mọi bài.")
            .replace("Thẻ chung", "thẻ CHUNG"),
        "new post first in file order, its tag spelled another way",
        InPlace,
    );
    tick();
    write(
        &bai(7),
        &post("Bài 7", "2023-07-02", "bao-lai-chau", "Sửa cùng lúc."),
    );
    write(
        &bai(9),
        &post(
            "Bài 9",
            "2023-09-01",
            "bao-lai-chau",
            "Mới cùng lúc, xem [bài 1](bai-1.md).",
        ),
    );
    same_as_fresh(
        root,
        &mut cache,
        &[&bai(7), &bai(9)],
        "an edit and a new post in one save",
        InPlace,
    );
    step(
        &mut cache,
        &bai(10),
        &post("Bài 10", "2023-10-01", "bao-lai-chau", "Nháp mới.")
            .replace("---\n\n", "draft: true\n---\n\n"),
        "new draft",
        Full,
    );
    step(
        &mut cache,
        &bai(11),
        &post("Bài 11", "2023-10-01", "bao-lai-chau", "Có chuyên mục.")
            .replace("---\n\n", "column: \"Chuyển đổi số\"\n---\n\n"),
        "new post in a column",
        Full,
    );
    step(
        &mut cache,
        "content/tin-tuc/bai-goi/index.md",
        &post("Bài gói", "2023-10-02", "bao-lai-chau", "Bài dạng thư mục."),
        "new bundle",
        Full,
    );
    step(
        &mut cache,
        "content/tin-tuc/bai-goi/phu.md",
        &post(
            "Bài phụ",
            "2023-10-03",
            "bao-lai-chau",
            "Trong thư mục của bài gói.",
        ),
        "new post in a bundle's folder",
        Full,
    );
    step(
        &mut cache,
        "content/tin-tuc/_index.md",
        "---\ntitle: \"Tin tức mới\"\ndated: true\nreportable: true\n---\n",
        "section title",
        Full,
    );
    tick();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lạc đường</h1>{% endblock %}",
    );
    same_as_fresh(
        root,
        &mut cache,
        &["templates", "templates/404.html"],
        "template override",
        Full,
    );
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    step(
        &mut cache,
        "site.yaml",
        &yaml.replace("Thử nghiệm", "Thử nghiệm 2"),
        "site title",
        Full,
    );
    step(
        &mut cache,
        &bai(3),
        &post("Bài 3", "2023-06-20", "vhtt-tam-duong", "Sửa thân bài.")
            .replace("---\n\n", "column: \"Chuyển đổi số\"\n---\n\n"),
        "body edit after full builds",
        InPlace,
    );

    // Broken edits fail, in place or not, and the next good one matches a fresh build.
    let broken = [
        (
            "---\ntitle: \"Bài 4\"\ndate: 2023-04-01\nunit: khong-co\n---\n".to_string(),
            "an unknown unit",
        ),
        (
            post(
                "Bài 4",
                "2023-04-01",
                "bao-lai-chau",
                "![Ảnh](khong-co.jpg)",
            ),
            "a missing image in the body",
        ),
        (
            post("Bài 4", "2023-04-01", "bao-lai-chau", "Đã sửa.").replace("title:", "title: [x"),
            "front matter cut short",
        ),
        (
            post("Bài 4", "2023-04-01", "bao-lai-chau", "Đã sửa.")
                .replace("Thẻ chung", "Thé chung"),
            "a tag whose address another tag has",
        ),
    ];
    for (text, what) in broken {
        tick();
        write(&bai(4), &text);
        cache.changed(vec![root.join(bai(4))]);
        assert!(cache.build(&opts()).is_err(), "{what}");
        assert!(!cache.stats().in_place, "{what}");
    }
    step(
        &mut cache,
        &bai(4),
        &post("Bài 4", "2023-04-01", "bao-lai-chau", "Đã sửa."),
        "after a failed build (built whole again)",
        Full,
    );
    step(
        &mut cache,
        &bai(4),
        &post("Bài 4", "2023-04-01", "bao-lai-chau", "Sửa tiếp."),
        "the next edit in place again",
        InPlace,
    );
    tick();
    std::fs::remove_file(root.join(bai(1))).unwrap();
    same_as_fresh(
        root,
        &mut cache,
        &[&bai(1)],
        "a post other bodies link to, deleted",
        Full,
    );
    step(
        &mut cache,
        &bai(1),
        &post("Bài 1", "2023-01-01", "bao-lai-chau", "Trở lại."),
        "and back (bodies link to it again)",
        Full,
    );
    // A new post whose address another post has: the full build reports it.
    tick();
    write(
        &bai(12),
        &post("Bài 12", "2023-11-01", "bao-lai-chau", "Trùng.")
            .replace("---\n\n", "slug: bai-2\n---\n\n"),
    );
    cache.changed(vec![root.join(bai(12))]);
    let Err(err) = cache.build(&opts()) else {
        panic!("an address taken twice must fail");
    };
    assert!(!cache.stats().in_place);
    let shown: Vec<String> = err.sorted().iter().map(|d| d.to_string()).collect();
    assert!(
        shown
            .iter()
            .any(|d| d.contains("địa chỉ /tin-tuc/bai-2/ trùng")),
        "{shown:?}"
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

#[test]
fn cached_rebuilds_of_the_shipped_site_equal_fresh_builds() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for f in ["site.yaml", "units.yaml"] {
        std::fs::copy(repo.join(f), root.join(f)).unwrap();
    }
    copy_dir(&repo.join("content"), &root.join("content"));
    let mut cache = Session::new(root, LinkPolicy::Warn);
    same_as_fresh(root, &mut cache, &[], "first build", Full);
    // Titles shown on the home page, in the 17-point table, in prev/next links, in the FAQ.
    for (rel, way) in [
        ("content/tin-tuc/sin-ho-ho-tro-dich-vu-cong.md", InPlace),
        (
            "content/17-diem-khac-nhau/02-tu-chi-phi-sang-gia-tri.md",
            InPlace,
        ),
        ("content/hoi-dap/ma-otp.md", InPlace),
    ] {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replacen("title: \"", "title: \"Đã sửa: ", 1);
        assert_ne!(text, edited, "{rel}");
        std::fs::write(&path, edited).unwrap();
        same_as_fresh(root, &mut cache, &[rel], rel, way);
    }
}
