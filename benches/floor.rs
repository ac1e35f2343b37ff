//! `cargo bench --bench floor`: what a full build cannot go below on this machine, phase by
//! phase, on the corpus `vs_hugo.py` builds: reading every file, rendering every Markdown
//! body with pulldown-cmark alone, running one small template per output page with minijinja
//! alone, and writing as many bytes as loa writes. Each on all cores, medians of 5.
//! `LOA_FLOOR_CORPUS` names the corpus's `loa` folder (default: the 10,000-post one that
//! `python3 benches/vs_hugo.py --dir /dev/shm/loa-bench` writes) and `LOA_FLOOR_OUT` a built
//! output of it, whose size the write floor copies.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median wall time of `f` over 5 runs, in ms.
fn timed(mut f: impl FnMut()) -> f64 {
    let runs = (0..5)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    median(runs)
}

fn files(dir: &Path, ext: Option<&str>) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
        .collect()
}

fn main() {
    let corpus = std::env::var_os("LOA_FLOOR_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| "/dev/shm/loa-bench/n10000-s20240601/loa".into());
    let out = std::env::var_os("LOA_FLOOR_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| corpus.with_file_name("loa-public"));
    if !corpus.join("content").is_dir() || !out.is_dir() {
        println!(
            "floor: no corpus at {} or no build at {}: run `python3 benches/vs_hugo.py --dir /dev/shm/loa-bench` first",
            corpus.display(),
            out.display()
        );
        return;
    }
    let md = files(&corpus.join("content"), Some("md"));
    let built = files(&out, None);
    let pages = built
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .count();
    let texts: Vec<String> = md
        .par_iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let bytes: Vec<Vec<u8>> = built
        .par_iter()
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    let total: usize = bytes.iter().map(Vec::len).sum();

    let read = timed(|| {
        let n: usize = md.par_iter().map(|p| std::fs::read(p).unwrap().len()).sum();
        assert!(n > 0);
    });
    let markdown = timed(|| {
        let n: usize = texts
            .par_iter()
            .map(|t| {
                let mut html = String::new();
                pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(t));
                html.len()
            })
            .sum();
        assert!(n > 0);
    });
    let mut env = minijinja::Environment::new();
    env.add_template(
        "p.html",
        "<!DOCTYPE html><html lang=\"vi\"><head><title>{{ t }}</title></head><body><h1>{{ t }}</h1>{{ b }}</body></html>",
    )
    .unwrap();
    let templates = timed(|| {
        let tpl = env.get_template("p.html").unwrap();
        let n: usize = (0..pages)
            .into_par_iter()
            .map(|i| {
                let body = &texts[i % texts.len()];
                let ctx = minijinja::context! { t => "Tiêu đề", b => body };
                tpl.render(ctx).unwrap().len()
            })
            .sum();
        assert!(n > 0);
    });
    // Beside the built output, on the same disk (a RAM disk for fair figures).
    let target = out.with_file_name("loa-floor-write");
    let write = timed(|| {
        let _ = std::fs::remove_dir_all(&target);
        built.par_iter().zip(&bytes).for_each(|(p, b)| {
            let dest = target.join(p.strip_prefix(&out).unwrap());
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::write(dest, b).unwrap();
        });
    });
    let _ = std::fs::remove_dir_all(&target);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "floor on {cores} cores, medians of 5: {} Markdown files, {pages} HTML pages, {} files ({:.0} MiB) written",
        md.len(),
        built.len(),
        total as f64 / 1048576.0
    );
    println!("  reading the sources          {read:8.1} ms");
    println!("  Markdown (pulldown-cmark)    {markdown:8.1} ms");
    println!("  one small template per page  {templates:8.1} ms");
    println!("  writing the output           {write:8.1} ms");
    println!(
        "  sum                          {:8.1} ms",
        read + markdown + templates + write
    );
}
