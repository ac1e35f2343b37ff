#!/usr/bin/env python3
"""Search benchmark: index size, bytes a cold query downloads, and time to first results.

Builds a site with loa, serves the output on loopback, and drives headless chromium through
the DevTools protocol (over a pipe: no extra package needed). For each query, a fresh
browser profile opens /tim-kiem/, the query is entered (pasted at once, then typed key by
key in another fresh profile), and the script reports:

- every file the browser fetched, counted as a static server sends it compressed
  (`gzip -9` of the file on disk), page, style and scripts included;
- the time from the last key press to the first results in #ket-qua (titles), and to the
  first excerpt, with the CPU slowed
  down 4 times (`Emulation.setCPUThrottlingRate`); the bytes include what the page fetches in
  the second after (typed, it runs the query again with whole lists once typing pauses).

Usage:
  python3 benches/search.py [--site DIR] [--queries "q1" "q2" ...] [--throttle 4]
  python3 benches/search.py --site /dev/shm/loa-bench/n10000-s20240601/loa
Defaults: the shipped site (this repository) and a set of queries citizens type.
"""
import argparse
import fcntl
import gzip
import http.server
import json
import os
import shutil
import socket
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUERIES = ["chuyen doi so", "cách cài VNeID", "lua dao qua dien thoai", "an toàn thông tin", "đường"]


def gz(path):
    with open(path, "rb") as f:
        return len(gzip.compress(f.read(), compresslevel=9))


def index_size(out):
    index = os.path.join(out, "tim-kiem", "chi-muc")
    raw = zipped = files = 0
    for dirpath, _, names in os.walk(index):
        for n in names:
            p = os.path.join(dirpath, n)
            raw += os.path.getsize(p)
            zipped += gz(p)
            files += 1
    meta = json.load(open(os.path.join(index, "meta.json")))
    return {"docs": meta["docs"], "files": files, "bytes": raw, "gzip9": zipped}


class Quiet(http.server.SimpleHTTPRequestHandler):
    # Keep-alive, as a real static server does.
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm and the
        # browser's delayed ACK add 40 ms to each file.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *a):
        pass


NGINX = """daemon off; worker_processes 2; pid {dir}/nginx.pid; error_log {dir}/error.log;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types; access_log off; sendfile on; tcp_nodelay on;
  gzip on; gzip_comp_level 9; gzip_types *; gzip_min_length 0;
  client_body_temp_path {dir}; proxy_temp_path {dir}; fastcgi_temp_path {dir}; uwsgi_temp_path {dir}; scgi_temp_path {dir};
  server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
"""


def serve_nginx(root):
    """nginx on loopback, gzip -9 on the fly: what a real static host does."""
    conf = tempfile.mkdtemp(prefix="loa-nginx-")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with open(os.path.join(conf, "nginx.conf"), "w") as f:
        f.write(NGINX.format(dir=conf, port=port, root=root))
    proc = subprocess.Popen(["nginx", "-c", os.path.join(conf, "nginx.conf")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port}"


def serve(root):
    handler = lambda *a, **k: Quiet(*a, directory=root, **k)
    httpd = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class Chrome:
    """Headless chromium driven over --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp()
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # Above 4, so that moving them to 3 and 4 in the child overwrites neither; the
        # child keeps every descriptor (subprocess would close 3 and 4 after `fds` runs).
        to_child_r, from_child_w = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child_r, from_child_w))

        def fds():
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.next_id, self.buf, self.events = 0, b"", []

    def _read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_child, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def close(self):
        self.proc.kill()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


# Enters the query into the real page (pasted: one input event; typed: one per key, 120 ms
# apart), then resolves with the milliseconds from the last key to the first result.
ENTER = r"""
(async function (q, typed) {
  var input = document.getElementById("tim-q"), list = document.getElementById("ket-qua");
  var status = document.getElementById("tim-trang-thai");
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  var keys = typed ? Array.from(q).map(function (_, i) { return q.slice(0, i + 1); }) : [q];
  // A reader sees the page painted before typing into it.
  await new Promise(function (r) { requestAnimationFrame(function () { requestAnimationFrame(r); }); });
  await sleep(200);
  var t0 = 0;
  for (var i = 0; i < keys.length; i++) {
    if (i > 0) await sleep(120);
    input.value = keys[i]; t0 = performance.now();
    input.dispatchEvent(new InputEvent("input", { inputType: typed ? "insertText" : "insertFromPaste" }));
  }
  var want = "«" + q.trim() + "»";
  for (var w = 0; w < 20000 && !(status.textContent.indexOf(want) >= 0 && (list.children.length > 0 || status.textContent.indexOf("Không tìm thấy") >= 0)); w++) await sleep(1);
  var t1 = performance.now();
  // Excerpts come after the titles (typed: once typing pauses).
  for (var j = 0; j < 2000 && list.children.length && !list.querySelector(".result-excerpt"); j++) await sleep(1);
  var t2 = list.querySelector(".result-excerpt") ? performance.now() : t1;
  // The bytes count what the page fetches once typing has paused too (whole lists).
  await sleep(1000);
  var fetched = performance.getEntriesByType("resource").filter(function (e) { return e.startTime >= t0; });
  var net = fetched.reduce(function (s, e) { return s + (e.responseEnd - e.startTime); }, 0);
  var waves = fetched.map(function (e) { return e.name.split("/").pop() + " " + Math.round(e.startTime - t0) + "-" + Math.round(e.responseEnd - t0); });
  return { ms: t1 - t0, excerpts: t2 - t0, results: list.children.length, status: status.textContent, after: fetched.length, net: net, waves: waves };
})
"""


def measure(binary, origin, out, query, typed, throttle):
    c = Chrome(binary)
    try:
        target = c.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = c.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        c.send("Network.enable", session=s)
        c.send("Network.setCacheDisabled", {"cacheDisabled": False}, session=s)
        c.send("Page.enable", session=s)
        c.send("Emulation.setCPUThrottlingRate", {"rate": throttle}, session=s)
        c.send("Page.navigate", {"url": origin + "/tim-kiem/"}, session=s)
        while not any(e.get("method") == "Page.loadEventFired" for e in c.events):
            c.events.append(c._read())
        r = c.send("Runtime.evaluate", {"expression": ENTER + f"({json.dumps(query)}, {json.dumps(typed)})",
                                        "awaitPromise": True, "returnByValue": True}, session=s)
        value = r["result"]["value"]
        urls = [e["params"]["request"]["url"] for e in c.events if e.get("method") == "Network.requestWillBeSent"]
        files = []
        for u in urls:
            path = u[len(origin):].split("?")[0].split("#")[0]
            disk = os.path.join(out, path.lstrip("/"))
            if os.path.isdir(disk):
                disk = os.path.join(disk, "index.html")
            if os.path.isfile(disk):
                files.append((path, gz(disk)))
        return value, files
    finally:
        c.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", default=REPO)
    ap.add_argument("--queries", nargs="*", default=QUERIES)
    ap.add_argument("--throttle", type=float, default=4)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--server", choices=["nginx", "python", "loa"], default="nginx" if shutil.which("nginx") else "python",
                    help="nginx (when installed): a real static server on the built folder; "
                         "python: a threaded static server in this script; loa: loa serve")
    # Debian's /usr/bin/chromium is a shell script that does not pass on the pipe's
    # descriptors: the binary itself is used when it is there.
    real = "/usr/lib/chromium/chromium"
    ap.add_argument("--chromium", default=real if os.path.exists(real) else shutil.which("chromium") or shutil.which("chromium-browser"))
    args = ap.parse_args()
    if not args.chromium:
        sys.exit("chromium not found (apt-get install -y chromium)")
    loa = os.path.join(REPO, "target", "release", "loa")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    out = tempfile.mkdtemp(prefix="loa-search-")
    os.chmod(out, 0o755)  # nginx's workers run as another user
    t = time.time()
    subprocess.run([loa, "--root", args.site, "build", "--out", out + "/public"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out += "/public"
    built = time.time() - t
    size = index_size(out)
    print(f"site: {args.site}")
    print(f"build: {built:.2f} s; index: {size['docs']} pages, {size['files']} files, "
          f"{size['bytes'] / 1e6:.1f} MB ({size['bytes'] / max(size['docs'], 1) / 1000:.1f} kB a page), "
          f"gzip -9 {size['gzip9'] / 1e6:.1f} MB")
    httpd = server = None
    if args.server == "nginx":
        server, origin = serve_nginx(out)
    elif args.server == "loa":
        port = 18000 + os.getpid() % 1000
        server = subprocess.Popen([loa, "--root", args.site, "serve", "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1 + built * 2)
        origin = f"http://127.0.0.1:{port}"
    else:
        httpd = serve(out)
        origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    print(f"server: {args.server}; CPU throttled {args.throttle:g}x; bytes as gzip -9; median of {args.runs} cold runs")
    print(f"{'query':28} {'entered':7} {'files':>5} {'kB':>7} {'index kB':>8} {'ms':>6} {'excerpt':>7}  results")
    for q in args.queries:
        for typed in (False, True):
            runs = [measure(args.chromium, origin, out, q, typed, args.throttle) for _ in range(args.runs)]
            ms = statistics.median(v["ms"] for v, _ in runs)
            ex = statistics.median(v["excerpts"] for v, _ in runs)
            value, files = runs[0]
            total = sum(b for _, b in files)
            index = sum(b for p, b in files if "/tim-kiem/chi-muc/" in p)
            print(f"{q:28} {'typed' if typed else 'pasted':7} {len(files):5} {total / 1000:7.1f} "
                  f"{index / 1000:8.1f} {ms:6.0f} {ex:7.0f}  {value['results']} (after the last key: "
                  f"{value['after']} files, {value['net']:.0f} ms summed in fetches)")
            if os.environ.get("LOA_BENCH_WAVES"):
                print("   ", " ".join(value["waves"]))
    if httpd:
        httpd.shutdown()
    else:
        server.terminate()  # nginx's master stops its workers on SIGTERM; a SIGKILL would orphan them
        server.wait()
    shutil.rmtree(os.path.dirname(out), ignore_errors=True)


if __name__ == "__main__":
    main()
