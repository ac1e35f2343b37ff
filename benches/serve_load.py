#!/usr/bin/env python3
"""Load and soak test of `loa serve` (a benchmark, not part of `cargo test`).

On the shared corpus (../shared/bench/gen_corpus.py, 10,000 posts by default) it starts the
release binary, then:

1. load: 16 clients make 2,000 requests each (and go on until the edits are done) on
   kept-alive connections, over the pages and the feeds, while a script makes 50 edits (bodies, a title, a post added and
   one deleted), each waiting for its rebuild. Every answer is checked: status 200, as many bytes
   as Content-Length says, an HTML page whole (`<!DOCTYPE` .. `</html>`), and an edited post
   naming one version only (a torn answer would mix two builds). 100 event streams count the
   reloads they got. One client asks for the biggest file and never reads; slow-loris clients
   send a byte a second. Oversized requests and other methods are checked for their status.
2. soak: edits every 2 s for SOAK seconds (600 by default); the server's resident memory is
   read after the first rebuild and at the end.

Usage: python3 -u benches/serve_load.py [--posts N] [--clients C] [--requests R]
       [--edits E] [--soak S] [--dir D]     (D on a RAM disk, e.g. /dev/shm/loa-serve)
"""

import argparse
import http.client
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
LOA = os.path.join(REPO, "target", "release", "loa")


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Server:
    """`loa serve` on an ephemeral port; its stdout lines are kept, rebuild times parsed."""

    def __init__(self, root):
        self.proc = subprocess.Popen(
            [LOA, "--root", root, "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.rebuilds = []
        self.lines = []
        line = self.proc.stdout.readline()
        while "http://127.0.0.1:" not in line:
            if not line:
                sys.exit("serve ended before it listened")
            line = self.proc.stdout.readline()
        self.port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            m = re.search(r"trong ([\d,.]+) (ms|giây)", line)
            if line.startswith("Đã dựng lại") and m:
                v = float(m.group(1).replace(",", "."))
                self.rebuilds.append(v if m.group(2) == "ms" else v * 1000)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


class Stream(threading.Thread):
    """One event stream: counts `reload` events."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port, self.reloads, self.ready = port, 0, threading.Event()

    def run(self):
        s = socket.create_connection(("127.0.0.1", self.port))
        s.sendall(b"GET /__loa/su-kien HTTP/1.1\r\nHost: x\r\n\r\n")
        f = s.makefile("rb")
        for line in f:
            if line.startswith(b"event: state"):
                self.ready.set()
            if line.startswith(b"event: reload"):
                self.reloads += 1


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.ok = self.failed = self.torn = 0
        self.latencies = []
        self.problems = []

    def add(self, ok, latency, problem=None, torn=False):
        with self.lock:
            self.ok += ok
            self.failed += not ok
            self.torn += torn
            self.latencies.append(latency)
            if problem and len(self.problems) < 10:
                self.problems.append(problem)


VERSION = re.compile(r"Phiên bản (\d+)\.")


def client(port, paths, n, tally, seed, editing):
    """At least `n` requests, and more until the edits are done."""
    rnd = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    made = 0
    while made < n or editing.is_set():
        made += 1
        path = rnd.choice(paths)
        t = time.perf_counter()
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            body = r.read()
            latency = time.perf_counter() - t
            length = int(r.getheader("Content-Length", "-1"))
            problem = None
            torn = False
            if r.status != 200:
                problem = f"{path}: {r.status}"
            elif length != len(body):
                problem, torn = f"{path}: {len(body)} of {length} bytes", True
            elif path.endswith("/"):
                html = body.decode("utf-8")
                if not html.startswith("<!DOCTYPE html>") or not html.rstrip().endswith("</html>"):
                    problem, torn = f"{path}: not a whole page", True
                elif len(set(VERSION.findall(html))) > 1:
                    problem, torn = f"{path}: versions {set(VERSION.findall(html))}", True
            tally.add(problem is None, latency, problem, torn)
        except Exception as e:  # a failed request is counted, not fatal
            tally.add(False, time.perf_counter() - t, f"{path}: {e!r}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def stuck_reader(port, path, stop):
    """Asks for `path` over and over on one connection and never reads."""
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        for _ in range(200):
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    except OSError:
        pass
    stop.wait()
    s.close()


def slow_loris(port, results):
    s = socket.create_connection(("127.0.0.1", port))
    t = time.time()
    try:
        for b in b"GET / HTTP/1.1\r\nHost: x\r\nX-Cham: ":
            s.sendall(bytes([b]))
            time.sleep(1)
    except OSError:
        pass
    s.settimeout(30)
    try:
        results.append((s.recv(100).split(b"\r\n")[0].decode(), time.time() - t))
    except OSError as e:
        results.append((repr(e), time.time() - t))


def raw_status(port, data):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(10)
    try:
        s.sendall(data)
    except OSError:
        pass
    try:
        return s.recv(200).split(b"\r\n")[0].decode()
    except OSError as e:
        return repr(e)


class Editor:
    """Edits the corpus: bodies get a new version; now and then a title, a new or deleted post."""

    def __init__(self, root, port):
        self.root, self.port = root, port
        news = os.path.join(root, "content", "tin-tuc")
        self.posts = sorted(os.path.join(news, f) for f in os.listdir(news) if f != "_index.md")
        self.version = 0
        self.rnd = random.Random(7)
        self.watch = Stream(port)
        self.watch.start()
        self.watch.ready.wait(30)

    def edit(self, i):
        self.version += 1
        before = self.watch.reloads
        path = self.posts[self.rnd.randrange(len(self.posts))]
        if i % 10 == 3:
            extra = os.path.join(self.root, "content", "tin-tuc", f"tai-tai-{i}.md")
            with open(self.posts[0]) as f:
                text = f.read()
            with open(extra, "w") as f:
                f.write(text.replace("title: ", f"title: \"Bài thêm {i} \" # ", 1))
        elif i % 10 == 7:
            added = [p for p in os.listdir(os.path.join(self.root, "content", "tin-tuc")) if p.startswith("tai-tai-")]
            if added:
                os.remove(os.path.join(self.root, "content", "tin-tuc", added[0]))
        else:
            with open(path) as f:
                text = f.read()
            text = re.sub(r"\nPhiên bản \d+\.\n", "\n", text)
            if i % 10 == 5:
                text = re.sub(r'title: "', f'title: "Sửa {i} ', text, count=1)
            head, sep, body = text.partition("\n---\n")
            with open(path, "w") as f:
                f.write(f"{head}{sep}\nPhiên bản {self.version}.\n{body}")
        deadline = time.time() + 60
        while self.watch.reloads == before and time.time() < deadline:
            time.sleep(0.01)


def page_paths(root):
    paths = ["/", "/tin-tuc/", "/hoi-dap/", "/rss.xml", "/feed.json", "/atom.xml", "/sitemap.xml"]
    for section in ("tin-tuc", "hoi-dap", "17-diem-khac-nhau"):
        d = os.path.join(root, "content", section)
        for f in sorted(os.listdir(d)):
            if f.endswith(".md") and f != "_index.md":
                paths.append(f"/{section}/{f[:-3]}/")
    return paths


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--posts", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--streams", type=int, default=100)
    ap.add_argument("--soak", type=int, default=600)
    ap.add_argument("--dir", default="/dev/shm/loa-serve")
    a = ap.parse_args()
    if not os.path.exists(LOA):
        sys.exit("cargo build --release first")
    corpus = os.path.join(a.dir, f"n{a.posts}")
    if not os.path.isdir(corpus):
        subprocess.run([sys.executable, GEN, "--n", str(a.posts), "--out", corpus, "--engines", "loa"], check=True)
    root = os.path.join(a.dir, "site")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(os.path.join(corpus, "loa"), root)
    t = time.time()
    srv = Server(root)
    print(f"serve listening on {srv.port} after {time.time() - t:.1f} s; {a.posts} posts")
    # The first build is done when a page answers.
    while True:
        try:
            c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=60)
            c.request("GET", "/")
            if c.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.2)
    paths = page_paths(root)
    streams = [Stream(srv.port) for _ in range(a.streams)]
    for s in streams:
        s.start()
    for s in streams:
        s.ready.wait(30)
    editor = Editor(root, srv.port)
    editor.edit(0)
    # The search index follows the reload on another thread: memory is read once it is made.
    time.sleep(5)
    rss_first = rss_kib(srv.proc.pid)
    reloads_before = [s.reloads for s in streams]

    # Hostile clients for the whole load phase.
    stop = threading.Event()
    # The site-wide feed, 50 posts in full: a client that never reads it fills its socket.
    stuck = [threading.Thread(target=stuck_reader, args=(srv.port, "/rss.xml", stop), daemon=True) for _ in range(4)]
    for s in stuck:
        s.start()
    loris_results = []
    loris = [threading.Thread(target=slow_loris, args=(srv.port, loris_results), daemon=True) for _ in range(20)]
    for s in loris:
        s.start()

    tally = Tally()
    editing = threading.Event()
    editing.set()
    clients = [threading.Thread(target=client, args=(srv.port, paths, a.requests, tally, i, editing)) for i in range(a.clients)]
    t = time.time()
    for c in clients:
        c.start()
    # Every edit is made while the clients run: they go on until the last rebuild is served.
    edits = 0
    while edits < a.edits:
        edits += 1
        editor.edit(edits)
    editing.clear()
    for c in clients:
        c.join()
    load_time = time.time() - t
    time.sleep(1)
    got = [s.reloads - b for s, b in zip(streams, reloads_before)]
    statuses = {
        "POST": raw_status(srv.port, b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab"),
        "DELETE": raw_status(srv.port, b"DELETE / HTTP/1.1\r\nHost: x\r\n\r\n"),
        "10 MB body": raw_status(srv.port, b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n"),
        "32 KiB of headers": raw_status(srv.port, b"GET / HTTP/1.1\r\nHost: x\r\nX-A: " + b"a" * 32768 + b"\r\n\r\n"),
    }
    for s in loris:
        s.join(60)
    stop.set()

    lat = sorted(tally.latencies)
    total = tally.ok + tally.failed
    print(f"load: {total} requests by {a.clients} clients in {load_time:.1f} s "
          f"({total / load_time:.0f} req/s), {edits} edits each rebuilt and reloaded")
    print(f"  failed {tally.failed}, torn {tally.torn}; latency p50 {lat[len(lat) // 2] * 1000:.1f} ms, "
          f"p99 {lat[int(len(lat) * 0.99)] * 1000:.1f} ms, max {lat[-1] * 1000:.0f} ms")
    for p in tally.problems:
        print("   ", p)
    print(f"  event streams: {a.streams}, reloads each got: min {min(got)}, max {max(got)}, for {edits} edits")
    rb = srv.rebuilds[1:]
    if rb:
        print(f"  rebuilds: median {statistics.median(rb):.0f} ms, max {max(rb):.0f} ms")
    print(f"  slow-loris: {sorted(set(r for r, _ in loris_results))}, after "
          f"{min(t for _, t in loris_results):.0f}–{max(t for _, t in loris_results):.0f} s")
    for k, v in statuses.items():
        print(f"  {k}: {v}")

    # Soak: an editing session; memory after it against memory after the first rebuild.
    t = time.time()
    n = 0
    samples = []
    while time.time() - t < a.soak:
        n += 1
        editor.edit(1000 + n)
        time.sleep(2)
        if n % 30 == 0:
            samples.append(rss_kib(srv.proc.pid) // 1024)
    print(f"  resident memory every 30 edits (MiB): {samples}")
    time.sleep(3)
    rss_end = rss_kib(srv.proc.pid)
    print(f"soak: {n} edits in {time.time() - t:.0f} s; resident memory after the first rebuild "
          f"{rss_first / 1024:.0f} MiB, after the session {rss_end / 1024:.0f} MiB "
          f"({(rss_end / rss_first - 1) * 100:+.1f} %)")
    srv.stop()
    ok = tally.failed == 0 and tally.torn == 0 and min(got) >= edits
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
