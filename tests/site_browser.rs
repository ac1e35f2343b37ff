//! Every page of the shipped site in a real browser (headless Debian chromium), at a phone's
//! width and a desktop's: nothing wider than the screen, text of 16 px or more, one H1, the
//! publisher in the footer and the footer at the bottom; a FAQ link opens its question; the
//! `--relative` copy is styled when opened with `file://`. Skipped, saying so, without
//! chromium, unless `LOA_REQUIRE_BROWSER=1`.

mod common;
use common::browser::{chromium, dump_dom, serve_dir};
use std::path::Path;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Loads each page in turn in a same-origin frame of the given widths and writes one line of
/// measures per page and width into `<pre id="out">`.
const PROBE: &str = r##"<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>probe</title></head>
<body style="margin:0"><pre id="out"></pre><iframe id="f" style="border:0;display:block" height="800"></iframe>
<script>
var pages = PAGES, widths = [390, 1366], jobs = [];
pages.forEach(function (p) { widths.forEach(function (w) { jobs.push([p, w]); }); });
var out = document.getElementById("out"), frame = document.getElementById("f"), lines = [];
function measure(p, w) {
  var win = frame.contentWindow, d = win.document, root = d.documentElement;
  var min = 1e9, where = "";
  var walk = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    var n = walk.currentNode, el = n.parentElement;
    if (!n.textContent.trim() || !el || el.closest("svg, script, style, noscript")) continue;
    if (!el.getClientRects().length || win.getComputedStyle(el).visibility === "hidden") continue;
    var fs = parseFloat(win.getComputedStyle(el).fontSize);
    if (fs < min) { min = fs; where = el.tagName + ": " + n.textContent.trim().slice(0, 30); }
  }
  var foot = d.querySelector(".site-footer");
  var gap = foot ? Math.round(Math.max(root.scrollHeight, root.clientHeight) - (foot.getBoundingClientRect().bottom + win.scrollY)) : 0;
  var opened = "";
  if (p.indexOf("#") > 0) { var t = d.getElementById(decodeURIComponent(p.split("#")[1])); opened = t && t.open ? "open" : "closed"; }
  lines.push(JSON.stringify({ page: p, width: w, overflow: root.scrollWidth - root.clientWidth,
    h1: d.querySelectorAll("h1").length, font: min, where: where,
    footer: foot ? foot.textContent.replace(/\s+/g, " ") : null, gap: gap, opened: opened }));
}
function next() {
  if (!jobs.length) { out.textContent = lines.join("\n"); document.title = "done"; return; }
  var j = jobs.shift();
  frame.style.width = j[1] + "px";
  frame.onload = function () { setTimeout(function () { measure(j[0], j[1]); next(); }, 30); };
  // A query of its own per load, so that the same page at another width loads again.
  var parts = j[0].split("#");
  frame.src = parts[0] + "?w=" + j[1] + (parts[1] ? "#" + parts[1] : "");
}
next();
</script></body></html>"##;

/// A measure as the probe wrote it: `"key":value` read from one JSON line.
fn field<'a>(line: &'a str, key: &str) -> &'a str {
    let start = line.find(&format!("\"{key}\":")).unwrap() + key.len() + 3;
    let rest = &line[start..];
    let end = if let Some(text) = rest.strip_prefix('"') {
        text.find('"').unwrap() + 2
    } else {
        rest.find([',', '}']).unwrap()
    };
    rest[..end].trim_matches('"')
}

#[test]
fn every_page_fits_a_phone_and_shows_who_runs_the_site() {
    let Some(browser) = chromium("every_page_fits_a_phone_and_shows_who_runs_the_site") else {
        return;
    };
    let (_tmp, out) = common::build(repo(), &[]);

    // Every HTML page, except redirects (they leave at once) and embed lists (made to sit in
    // another site's frame, with no layout of their own).
    let mut pages: Vec<String> = common::tree(&out)
        .into_iter()
        .filter(|(p, b)| {
            p.extension().is_some_and(|e| e == "html")
                && !String::from_utf8_lossy(b).contains("http-equiv=\"refresh\"")
        })
        .map(|(p, _)| format!("/{}", p.to_str().unwrap().replace('\\', "/")))
        .collect();
    pages.push("/hoi-dap/index.html#ma-otp".into());
    assert!(pages.len() > 200, "{} pages", pages.len());
    let list = format!(
        "[{}]",
        pages
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(",")
    );
    std::fs::write(out.join("__probe.html"), PROBE.replace("PAGES", &list)).unwrap();
    let server = serve_dir(out.clone());
    let dom = dump_dom(&browser, &format!("{}/__probe.html", server.origin), 1400);
    let body = dom
        .split("<pre id=\"out\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or("");
    let lines: Vec<&str> = body.lines().filter(|l| l.starts_with('{')).collect();
    assert_eq!(
        lines.len(),
        pages.len() * 2,
        "measured {} of {}: {dom:.2000}",
        lines.len(),
        pages.len() * 2
    );

    let mut problems = Vec::new();
    for l in &lines {
        let (page, width) = (field(l, "page"), field(l, "width"));
        let at = format!("{page} at {width} px");
        if field(l, "overflow") != "0" {
            problems.push(format!(
                "{at}: {} px wider than the screen",
                field(l, "overflow")
            ));
        }
        let font: f64 = field(l, "font").parse().unwrap();
        if font < 16.0 {
            problems.push(format!(
                "{at}: text of {font} px ({})",
                field(l, "where").replace("&amp;", "&")
            ));
        }
        if page.starts_with("/nhung/") && page != "/nhung/index.html" {
            continue;
        }
        if field(l, "h1") != "1" {
            problems.push(format!("{at}: {} h1", field(l, "h1")));
        }
        if !field(l, "footer").contains("Cơ quan chủ quản: Sở Khoa học và Công nghệ tỉnh Lai Châu")
        {
            problems.push(format!("{at}: no publisher in the footer"));
        }
        // Sub-pixel layouts round to one pixel either way.
        if field(l, "gap").parse::<i64>().unwrap().abs() > 1 {
            problems.push(format!("{at}: {} px under the footer", field(l, "gap")));
        }
        if page.contains('#') && field(l, "opened") != "open" {
            problems.push(format!("{at}: the question is {}", field(l, "opened")));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn a_relative_copy_is_styled_from_file_urls() {
    let Some(browser) = chromium("a_relative_copy_is_styled_from_file_urls") else {
        return;
    };
    let (_tmp, out) = common::build(repo(), &["--relative"]);
    // A page that reports whether the style sheet reached it: the header's colour comes from it.
    let page = out.join("tin-tuc/index.html");
    let html = std::fs::read_to_string(&page).unwrap().replace(
        "</body>",
        "<script>document.body.setAttribute('data-header', getComputedStyle(document.querySelector('.site-header')).backgroundColor);</script></body>",
    );
    std::fs::write(&page, html).unwrap();
    let dom = dump_dom(&browser, &format!("file://{}", page.display()), 390);
    assert!(
        dom.contains("data-header=\"rgb(11, 83, 148)\""),
        "{dom:.3000}"
    );
}
