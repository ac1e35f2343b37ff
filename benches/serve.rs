//! `cargo bench --bench serve`: save-to-reload-event time for one edited post, on the shipped
//! site and on a generated site of 10,000 posts, and the full build time of each, as medians.
//! Not a test: nothing fails on a slow machine; the figures go into the README.
//! `LOA_BENCH_POSTS` changes the size of the generated site; `LOA_BENCH_RUNS` the runs.

#[path = "../tests/common/server.rs"]
mod server;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A copy of the shipped site, with `extra` generated news posts.
fn site(extra: usize) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for f in ["site.yaml", "units.yaml"] {
        std::fs::copy(repo.join(f), dir.path().join(f)).unwrap();
    }
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    let units = ["bao-lai-chau", "cong-ttdt-tinh", "ttcs-binh-lu"];
    for i in 0..extra {
        let (y, m, d) = (2022 + i % 3, 1 + i % 12, 1 + i % 28);
        let text = format!(
            "---\ntitle: \"Bài thử số {i}\"\ndate: {y}-{m:02}-{d:02} 08:{:02}\nunit: {}\ntopics: [chuyen-doi-so]\ntags: [\"thẻ {}\"]\n---\n\nĐoạn đầu của bài {i} với [liên kết](/tin-tuc/) và **chữ đậm**.\n\n## Mục\n\nNội dung thêm.\n",
            i % 60,
            units[i % 3],
            i % 50
        );
        std::fs::write(
            dir.path().join(format!("content/tin-tuc/bai-thu-{i}.md")),
            text,
        )
        .unwrap();
    }
    dir
}

/// Median wall time of `loa build` into a fresh folder, in ms.
fn build_time(root: &Path, runs: usize) -> f64 {
    let times = (0..runs)
        .map(|n| {
            let out = root.join(format!("out-{n}"));
            let t = Instant::now();
            let o = Command::new(env!("CARGO_BIN_EXE_loa"))
                .arg("--root")
                .arg(root)
                .args(["build", "--out", out.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            std::fs::remove_dir_all(&out).unwrap();
            ms
        })
        .collect();
    median(times)
}

/// Median time from writing a post to receiving the `reload` event, in ms.
fn reload_time(root: &Path, runs: usize) -> f64 {
    let srv = server::start(root, &[]);
    let ev = server::events(srv.port);
    server::wait_for(&ev, "state");
    let post = root.join("content/tin-tuc/bo-chi-so-dti-405.md");
    let original = std::fs::read_to_string(&post).unwrap();
    let times = (0..runs)
        .map(|n| {
            // Let the watcher settle between saves, as between an editor's keystrokes.
            std::thread::sleep(Duration::from_millis(300));
            let t = Instant::now();
            std::fs::write(&post, format!("{original}\nLần sửa {n}.\n")).unwrap();
            server::wait_for(&ev, "reload");
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median(times)
}

fn main() {
    let posts: usize = std::env::var("LOA_BENCH_POSTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let runs: usize = std::env::var("LOA_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(7);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("loa serve benchmark: medians of {runs} runs, {cores} cores");
    for (name, extra) in [("shipped site", 0), ("generated site", posts)] {
        let dir = site(extra);
        let build = build_time(dir.path(), runs.min(5));
        let reload = reload_time(dir.path(), runs);
        println!(
            "{name:15} (+{extra:>5} posts): full build {build:>8.1} ms   save -> reload event {reload:>7.1} ms"
        );
    }
}
