//! The embed script in a real browser: Debian's chromium, headless, loading a host page from
//! another origin on loopback. Skipped (and saying so) when chromium is missing, unless
//! `LOA_REQUIRE_BROWSER=1`, which `.ci/run` sets.

mod common;
use common::browser::{chromium, dump_dom, serve_dir};
use common::{loa, stderr};
use std::path::Path;

/// The part of `dom` between two markers.
fn between<'a>(dom: &'a str, from: &str, to: &str) -> &'a str {
    let start = dom
        .find(from)
        .unwrap_or_else(|| panic!("no {from} in {dom}"))
        + from.len();
    let end = start + dom[start..].find(to).unwrap_or(dom.len() - start);
    &dom[start..end]
}

#[test]
fn embed_script_renders_on_another_origin() {
    let Some(browser) = chromium("embed_script_renders_on_another_origin") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let o = loa(&root, &["build", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let site = serve_dir(out).origin;
    let host_dir = tmp.path().join("host");
    std::fs::create_dir_all(&host_dir).unwrap();
    let host_page = format!(
        r#"<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin huyện</title>
<script>window.__before = Object.getOwnPropertyNames(window); window.alert = function () {{ document.title = "ALERT"; }};</script>
</head><body>
<div id="a"><script src="{site}/nhung/tin-tuc.js" data-limit="2" async></script></div>
<div id="b"><script src="{site}/nhung/tin-tuc.js" data-summary="1" async></script></div>
<div id="c"><script src="{site}/nhung/don-vi/bao-lai-chau.js" async></script></div>
<div id="end"></div>
<script>
window.addEventListener("load", function () {{
  var extra = Object.getOwnPropertyNames(window).filter(function (k) {{ return window.__before.indexOf(k) < 0 && k !== "__before"; }});
  document.getElementById("end").setAttribute("data-new-globals", extra.join(","));
}});
</script>
</body></html>"#
    );
    std::fs::write(host_dir.join("host.html"), host_page).unwrap();
    let host = serve_dir(host_dir).origin;
    assert_ne!(site, host, "two origins");

    let dom = dump_dom(&browser, &format!("{host}/host.html"), 1024);
    let a = between(&dom, "<div id=\"a\">", "<div id=\"b\">");
    let b = between(&dom, "<div id=\"b\">", "<div id=\"c\">");
    let c = between(&dom, "<div id=\"c\">", "<div id=\"end\"");

    // Each list stands right after its own tag, with the number of items it asked for.
    for part in [a, b, c] {
        assert!(
            part.contains("async=\"\" data-loa-xong=\"\"></script><div class=\"loa-nhung\""),
            "{part}"
        );
        assert_eq!(part.matches("class=\"loa-nhung\"").count(), 1, "{part}");
    }
    assert_eq!(a.matches("<li class=\"loa-nhung__muc\">").count(), 2, "{a}");
    assert_eq!(b.matches("<li class=\"loa-nhung__muc\">").count(), 3, "{b}");
    assert_eq!(c.matches("<li class=\"loa-nhung__muc\">").count(), 2, "{c}");
    // Summaries only where asked.
    assert!(!a.contains("loa-nhung__tt"));
    assert_eq!(b.matches("class=\"loa-nhung__tt\"").count(), 3, "{b}");

    // Items: title linking to the post, date, unit.
    assert!(
        a.contains("href=\"https://vidu.laichau.gov.vn/tin-tuc/ba/\""),
        "{a}"
    );
    assert!(a.contains("<time datetime=\"2024-03-01\">01/03/2024</time> · Phòng Văn hóa và Thông tin huyện Tam Đường"), "{a}");
    assert!(c.contains("Bài bốn, cũ nhưng vừa cập nhật"), "{c}");
    assert!(
        c.contains("Báo Lai Châu &amp; &lt;Đài&gt; \"PT-TH\""),
        "{c}"
    );

    // The hostile title is text, not markup, and ran nothing.
    assert!(
        a.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "{a}"
    );
    assert!(!dom.contains("<img src=\"x\""), "{dom}");
    assert!(
        dom.contains("<title>Cổng thông tin huyện</title>"),
        "alert ran: {dom}"
    );
    assert!(
        b.contains("Tóm tắt có &lt;script&gt;alert('x')&lt;/script&gt; và 😀"),
        "{b}"
    );

    // No global names left behind, and the style sheet added once.
    assert!(
        dom.contains("<div id=\"end\" data-new-globals=\"\">"),
        "{dom}"
    );
    assert_eq!(dom.matches("id=\"loa-nhung-css\"").count(), 1);
}
