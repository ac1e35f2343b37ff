//! `cargo bench --bench serve`: save-to-reload-event times (a body edit, a date, unit or tag
//! change, a post added and deleted) on the shipped site and on the shared corpus of
//! `../shared/bench/gen_corpus.py` (10,000 posts), and the full build time of each, as medians.
//! Not a test: nothing fails on a slow machine; the figures go into the README.
//! `LOA_BENCH_POSTS`, `LOA_BENCH_SEED` change the corpus, `LOA_BENCH_RUNS` the runs, and
//! `LOA_BENCH_DIR` where it is written (a RAM disk such as /dev/shm gives steadier figures).

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

/// A copy of the shipped site.
fn site() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for f in ["site.yaml", "units.yaml"] {
        std::fs::copy(repo.join(f), dir.path().join(f)).unwrap();
    }
    copy_dir(&repo.join("content"), &dir.path().join("content"));
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

/// The edits a reload is timed after, each a function from the post's text, the run and a
/// unit that is open at any date to the new text.
const EDITS: &[(&str, Edit)] = &[
    ("body edit", |t, n, _| format!("{t}\nLần sửa {n}.\n")),
    ("date change", |t, n, _| {
        // Another day of the same month, so the post's unit is still open on it.
        let line = t.lines().find(|l| l.starts_with("date:")).unwrap();
        let at = line.find(|c: char| c.is_ascii_digit()).unwrap() + 8;
        let day = format!("{}{:02}{}", &line[..at], 11 + n % 9, &line[at + 2..]);
        replace_line(t, "date:", &day)
    }),
    ("unit change", |t, n, unit| {
        let original = t.lines().find(|l| l.starts_with("unit:")).unwrap();
        let other = format!("unit: {unit}");
        replace_line(t, "unit:", [other.as_str(), original][n % 2])
    }),
    ("tag change", |t, n, _| {
        replace_line(t, "tags:", &format!("tags: [\"thẻ đo {}\"]", n % 3))
    }),
];

/// An edit of `EDITS`.
type Edit = fn(&str, usize, &str) -> String;

/// `text` with its first line starting with `key` replaced by `line` (added when missing).
fn replace_line(text: &str, key: &str, line: &str) -> String {
    let body = text.strip_prefix("---\n").unwrap_or(text);
    let mut lines: Vec<&str> = body.lines().collect();
    match lines.iter().position(|l| l.starts_with(key)) {
        Some(i) => lines[i] = line,
        None => lines.insert(0, line),
    }
    format!("---\n{}\n", lines.join("\n"))
}

/// Median times from a save to the `reload` event, in ms, for each edit of `EDITS` on
/// `post`, then for adding and deleting a post.
fn reload_times(root: &Path, post: &Path, unit: &str, runs: usize) -> Vec<(&'static str, f64)> {
    let srv = server::start(root, &[]);
    let ev = server::events(srv.port);
    server::wait_for(&ev, "state");
    let original = std::fs::read_to_string(post).unwrap();
    // A "unit change" to the unit the post already has would time an edit that changes nothing.
    let own = original.lines().find_map(|l| l.strip_prefix("unit:"));
    assert_ne!(
        own.map(|u| u.trim().trim_matches('"')),
        Some(unit),
        "the unit change must name another unit"
    );
    let once = |change: &dyn Fn()| {
        // Let the watcher settle between saves, as between an editor's keystrokes.
        std::thread::sleep(Duration::from_millis(300));
        let t = Instant::now();
        change();
        server::wait_for(&ev, "reload");
        t.elapsed().as_secs_f64() * 1000.0
    };
    let timed = |change: &dyn Fn(usize)| median((0..runs).map(|n| once(&|| change(n))).collect());
    let mut out = Vec::new();
    for (name, edit) in EDITS {
        out.push((
            *name,
            timed(&|n| std::fs::write(post, edit(&original, n, unit)).unwrap()),
        ));
        std::fs::write(post, &original).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        server::wait_for(&ev, "reload");
    }
    let added = post.with_file_name("bai-do-them.md");
    let text = replace_line(&original, "title:", "title: \"Bài đo thêm\"");
    let (mut add, mut delete) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        add.push(once(&|| std::fs::write(&added, &text).unwrap()));
        delete.push(once(&|| std::fs::remove_file(&added).unwrap()));
    }
    out.push(("post added", median(add)));
    out.push(("post deleted", median(delete)));
    out
}

/// A corpus written by `../shared/bench/gen_corpus.py` (the one `vs_hugo.py` builds), when
/// that script is there: `(root, one of its news posts)`.
fn shared_corpus(posts: usize, seed: u64) -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let gen = repo.join("../shared/bench/gen_corpus.py");
    if !gen.exists() {
        return None;
    }
    let dir = tempfile::tempdir_in(
        std::env::var_os("LOA_BENCH_DIR").map_or_else(std::env::temp_dir, Into::into),
    )
    .unwrap();
    let ok = Command::new("python3")
        .arg(&gen)
        .args([
            "--n",
            &posts.to_string(),
            "--seed",
            &seed.to_string(),
            "--engines",
            "loa",
            "--out",
        ])
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        return None;
    }
    let news = dir.path().join("loa/content/tin-tuc");
    let mut posts: Vec<_> = std::fs::read_dir(&news)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    posts.sort();
    let post = posts[posts.len() / 2].clone();
    Some((dir, post))
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
    let seed: u64 = std::env::var("LOA_BENCH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20240601);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("loa serve benchmark: medians of {runs} runs, {cores} cores");
    let shipped = site();
    let mut sites = vec![(
        "shipped site".to_string(),
        shipped.path().to_path_buf(),
        shipped.path().join("content/tin-tuc/bo-chi-so-dti-405.md"),
        "cong-ttdt-tinh",
    )];
    let corpus = shared_corpus(posts, seed);
    match &corpus {
        Some((dir, post)) => sites.push((
            format!("corpus of {posts} posts (seed {seed})"),
            dir.path().join("loa"),
            post.clone(),
            // Open at every date, and not the unit of the corpus' posts.
            "dai-ptth-lai-chau",
        )),
        None => println!(
            "../shared/bench/gen_corpus.py is missing or failed: the shared corpus is skipped"
        ),
    }
    for (name, root, post, unit) in &sites {
        let build = build_time(root, runs.min(5));
        println!("{name}: full build {build:.1} ms");
        for (edit, ms) in reload_times(root, post, unit, runs) {
            println!("  {edit:13} save -> reload event {ms:>7.1} ms");
        }
    }
}
