//! Rebuilds that reuse the previous build's work (as `serve` does) give exactly the files a
//! fresh build gives, after every kind of edit.

mod common;
use common::Fixture;
use loa::model::BuildOptions;
use loa::pipeline::{build_in_memory, build_with_cache, Caches, LinkPolicy};
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

/// Rebuilds with `cache`, told which paths changed as the watcher would tell it, and checks
/// the result equals a fresh build.
fn same_as_fresh(root: &Path, cache: &mut Caches, changed: &[&str], step: &str) {
    cache
        .load
        .changed(changed.iter().map(|rel| root.join(rel)).collect());
    let cached = build_with_cache(root, &opts(), LinkPolicy::Warn, Some(cache))
        .unwrap_or_else(|d| panic!("{step}: {:?}", d.sorted()));
    let fresh = build_in_memory(root, &opts(), LinkPolicy::Warn).unwrap();
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
    let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).unwrap();
    // Modification times have a coarse grain on some file systems: wait so they differ.
    let tick = || std::thread::sleep(std::time::Duration::from_millis(20));
    // Published reports too, so their reuse is checked as well.
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    write(
        "site.yaml",
        &format!("{yaml}publish_reports: true\nperiods:\n  \"2023\": {{ from: 2023-01-01, to: 2023-12-31 }}\n"),
    );
    let mut cache = Caches::default();
    same_as_fresh(root, &mut cache, &[], "first build");

    tick();
    write(
        "content/tin-tuc/bai-3.md",
        &post("Bài 3", "2023-03-01", "bao-lai-chau", "Thân bài đã sửa."),
    );
    same_as_fresh(root, &mut cache, &["content/tin-tuc/bai-3.md"], "body edit");
    assert!(
        cache.render.reused > cache.render.rendered,
        "an edit reuses most pages"
    );

    tick();
    write(
        "content/tin-tuc/bai-1.md",
        &post(
            "Bài 1 có tên mới",
            "2023-01-01",
            "bao-lai-chau",
            "Nội dung 1.",
        ),
    );
    same_as_fresh(
        root,
        &mut cache,
        &["content/tin-tuc/bai-1.md"],
        "title edit (linked from every post, listed everywhere)",
    );

    tick();
    write(
        "content/tin-tuc/bai-2.md",
        &post("Bài 2", "2025-12-01", "bao-moi", "Đổi ngày và đơn vị."),
    );
    same_as_fresh(
        root,
        &mut cache,
        &["content/tin-tuc/bai-2.md"],
        "date and unit change (order, pagination, unit pages)",
    );

    tick();
    write(
        "content/tin-tuc/bai-8.md",
        &post("Bài 8 mới", "2023-08-01", "vhtt-tam-duong", "Bài mới."),
    );
    same_as_fresh(root, &mut cache, &["content/tin-tuc/bai-8.md"], "new post");

    tick();
    std::fs::remove_file(root.join("content/tin-tuc/bai-5.md")).unwrap();
    same_as_fresh(
        root,
        &mut cache,
        &["content/tin-tuc/bai-5.md"],
        "deleted post",
    );

    tick();
    write(
        "content/tin-tuc/_index.md",
        "---\ntitle: \"Tin tức mới\"\ndated: true\nreportable: true\n---\n",
    );
    same_as_fresh(
        root,
        &mut cache,
        &["content/tin-tuc/_index.md"],
        "section title",
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
    );

    tick();
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    write("site.yaml", &yaml.replace("Thử nghiệm", "Thử nghiệm 2"));
    same_as_fresh(root, &mut cache, &["site.yaml"], "site title");

    // A broken edit fails, and the next good one still matches a fresh build.
    tick();
    write(
        "content/tin-tuc/bai-4.md",
        "---\ntitle: \"Bài 4\"\ndate: 2023-04-01\nunit: khong-co\n---\n",
    );
    cache
        .load
        .changed(vec![root.join("content/tin-tuc/bai-4.md")]);
    assert!(build_with_cache(root, &opts(), LinkPolicy::Warn, Some(&mut cache)).is_err());
    tick();
    write(
        "content/tin-tuc/bai-4.md",
        &post("Bài 4", "2023-04-01", "bao-lai-chau", "Đã sửa."),
    );
    same_as_fresh(
        root,
        &mut cache,
        &["content/tin-tuc/bai-4.md"],
        "after a failed build",
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
    let mut cache = Caches::default();
    same_as_fresh(root, &mut cache, &[], "first build");
    // Titles shown on the home page, in the 17-point table, in prev/next links, in the FAQ.
    for rel in [
        "content/tin-tuc/sin-ho-ho-tro-dich-vu-cong.md",
        "content/17-diem-khac-nhau/02-tu-chi-phi-sang-gia-tri.md",
        "content/hoi-dap/ma-otp.md",
    ] {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replacen("title: \"", "title: \"Đã sửa: ", 1);
        assert_ne!(text, edited, "{rel}");
        std::fs::write(&path, edited).unwrap();
        same_as_fresh(root, &mut cache, &[rel], rel);
    }
}
