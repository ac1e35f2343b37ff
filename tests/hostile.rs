//! Hostile and broken inputs: huge lists and files, files that vanish while the build reads,
//! a full disk, a folder without write permission, a build killed midway, two builds at once.
//! Each is handled, or refused with a Vietnamese error, and the previous output stays whole.

mod common;
use common::{stderr, tree, Fixture};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn post(i: usize) -> String {
    format!(
        "---\ntitle: \"Bài số {i}\"\ndate: 2024-01-{:02} 08:00\nunit: bao-lai-chau\ntags: [\"Thẻ {}\"]\n---\n\n{}\n",
        i % 28 + 1,
        i % 40,
        "Một đoạn văn về chuyển đổi số ở xã, có [liên kết](/tin-tuc/) và **chữ đậm**. ".repeat(20)
    )
}

/// A site of `n` posts.
fn big_site(n: usize) -> Fixture {
    Fixture::with_posts(n, post)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Whether a test that needs `what` must fail rather than be skipped (`.ci/run` sets it).
fn required(what: &str) -> bool {
    let on = std::env::var_os("LOA_REQUIRE_SYSTEM").is_some();
    if !on {
        eprintln!("bỏ qua: {what} (đặt LOA_REQUIRE_SYSTEM=1 để bắt buộc)");
    }
    on
}

#[test]
fn ten_thousand_item_lists_are_read_in_one_pass_or_refused_at_a_documented_limit() {
    let tags: String = (0..10_000).map(|i| format!("  - \"Thẻ {i}\"\n")).collect();
    let aliases: String = (0..10_000)
        .map(|i| format!("  - \"/cu/bai-{i}/\"\n"))
        .collect();
    let units: String = (0..10_000)
        .map(|i| format!("- id: don-vi-{i}\n  name: \"Đơn vị {i}\"\n"))
        .collect();
    let site = Fixture::new(&[
        (
            "content/tin-tuc/the.md",
            format!("---\ntitle: \"Nhiều thẻ\"\ndate: 2024-01-01\nunit: bao-lai-chau\ntags:\n{tags}---\nx\n").as_bytes(),
        ),
        (
            "content/tin-tuc/ten-cu.md",
            format!("---\ntitle: \"Nhiều địa chỉ cũ\"\ndate: 2024-01-02\nunit: bao-lai-chau\naliases:\n{aliases}---\nx\n").as_bytes(),
        ),
    ]);
    let units_yaml = format!("{}{units}", common::UNITS_YAML);
    std::fs::write(site.root().join("units.yaml"), units_yaml).unwrap();
    let started = Instant::now();
    let o = site.loa(&["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // Refused at the 101st tag, where it stands (every tag page lists all the post's tags).
    assert!(
        err.contains(
            "content/tin-tuc/the.md:106:6: lỗi: bài có 10000 thẻ; mỗi bài có tối đa 100 thẻ"
        ),
        "{err}"
    );
    assert_eq!(err.matches("lỗi:").count(), 1, "{err}");
    // Linear: a quadratic reading of 10,000 positions took seconds even in release.
    eprintln!(
        "10 000 thẻ, 10 000 địa chỉ cũ, 10 000 đơn vị: {:?}",
        started.elapsed()
    );

    // Without the tags the rest builds: every old address redirects, every unit has a page.
    std::fs::write(
        site.root().join("content/tin-tuc/the.md"),
        "---\ntitle: \"Ít thẻ\"\ndate: 2024-01-01\nunit: bao-lai-chau\ntags: [a]\n---\nx\n",
    )
    .unwrap();
    let o = site.loa(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let public = site.root().join("public");
    assert!(public.join("cu/bai-9999/index.html").is_file());
    assert!(public.join("don-vi/don-vi-9999/index.html").is_file());
}

#[test]
fn a_fifty_megabyte_markdown_file_builds() {
    let para =
        "Đoạn văn tiếng Việt có dấu, có **chữ đậm** và [liên kết](/tin-tuc/) để thử. ".repeat(10);
    let mut body = String::with_capacity(52 << 20);
    let mut i = 0;
    while body.len() < 50 << 20 {
        if i % 50 == 0 {
            body.push_str(&format!("## Mục {i}\n\n"));
        }
        body.push_str(&para);
        body.push_str("\n\n");
        i += 1;
    }
    let text =
        format!("---\ntitle: \"Tệp lớn\"\ndate: 2024-01-02\nunit: bao-lai-chau\n---\n{body}");
    let site = Fixture::new(&[("content/tin-tuc/lon.md", text.as_bytes())]);
    let o = site.loa(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = site.public("tin-tuc/lon/index.html");
    assert!(html.len() > 50 << 20);
    assert!(html.contains(&format!("Mục {}", (i - 1) / 50 * 50)));
}

#[test]
fn a_file_deleted_or_turned_unreadable_after_the_listing_is_named_not_a_panic() {
    let site = Fixture::new(&[
        ("content/tin-tuc/mat.md", post(1).as_bytes()),
        ("content/tin-tuc/thu-muc.md", post(2).as_bytes()),
        ("content/tin-tuc/con.md", post(3).as_bytes()),
    ]);
    let root = site.root();
    // What a build does, with the files changed between listing the folder and reading them.
    let listing = loa::input::list(root);
    std::fs::remove_file(root.join("content/tin-tuc/mat.md")).unwrap();
    std::fs::remove_file(root.join("content/tin-tuc/thu-muc.md")).unwrap();
    std::fs::create_dir(root.join("content/tin-tuc/thu-muc.md")).unwrap();
    let read = listing
        .markdown
        .iter()
        .map(|f| loa::input::Read::of(&f.rel, &f.abs))
        .collect();
    let (loaded, diags) = loa::input::assemble(root, &listing, read);
    let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
    assert!(
        shown.contains(&"content/tin-tuc/mat.md:1:1: lỗi: không tìm thấy tệp".to_string()),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|d| d.starts_with(
            "content/tin-tuc/thu-muc.md:1:1: lỗi: không đọc được tệp: đây là thư mục"
        )),
        "{shown:?}"
    );
    let loaded = loaded.expect("the settings are fine");
    assert_eq!(
        loaded.sources.len(),
        3,
        "home, news and the file still there"
    );
    assert_eq!(loaded.unreadable, ["tin-tuc/mat.md", "tin-tuc/thu-muc.md"]);
}

/// A tmpfs of `kib` KiB at `dir`, unmounted when dropped; `None` when this process may not
/// mount one.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(dir: &Path, kib: usize) -> Option<SmallDisk> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallDisk(dir.to_path_buf()))
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_the_build_in_vietnamese_and_keeps_the_previous_output() {
    let site = big_site(5);
    let disk_dir = site.root().join("dia-nho");
    let Some(_disk) = SmallDisk::mount(&disk_dir, 4096) else {
        assert!(!required("không gắn được tmpfs (cần quyền root)"));
        return;
    };
    let out = disk_dir.join("public");
    let out_arg = out.to_str().unwrap();
    let o = site.loa(&["build", "--out", out_arg]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = tree(&out);
    // 6 MB of new text (in its page, its feeds and the search index) does not fit beside the
    // previous site on a 4 MB disk.
    let big = format!(
        "---\ntitle: \"Lớn\"\ndate: 2024-02-01\nunit: bao-lai-chau\n---\n{}\n",
        "Chữ chiếm chỗ trên đĩa. ".repeat(200_000)
    );
    std::fs::write(site.root().join("content/tin-tuc/lon.md"), big).unwrap();
    let o = site.loa(&["build", "--out", out_arg]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("không ghi được thư mục đầu ra: ổ đĩa đã đầy"),
        "{err}"
    );
    assert!(err.contains("giải phóng chỗ trống"), "{err}");
    assert!(!err.contains("No space"), "{err}");
    assert_eq!(tree(&out), before, "the previous output is whole");
    let left: Vec<_> = std::fs::read_dir(&disk_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("loa-moi") || n.contains("loa-cu"))
        .collect();
    assert!(
        left.is_empty(),
        "the half-written copy is removed: {left:?}"
    );
    // Space freed, the next build works.
    std::fs::remove_file(site.root().join("content/tin-tuc/lon.md")).unwrap();
    let o = site.loa(&["build", "--out", out_arg]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn an_output_folder_without_write_permission_is_refused_and_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let site = big_site(3);
    let parent = site.root().join("chi-doc");
    let out = parent.join("public");
    let out_arg = out.to_str().unwrap().to_string();
    let o = site.loa(&["build", "--out", &out_arg]);
    assert!(o.status.success(), "{}", stderr(&o));
    let before = tree(&out);
    std::fs::write(site.root().join("content/tin-tuc/moi.md"), post(9)).unwrap();
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    let o = if is_root() {
        // root writes anywhere: the build runs as `nobody`, who may read the site only.
        for dir in walkdir::WalkDir::new(site.root())
            .into_iter()
            .filter_map(Result::ok)
        {
            if dir.file_type().is_dir() && dir.path() != parent {
                let _ =
                    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755));
            }
        }
        let setpriv = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_loa"))
            .arg("--root")
            .arg(site.root())
            .args(["build", "--out", &out_arg])
            .output();
        match setpriv {
            Ok(o) if !stderr(&o).contains("setpriv:") => o,
            _ => {
                std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
                assert!(!required("setpriv để chạy loa như người dùng thường"));
                return;
            }
        }
    } else {
        site.loa(&["build", "--out", &out_arg])
    };
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("không ghi được thư mục đầu ra: không có quyền truy cập"),
        "{err}"
    );
    assert!(err.contains("dựng vào thư mục bạn có quyền ghi"), "{err}");
    assert_eq!(tree(&out), before);
}

/// Starts `loa build` on `site` in the background.
fn spawn_build(site: &Fixture) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_loa"))
        .arg("--root")
        .arg(site.root())
        .arg("build")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the build's staging folder holds at least `files` files; false if the build
/// ended first.
fn wait_for_staging(site: &Fixture, child: &mut std::process::Child, files: usize) -> bool {
    let staging = site.root().join(".public.loa-moi");
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let n = walkdir::WalkDir::new(&staging)
            .into_iter()
            .filter_map(Result::ok)
            .count();
        if n >= files {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

#[test]
fn a_build_killed_midway_leaves_the_previous_output_whole_and_the_next_build_works() {
    let site = big_site(1500);
    assert!(site.loa(&["build"]).status.success());
    let public = site.root().join("public");
    let before = tree(&public);
    std::fs::write(site.root().join("content/tin-tuc/moi.md"), post(7)).unwrap();
    let mut child = spawn_build(&site);
    assert!(
        wait_for_staging(&site, &mut child, 200),
        "the build ended before it could be killed"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(tree(&public), before, "the previous output is whole");
    let o = site.loa(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(public.join("tin-tuc/moi/index.html").is_file());
    let left: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("loa-moi") || n.contains("loa-cu"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_second_build_into_the_same_folder_is_refused_while_the_first_writes() {
    let site = big_site(1500);
    let mut first = spawn_build(&site);
    assert!(
        wait_for_staging(&site, &mut first, 50),
        "the first build ended too soon"
    );
    let o = site.loa(&["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("không ghi được thư mục đầu ra: một lần dựng khác đang ghi vào thư mục này"),
        "{err}"
    );
    assert!(err.contains("chờ lần dựng kia xong"), "{err}");
    let done = first.wait_with_output().unwrap();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let public = site.root().join("public");
    assert_eq!(
        walkdir::WalkDir::new(public.join("tin-tuc"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_name() == "index.html"
                && e.path()
                    .parent()
                    .unwrap()
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("bai-"))
            .count(),
        1500,
        "the first build's output is whole"
    );
    // Once it is done, building again works.
    assert!(site.loa(&["build"]).status.success());
}
