//! The output folder: swapped only when a build succeeds, and never one that loa did not create.

mod common;
use common::{stderr, tree, Fixture};

const GOOD: &str =
    "---\ntitle: \"Bài tốt\"\ndate: 2023-04-14\nunit: bao-lai-chau\n---\nNội dung.\n";

#[test]
fn failed_build_leaves_previous_output_byte_for_byte() {
    let site = Fixture::new(&[("content/tin-tuc/tot.md", GOOD.as_bytes())]);
    assert!(site.loa(&["build"]).status.success());
    let public = site.root().join("public");
    let before = tree(&public);
    assert!(before.iter().any(|(p, _)| p.ends_with(".loa-build")));

    std::fs::write(
        site.root().join("content/tin-tuc/tot.md"),
        "---\ntitle: [\n---\n",
    )
    .unwrap();
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(tree(&public), before);
    // No staging folder is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".loa-"))
        // The lock that keeps two builds apart stays, empty, beside the output.
        .filter(|e| !e.file_name().to_string_lossy().ends_with(".loa-khoa"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_output_folders_that_would_destroy_data() {
    let site = Fixture::new(&[("content/tin-tuc/tot.md", GOOD.as_bytes())]);
    for (out, needle) in [
        (".", "chứa chính site"),
        ("..", "chứa chính site"),
        ("content/public", "nằm trong `content/`"),
        ("content/../templates", "nằm trong `templates/`"),
    ] {
        let o = site.loa(&["build", "--out", out]);
        assert_eq!(o.status.code(), Some(1), "{out}");
        assert!(stderr(&o).contains(needle), "{out}: {}", stderr(&o));
        // A folder typed for --out has no line or column to show.
        assert!(stderr(&o).starts_with("lỗi: "), "{out}: {}", stderr(&o));
        assert!(site.root().join("content/tin-tuc/tot.md").exists());
    }
    // A folder with someone else's files is left alone.
    let mine = site.root().join("tai-lieu");
    std::fs::create_dir_all(&mine).unwrap();
    std::fs::write(mine.join("bao-cao.docx"), "quan trọng").unwrap();
    let o = site.loa(&["build", "--out", "tai-lieu"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("đã có tệp không do loa tạo"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("bao-cao.docx")).unwrap(),
        "quan trọng"
    );
    // An empty folder, or loa's own output, is fine.
    std::fs::create_dir_all(site.root().join("rong")).unwrap();
    assert!(site.loa(&["build", "--out", "rong"]).status.success());
    assert!(site.loa(&["build", "--out", "rong"]).status.success());
}
