//! The search page in headless Debian chromium: each hand-worked case of `common::search` is
//! typed key by key into the real page, and `#ket-qua` must list what `loa search` lists,
//! with the matched words marked and the count announced; the header's box leads there; and
//! all of it again with the site under a folder. Skipped, saying so, without chromium, unless
//! `LOA_REQUIRE_BROWSER=1`.

mod common;
use common::browser::{chromium, dump_dom, serve_dir};
use common::search::{slug, CASES};
use std::path::Path;

fn fixture() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/search"
    ))
}

/// Types each case into the search page in a same-origin frame, waits for its results, and
/// writes one JSON line per case into `<pre id="out">`; then submits the header's box of
/// another page.
const PROBE: &str = r##"<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>probe</title></head>
<body><pre id="out"></pre><iframe id="f" width="400" height="800"></iframe>
<script>
var cases = CASES, root = ROOT, out = document.getElementById("out"), frame = document.getElementById("f"), lines = [];
function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
async function settled(d, q) {
  var want = "«" + q.trim() + "»";
  for (var i = 0; i < 400; i++) {
    var status = d.getElementById("tim-trang-thai").textContent;
    var items = d.querySelectorAll("#ket-qua > li").length;
    var m = /Tìm thấy (\d+) kết quả/.exec(status);
    if (status.indexOf(want) >= 0 && (!m || items === Math.min(Number(m[1]), 10))) return;
    await sleep(10);
  }
}
// Each case typed key by key, then pasted at once (a first answer from the lists' heads,
// then the whole one).
async function run(d) {
  var input = d.getElementById("tim-q");
  for (var paste of [false, true]) for (var c of cases) {
    for (var name of ["muc", "don-vi", "nam"]) {
      var s = d.getElementById("tim-" + name);
      s.value = c.filters[name] || "";
      s.dispatchEvent(new Event("change"));
    }
    input.value = "";
    input.dispatchEvent(new Event("input"));
    var keys = paste ? [c.q] : Array.from(c.q).map(function (_, i) { return Array.from(c.q).slice(0, i + 1).join(""); });
    for (var k of keys) {
      input.value = k;
      input.dispatchEvent(new InputEvent("input", { inputType: paste ? "insertFromPaste" : "insertText" }));
      await sleep(15);
    }
    await settled(d, c.q);
    await sleep(500); // the address and the excerpts follow once typing pauses
    var items = Array.from(d.querySelectorAll("#ket-qua > li"));
    lines.push(JSON.stringify({
      q: c.q,
      pasted: paste,
      urls: items.map(function (li) { return li.querySelector("a").pathname; }),
      status: d.getElementById("tim-trang-thai").textContent,
      marks: items.length ? Array.from(items[0].querySelectorAll("a mark")).map(function (m) { return m.textContent; }) : [],
      excerpts: items.filter(function (li) { return li.querySelector(".result-excerpt mark"); }).length,
      address: frame.contentWindow.location.search
    }));
  }
}
// First the box in another page's header, a plain form to the search page; then the cases
// on the page it leads to.
frame.onload = async function () {
  var d = frame.contentDocument;
  if (frame.contentWindow.location.pathname.indexOf("tim-kiem") < 0) {
    d.getElementById("o-tim").value = "cach cai vneid";
    d.querySelector("form.site-search").submit();
    return;
  }
  frame.onload = null;
  await settled(d, "cach cai vneid");
  lines.push(JSON.stringify({ box: Array.from(d.querySelectorAll("#ket-qua > li > a")).map(function (a) { return a.pathname; }), value: d.getElementById("tim-q").value }));
  await run(d);
  out.textContent = lines.join("\n");
};
frame.src = root + "tin-tuc/";
</script></body></html>"##;

/// The value of `"key":"…"` or `"key":[…]` in one JSON line of the probe.
fn line_json(line: &str) -> serde_json::Value {
    serde_json::from_str(
        &line
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
    .unwrap()
}

/// Runs the probe on the fixture built with `args`, served with its files under `folder`.
fn probe(name: &str, folder: &str, args: &[&str]) {
    let Some(browser) = chromium(name) else {
        return;
    };
    let served = tempfile::tempdir().unwrap();
    let out = served.path().join(folder.trim_matches('/'));
    std::fs::create_dir_all(&out).unwrap();
    let mut all = vec!["build", "--out", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let o = common::loa(fixture(), &all);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let cases: Vec<String> = CASES
        .iter()
        .map(|c| {
            let filters: Vec<String> = c
                .filters
                .iter()
                .map(|(k, v)| format!("\"{k}\":\"{v}\""))
                .collect();
            format!(
                "{{\"q\":{},\"filters\":{{{}}}}}",
                serde_json::json!(c.query),
                filters.join(",")
            )
        })
        .collect();
    let page = PROBE
        .replace("CASES", &format!("[{}]", cases.join(",")))
        .replace("ROOT", &format!("\"{folder}\""));
    std::fs::write(out.join("__probe.html"), page).unwrap();
    let server = serve_dir(served.path().to_path_buf());
    let dom = dump_dom(
        &browser,
        &format!("{}{folder}__probe.html", server.origin),
        800,
    );
    let body = dom
        .split("<pre id=\"out\">")
        .nth(1)
        .and_then(|r| r.split("</pre>").next())
        .unwrap_or("");
    let lines: Vec<serde_json::Value> = body
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(line_json)
        .collect();
    assert_eq!(lines.len(), 2 * CASES.len() + 1, "{dom:.3000}");
    let mut wrong = Vec::new();
    let box_ = &lines[0];
    assert_eq!(box_["value"], "cach cai vneid");
    assert_eq!(
        box_["box"],
        serde_json::json!([format!("{folder}hoi-dap/cai-vneid/")])
    );
    for (c, got) in CASES.iter().chain(CASES).zip(&lines[1..]) {
        let how = if got["pasted"] == true {
            "pasted"
        } else {
            "typed"
        };
        let urls: Vec<&str> = got["urls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap())
            .collect();
        let slugs: Vec<&str> = urls.iter().map(|u| slug(u)).collect();
        let status = got["status"].as_str().unwrap();
        if slugs != c.results {
            wrong.push(format!(
                "{} ({how}): got {slugs:?}, want {:?}",
                c.query, c.results
            ));
        }
        // Once typing pauses, every result shows an excerpt with the words marked.
        if got["excerpts"] != urls.len() {
            wrong.push(format!(
                "{} ({how}): {} excerpts with marks for {} results",
                c.query,
                got["excerpts"],
                urls.len()
            ));
        }
        if let Some(u) = urls.iter().find(|u| !u.starts_with(folder)) {
            wrong.push(format!("{}: {u} is outside {folder}", c.query));
        }
        let count = format!("Tìm thấy {} kết quả cho «{}».", c.results.len(), c.query);
        if !c.results.is_empty() && !status.contains(&count) {
            wrong.push(format!("{}: status {status:?}", c.query));
        }
        if c.results.is_empty()
            && !status.contains(&format!("Không tìm thấy kết quả nào cho «{}».", c.query))
        {
            wrong.push(format!("{}: status {status:?}", c.query));
        }
        for m in c.missing.iter().filter(|_| !c.results.is_empty()) {
            if !status.contains(&format!("Không trang nào có «{m}»")) {
                wrong.push(format!("{}: does not name {m}: {status:?}", c.query));
            }
        }
        if c.partial && !status.contains("Không trang nào có đủ mọi từ") {
            wrong.push(format!("{}: not said to be partial: {status:?}", c.query));
        }
        // The address keeps the query and the filters.
        let address = got["address"].as_str().unwrap();
        for (k, v) in c.filters {
            if !address.contains(&format!("{k}={v}")) {
                wrong.push(format!("{}: address {address} lacks {k}={v}", c.query));
            }
        }
    }
    // Matched words are marked in the title, as written there.
    let marks =
        |q: &str| lines[1 + CASES.iter().position(|c| c.query == q).unwrap()]["marks"].clone();
    assert_eq!(marks("duong"), serde_json::json!(["Dương"]));
    assert_eq!(marks("chuyen d"), serde_json::json!(["chuyển", "đổi"]));
    assert_eq!(marks("hòa bình"), serde_json::json!(["Hoà", "Bình"]));
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn typed_queries_find_what_loa_search_finds() {
    probe("typed_queries_find_what_loa_search_finds", "/", &[]);
}

#[test]
fn the_search_works_under_a_folder() {
    probe(
        "the_search_works_under_a_folder",
        "/cds/",
        &["--base-url", "https://timkiem.vidu.vn/cds/"],
    );
}
