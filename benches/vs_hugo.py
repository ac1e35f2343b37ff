#!/usr/bin/env python3
"""Full builds of loa and Hugo side by side on one generated corpus: medians and ratios.

A benchmark, not a test. It writes the corpus with ../shared/bench/gen_corpus.py (the same
content for both tools), then times clean builds, interleaved (loa, hugo, loa, hugo, ...),
after one warm-up each, with the output on the corpus's disk (put it on a RAM disk for fair
figures: --dir /dev/shm/loa-bench). Peak memory is each build's maximum resident set.

    python3 benches/vs_hugo.py --posts 10000 --runs 5
    python3 benches/vs_hugo.py --posts 1000 --runs 7 --dir /dev/shm/loa-bench

Without Hugo on PATH (Debian: apt-get install -y hugo) it times loa alone and says so.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")


def run(cmd, cwd):
    """Runs `cmd`, returns (seconds, peak RSS in MiB); fails loudly on a failed build."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    took = time.perf_counter() - start
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return took, usage.ru_maxrss / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--dir", default=os.path.join(REPO, "target", "bench-corpus"))
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--loa", default=os.path.join(REPO, "target", "release", "loa"))
    args = ap.parse_args()

    if not os.path.exists(args.loa):
        sys.exit(f"{args.loa} is missing: run `cargo build --release` first")
    if not os.path.exists(GEN):
        sys.exit(f"{GEN} is missing: the corpus generator lives in ../shared/bench/")
    hugo = shutil.which("hugo")
    engines = "loa,hugo" if hugo else "loa"
    corpus = os.path.join(args.dir, f"n{args.posts}-s{args.seed}")
    subprocess.run(
        [sys.executable, GEN, "--n", str(args.posts), "--out", corpus,
         "--engines", engines, "--seed", str(args.seed), "--force"],
        check=True, stdout=subprocess.DEVNULL,
    )
    loa_dir, hugo_dir = os.path.join(corpus, "loa"), os.path.join(corpus, "hugo")
    loa_out, hugo_out = os.path.join(corpus, "loa-public"), os.path.join(corpus, "hugo-public")

    def loa_build():
        shutil.rmtree(loa_out, ignore_errors=True)
        return run([args.loa, "--root", loa_dir, "build", "--out", loa_out], loa_dir)

    def hugo_build():
        shutil.rmtree(hugo_out, ignore_errors=True)
        return run([hugo, "--quiet", "--destination", hugo_out], hugo_dir)

    tools = [("loa", loa_build)] + ([("hugo", hugo_build)] if hugo else [])
    if not hugo:
        print("hugo: not found on PATH, skipped (Debian: apt-get install -y hugo); loa alone")
    for _, build in tools:  # warm-up: caches, page cache
        build()
    times = {name: [] for name, _ in tools}
    peaks = {name: [] for name, _ in tools}
    for _ in range(args.runs):
        for name, build in tools:
            t, m = build()
            times[name].append(t)
            peaks[name].append(m)

    print(f"{args.posts} posts, {args.runs} interleaved clean builds each, corpus in {corpus}")
    for name, _ in tools:
        print(f"{name:5} median {statistics.median(times[name]):7.3f} s   "
              f"peak {statistics.median(peaks[name]):7.1f} MiB   "
              f"runs {', '.join(f'{t:.3f}' for t in times[name])}")
    if hugo:
        ratios = [a / b for a, b in zip(times["loa"], times["hugo"])]
        mem = statistics.median(peaks["loa"]) / statistics.median(peaks["hugo"])
        print(f"loa/hugo: time {statistics.median(ratios):.2f}x (median of pairwise ratios), "
              f"peak memory {mem:.2f}x")


if __name__ == "__main__":
    main()
