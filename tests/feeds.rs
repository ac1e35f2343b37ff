//! Feeds and embeds read back by independent parsers: feed-rs for RSS, Atom and JSON Feed,
//! the `rss` crate's own validation, and serde_json for the JSON Feed's required fields.

mod common;
use common::{stderr, Fixture};
use std::path::{Path, PathBuf};

const HOSTILE_BASE: &str = "https://vidu.laichau.gov.vn";
const SHIPPED_BASE: &str = "https://chuyendoiso.laichau.gov.vn";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn parse(path: &Path) -> feed_rs::model::Feed {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Item links of a parsed feed, in order.
fn links(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| e.links.first().map(|l| l.href.clone()).unwrap_or_default())
        .collect()
}

/// Every `rss.xml` below `dir`, relative.
fn rss_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "rss.xml")
        .map(|e| e.path().strip_prefix(dir).unwrap().to_path_buf())
        .collect();
    v.sort();
    v
}

#[test]
fn hostile_fixture_feeds_carry_exactly_the_expected_items() {
    let (_tmp, out) = common::build(&repo().join("tests/fixtures/hostile"), &[]);
    let url = |slug: &str| format!("{HOSTILE_BASE}/tin-tuc/{slug}/");
    let expected: &[(&str, &[&str])] = &[
        // `feeds.limit` is 3: `bon` (2022) and `quy-che` (2021) fall off the site's feed.
        ("", &["ba", "hai", "mot"]),
        ("tin-tuc/", &["ba", "hai", "mot"]),
        ("gioi-thieu/", &["quy-che"]),
        // A district's feed carries its commune station's posts.
        ("don-vi/vhtt-tam-duong/", &["ba", "mot"]),
        ("don-vi/ttcs-binh-lu/", &["mot"]),
        ("don-vi/bao-lai-chau/", &["hai", "bon"]),
        ("chu-de/chuyen-doi-so/", &["ba", "mot"]),
        ("chu-de/an-toan-thong-tin/", &["ba", "hai"]),
        ("the/de-an-06/", &["mot"]),
        ("the/script-alert-1-script/", &["mot"]),
    ];
    let mut seen = 0;
    for (dir, slugs) in expected {
        let want: Vec<String> = slugs
            .iter()
            .map(|s| {
                if *s == "quy-che" {
                    format!("{HOSTILE_BASE}/gioi-thieu/quy-che/")
                } else {
                    url(s)
                }
            })
            .collect();
        for file in ["rss.xml", "atom.xml", "feed.json"] {
            let feed = parse(&out.join(dir).join(file));
            assert_eq!(links(&feed), want, "{dir}{file}");
            let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
            assert_eq!(ids, want, "{dir}{file}: guids are the permalinks");
            assert_eq!(feed.language.as_deref(), Some("vi"), "{dir}{file}");
            seen += 1;
        }
    }
    // Every feed the build wrote is one of those above.
    assert_eq!(rss_files(&out).len(), expected.len());
    assert_eq!(seen, expected.len() * 3);
}

#[test]
fn hostile_fields_survive_every_format_as_text() {
    let (_tmp, out) = common::build(&repo().join("tests/fixtures/hostile"), &[]);
    let svg_len =
        std::fs::metadata(repo().join("tests/fixtures/hostile/content/tin-tuc/mot/anh.svg"))
            .unwrap()
            .len();
    for file in ["rss.xml", "atom.xml", "feed.json"] {
        let feed = parse(&out.join("tin-tuc").join(file));
        let e = &feed.entries;
        assert_eq!(e.len(), 3, "{file}");
        let title = |i: usize| e[i].title.as_ref().unwrap().content.clone();
        assert_eq!(title(0), "</script><img src=x onerror=alert(1)>", "{file}");
        assert_eq!(title(2), "Tin \"một\" & <hai> ]]> 😀", "{file}");
        // The control character written as "\x01" in YAML is gone; the long title is whole.
        assert!(title(1).ends_with("hết."), "{file}: {}", title(1));
        assert!(title(1).chars().count() > 600, "{file}");
        assert_eq!(
            feed.title.as_ref().unwrap().content,
            "Tin tức & <sự kiện> – Thử & <nguồn> \"tin\" 🇻🇳",
            "{file}"
        );

        // Dates keep the instant; 23:30 on 31/12 in +07:00 stays in 2023.
        let published: Vec<String> = e
            .iter()
            .map(|x| x.published.unwrap().to_rfc3339())
            .collect();
        assert_eq!(
            published,
            [
                "2024-03-01T03:00:00+00:00",
                "2023-12-31T16:30:00+00:00",
                "2023-01-01T01:00:00+00:00"
            ],
            "{file}"
        );

        // The unit is the author; topics, kind and tags are categories.
        let author = |i: usize| e[i].authors[0].name.clone();
        assert_eq!(
            author(2).as_deref(),
            Some("Đài truyền thanh xã Bình Lư 📻"),
            "{file}"
        );
        assert_eq!(
            author(1).as_deref(),
            Some("Báo Lai Châu & <Đài> \"PT-TH\""),
            "{file}"
        );

        // Full content with every URL absolute, including raw HTML, srcset and footnotes.
        let content = e[2].content.as_ref().unwrap().body.clone().unwrap();
        assert!(content.contains("]]&gt; trần"), "{file}: {content}");
        assert!(
            !content.contains('\u{1}') && !content.contains('\u{c}'),
            "{file}"
        );
        let urls = common::urls_in(&content);
        assert!(urls.len() >= 6, "{file}: {urls:?}");
        for u in &urls {
            assert!(u.starts_with(HOSTILE_BASE), "{file}: relative URL {u}");
        }
        assert!(
            urls.contains(&format!("{HOSTILE_BASE}/tin-tuc/hai/")),
            "{file}"
        );
        assert!(
            urls.contains(&format!("{HOSTILE_BASE}/tin-tuc/mot/anh.svg")),
            "{file}"
        );
        assert!(
            urls.contains(&format!("{HOSTILE_BASE}/tin-tuc/mot/#muc-duoi")),
            "{file}"
        );
    }

    // Categories, enclosure and source, read by the rss crate.
    let rss =
        rss::Channel::read_from(&std::fs::read(out.join("tin-tuc/rss.xml")).unwrap()[..]).unwrap();
    let mot = &rss.items()[2];
    let cats: Vec<&str> = mot.categories().iter().map(|c| c.name()).collect();
    assert_eq!(
        cats,
        [
            "Chuyển đổi số",
            "Tin",
            "<script>alert(1)</script>",
            "Đề án 06"
        ]
    );
    let enc = mot.enclosure().expect("enclosure");
    assert_eq!(enc.url(), format!("{HOSTILE_BASE}/tin-tuc/mot/anh.svg"));
    assert_eq!(enc.length(), svg_len.to_string());
    assert_eq!(enc.mime_type(), "image/svg+xml");
    let dc = mot.dublin_core_ext().expect("dc namespace");
    assert_eq!(dc.creators(), ["Đài truyền thanh xã Bình Lư 📻"]);
    assert_eq!(dc.sources(), ["https://baolaichau.vn/bai?id=1&x=2"]);
    assert_eq!(
        mot.description(),
        Some("Đoạn đầu có ]]> và ]]> trần, dấu & và <không phải thẻ>, “nháy kép”, ‘nháy đơn’, emoji 🎉.")
    );
    assert_eq!(
        rss.last_build_date(),
        Some("Fri, 1 Mar 2024 10:00:00 +0700")
    );
    let self_link = rss.atom_ext().unwrap().links()[0].href().to_string();
    assert_eq!(self_link, format!("{HOSTILE_BASE}/tin-tuc/rss.xml"));

    // Atom: the source as rel="via", the image as rel="enclosure" with its length.
    let atom = std::fs::read_to_string(out.join("tin-tuc/atom.xml")).unwrap();
    assert!(atom.contains("<link rel=\"via\" href=\"https://baolaichau.vn/bai?id=1&amp;x=2\"/>"));
    assert!(atom.contains(&format!(
        "<link rel=\"enclosure\" type=\"image/svg+xml\" href=\"{HOSTILE_BASE}/tin-tuc/mot/anh.svg\" length=\"{svg_len}\"/>"
    )));

    // JSON Feed: image, external_url, attachment size.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("tin-tuc/feed.json")).unwrap())
            .unwrap();
    let item = &json["items"][2];
    assert_eq!(item["image"], format!("{HOSTILE_BASE}/tin-tuc/mot/anh.svg"));
    assert_eq!(item["external_url"], "https://baolaichau.vn/bai?id=1&x=2");
    assert_eq!(item["attachments"][0]["size_in_bytes"], svg_len);
}

#[test]
fn feed_date_is_the_newest_item_change_not_the_clock() {
    let (_tmp, out) = common::build(&repo().join("tests/fixtures/hostile"), &[]);
    // `bon` is dated 2022 but updated 2024-06-01 09:00: the unit's feed changed then.
    let atom = parse(&out.join("don-vi/bao-lai-chau/atom.xml"));
    assert_eq!(
        atom.updated.unwrap().to_rfc3339(),
        "2024-06-01T02:00:00+00:00"
    );
    assert_eq!(
        atom.entries[1].updated.unwrap().to_rfc3339(),
        "2024-06-01T02:00:00+00:00"
    );
    let rss = parse(&out.join("rss.xml"));
    assert_eq!(
        rss.updated.unwrap().to_rfc3339(),
        "2024-03-01T03:00:00+00:00"
    );
    // And a second build gives the same bytes.
    let (_tmp2, again) = common::build(&repo().join("tests/fixtures/hostile"), &[]);
    assert_eq!(common::tree(&out), common::tree(&again));
}

/// The `rss` crate's validation and the JSON Feed's required fields, on every feed of a build.
fn validate_all(out: &Path, base: &str) -> usize {
    let files = rss_files(out);
    for rel in &files {
        let dir = rel.parent().unwrap();
        let bytes = std::fs::read(out.join(rel)).unwrap();
        let channel =
            rss::Channel::read_from(&bytes[..]).unwrap_or_else(|e| panic!("{rel:?}: {e}"));
        use rss::validation::Validate;
        channel
            .validate()
            .unwrap_or_else(|e| panic!("{rel:?}: {e}"));
        assert!(channel.items().len() <= 50);

        let json_path = out.join(dir).join("feed.json");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
        assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
        assert!(json["title"].as_str().is_some_and(|t| !t.is_empty()));
        let dir_url = format!("{base}/{}", dir.to_str().unwrap().replace('\\', "/"));
        let dir_url = if dir_url.ends_with('/') {
            dir_url
        } else {
            format!("{dir_url}/")
        };
        assert_eq!(json["home_page_url"], dir_url);
        assert_eq!(json["feed_url"], format!("{dir_url}feed.json"));
        for item in json["items"].as_array().unwrap() {
            assert!(item["id"].as_str().is_some_and(|s| !s.is_empty()));
            assert!(item["url"].as_str().unwrap().starts_with(base));
            assert!(item["content_html"].is_string());
            // Evergreen pages carry only when they were updated, never a made-up publication.
            let modified = item["date_modified"].as_str().unwrap();
            assert!(modified.ends_with("+07:00"), "{modified}");
            if let Some(date) = item["date_published"].as_str() {
                assert!(date.ends_with("+07:00") && *date <= *modified, "{date}");
            }
        }

        // RFC 4287's required elements, which no installed validator checks: the feed's id,
        // title, updated, author and self link; each entry's id, title, updated and link.
        let atom = std::fs::read_to_string(out.join(dir).join("atom.xml")).unwrap();
        let mut parts = atom.split("<entry>");
        let head = parts.next().unwrap();
        for required in [
            "<id>",
            "<title>",
            "<updated>",
            "<author><name>",
            "<link rel=\"self\"",
        ] {
            assert_eq!(head.matches(required).count(), 1, "{rel:?}: {required}");
        }
        for entry in parts {
            for required in [
                "<id>",
                "<title type=\"text\">",
                "<updated>",
                "<link rel=\"alternate\"",
                "<content type=\"html\">",
            ] {
                assert_eq!(entry.matches(required).count(), 1, "{rel:?}: {required}");
            }
        }
        // RSS: a channel description and a guid on every item.
        assert!(!channel.description().trim().is_empty(), "{rel:?}");
        assert!(
            channel.items().iter().all(|i| i.guid().is_some()),
            "{rel:?}"
        );

        // The three formats list the same items in the same order.
        let a = links(&parse(&out.join(rel)));
        assert_eq!(a, links(&parse(&out.join(dir).join("atom.xml"))), "{rel:?}");
        assert_eq!(a, links(&parse(&json_path)), "{rel:?}");
    }
    files.len()
}

#[test]
fn every_feed_of_the_shipped_site_validates_and_matches_its_pages() {
    let (_tmp, out) = common::build(repo(), &[]);
    let n = validate_all(&out, SHIPPED_BASE);
    // Site, 3 sections, 61 units, 3 topics, and tags: one feed each.
    assert!(n > 68, "{n} feeds");

    // The site-wide stream is the news, all of it, newest first: no 17 points, no FAQ.
    let news = std::fs::read_dir(repo().join("content/tin-tuc"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "_index.md")
        .count();
    for file in ["rss.xml", "atom.xml", "feed.json"] {
        let site = parse(&out.join(file));
        assert_eq!(site.entries.len(), news, "{file}");
        for e in &site.entries {
            let link = &e.links[0].href;
            assert!(
                link.starts_with(&format!("{SHIPPED_BASE}/tin-tuc/")),
                "{file}: {link}"
            );
        }
        let dates: Vec<_> = site.entries.iter().map(|e| e.published.unwrap()).collect();
        assert!(
            dates.windows(2).all(|w| w[0] > w[1]),
            "{file}: newest first, no two alike"
        );
    }
    let site = parse(&out.join("rss.xml"));
    // Each item is a built page whose heading is the item's title.
    for e in &site.entries {
        let link = &e.links[0].href;
        let path = link.strip_prefix(SHIPPED_BASE).expect("absolute link");
        let html = std::fs::read_to_string(out.join(&path[1..]).join("index.html")).unwrap();
        let title = e
            .title
            .as_ref()
            .unwrap()
            .content
            .replace('&', "&amp;")
            .replace('"', "&quot;");
        let h1 = html
            .split("<h1")
            .nth(1)
            .and_then(|h| h.split("</h1>").next())
            .unwrap();
        assert!(h1.ends_with(&title), "{link}: {h1}");
    }

    // A district office's feed includes its commune station's posts.
    let district = links(&parse(&out.join("don-vi/phong-vhtt-tam-duong/rss.xml")));
    assert!(
        district.contains(&format!(
            "{SHIPPED_BASE}/tin-tuc/binh-lu-huong-ung-ngay-chuyen-doi-so/"
        )),
        "{district:?}"
    );
    // The 17 points and the FAQ keep feeds of their own, so agencies can mirror them: with
    // when each was last updated, and no publication date made up for them.
    for (feed, n) in [("17-diem-khac-nhau/atom.xml", 11), ("hoi-dap/atom.xml", 13)] {
        let f = parse(&out.join(feed));
        assert_eq!(f.entries.len(), n, "{feed}");
        assert!(f.entries.iter().all(|e| e.published.is_none()), "{feed}");
        // A series, in its own order; no two entries updated at the same moment.
        let mut updated: Vec<_> = f.entries.iter().map(|e| e.updated.unwrap()).collect();
        updated.sort();
        updated.dedup();
        assert_eq!(updated.len(), n, "{feed}");
    }
    let points = parse(&out.join("17-diem-khac-nhau/rss.xml"));
    let first: Vec<String> = points.entries[..3]
        .iter()
        .map(|e| e.title.as_ref().unwrap().content.clone())
        .collect();
    assert_eq!(
        first,
        [
            "Từ chính quyền sang người dân làm trung tâm",
            "Từ chi phí sang lợi ích và giá trị",
            "Từ phần mềm riêng lẻ sang nền tảng số dùng chung"
        ]
    );
    // RSS's date is a publication's: the update goes as Dublin Core's date.
    let rss = std::fs::read_to_string(out.join("17-diem-khac-nhau/rss.xml")).unwrap();
    assert!(!rss.contains("<pubDate>"), "{rss}");
    assert_eq!(rss.matches("<dc:date>2026-12-02T").count(), 11, "{rss}");
    assert!(points.entries.iter().all(|e| e.updated.is_some()));
    // Their pages say when they were updated, not a date of publication.
    let point = std::fs::read_to_string(
        out.join("17-diem-khac-nhau/tu-chinh-quyen-sang-nguoi-dan/index.html"),
    )
    .unwrap();
    assert!(
        point.contains("Cập nhật <time datetime=\"2026-12-02"),
        "{point}"
    );
    assert!(!point.contains("Thứ "), "no weekday of a made-up date");
}

#[test]
fn hostile_fixture_validates() {
    let (_tmp, out) = common::build(&repo().join("tests/fixtures/hostile"), &[]);
    assert_eq!(validate_all(&out, HOSTILE_BASE), 10);
}

#[test]
fn pages_link_the_feeds_that_concern_them() {
    let (_tmp, out) = common::build(&repo().join("tests/fixtures/hostile"), &[]);
    let alternates = |rel: &str| -> Vec<String> {
        let html = std::fs::read_to_string(out.join(rel)).unwrap();
        html.lines()
            .filter(|l| l.starts_with("<link rel=\"alternate\""))
            .map(|l| {
                l.split("href=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let site = ["/rss.xml", "/atom.xml", "/feed.json"];
    let with = |p: &str| -> Vec<String> {
        site.iter()
            .map(|s| s.to_string())
            .chain(site.iter().map(|s| format!("{p}{}", &s[1..])))
            .collect()
    };
    assert_eq!(alternates("index.html"), site);
    assert_eq!(alternates("tin-tuc/mot/index.html"), site);
    assert_eq!(alternates("tin-tuc/index.html"), with("/tin-tuc/"));
    assert_eq!(
        alternates("don-vi/vhtt-tam-duong/index.html"),
        with("/don-vi/vhtt-tam-duong/")
    );
    assert_eq!(
        alternates("chu-de/chuyen-doi-so/index.html"),
        with("/chu-de/chuyen-doi-so/")
    );
    assert_eq!(
        alternates("the/de-an-06/index.html"),
        with("/the/de-an-06/")
    );
    // Each linked feed exists.
    for f in with("/don-vi/vhtt-tam-duong/") {
        assert!(out.join(&f[1..]).is_file(), "{f}");
    }
}

#[test]
fn embeds_exist_for_every_feed_and_escape_everything() {
    let (_tmp, out) = common::build(&repo().join("tests/fixtures/hostile"), &[]);
    let guide = std::fs::read_to_string(out.join("nhung/index.html")).unwrap();
    for id in [
        "tat-ca",
        "tin-tuc",
        "gioi-thieu",
        "don-vi/vhtt-tam-duong",
        "don-vi/ttcs-binh-lu",
        "don-vi/bao-lai-chau",
        "chu-de/chuyen-doi-so",
        "chu-de/an-toan-thong-tin",
        "the/de-an-06",
        "the/script-alert-1-script",
    ] {
        let js = std::fs::read_to_string(out.join(format!("nhung/{id}.js"))).unwrap();
        assert!(js.starts_with("(function () {"), "{id}");
        assert!(
            !js.contains("</script"),
            "{id}: `<` must be escaped in the data"
        );
        assert!(out.join(format!("nhung/{id}.html")).is_file(), "{id}");
        assert!(
            guide.contains(&format!("&lt;script src=\"{HOSTILE_BASE}/nhung/{id}.js\" data-limit=\"5\" async&gt;&lt;/script&gt;")),
            "{id}: snippet on the guide"
        );
    }
    // The iframe page shows the hostile title as text.
    let page = std::fs::read_to_string(out.join("nhung/tin-tuc.html")).unwrap();
    assert!(page.contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!page.contains("<img src=x"));
    // The data embedded in the script round-trips to the same strings.
    let js = std::fs::read_to_string(out.join("nhung/tin-tuc.js")).unwrap();
    let start = js.find("var feed = ").unwrap() + "var feed = ".len();
    let end = start + js[start..].find(";\n").unwrap();
    let data: serde_json::Value = serde_json::from_str(&js[start..end]).unwrap();
    assert_eq!(
        data["items"][0]["title"],
        "</script><img src=x onerror=alert(1)>"
    );
    assert_eq!(data["items"].as_array().unwrap().len(), 3);
}

#[test]
fn sections_cannot_take_the_embed_paths() {
    let site = Fixture::new(&[
        ("content/tat-ca/_index.md", b"---\ntitle: \"Tat ca\"\n---\n"),
        ("content/nhung.md", b"---\ntitle: \"Nhung\"\n---\n"),
    ]);
    let o = site.loa(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("content/tat-ca/_index.md:1:1: lỗi: địa chỉ /tat-ca/ dành cho mã nhúng của toàn trang (/nhung/tat-ca.js) do loa tạo ra\n  gợi ý: đổi tên thư mục hoặc tệp"),
        "{err}"
    );
    assert!(
        err.contains("content/nhung.md:2:9: lỗi: địa chỉ /nhung/ dành cho trang hướng dẫn nhúng tin do loa tạo ra"),
        "{err}"
    );
}

#[test]
fn the_site_wide_stream_holds_the_sections_that_join_it() {
    let post = |date: &str, title: &str| {
        format!("---\ntitle: \"{title}\"\ndate: {date}\nunit: bao-lai-chau\n---\nNội dung.\n")
    };
    let faq = |order: u8, updated: &str| {
        format!(
            "---\ntitle: \"Câu hỏi {order}\"\norder: {order}\nupdated: {updated}\n---\nTrả lời.\n"
        )
    };
    let files: Vec<(String, String)> = vec![
        (
            "content/tin-tuc/a.md".into(),
            post("2024-03-01 08:00", "Tin cũ"),
        ),
        (
            "content/tin-tuc/b.md".into(),
            post("2024-05-01 08:00", "Tin mới"),
        ),
        // A subsection of the news that says nothing joins the stream as its parent does.
        (
            "content/tin-tuc/2024/_index.md".into(),
            "---\ntitle: \"Năm 2024\"\n---\n".into(),
        ),
        (
            "content/tin-tuc/2024/d.md".into(),
            post("2024-04-01 08:00", "Tin giữa"),
        ),
        // A dated section that keeps out of the stream, and an evergreen one.
        (
            "content/thong-bao/_index.md".into(),
            "---\ntitle: \"Thông báo\"\ndated: true\nstream: false\n---\n".into(),
        ),
        (
            "content/thong-bao/c.md".into(),
            post("2024-06-01 08:00", "Thông báo"),
        ),
        (
            "content/hoi-dap/_index.md".into(),
            "---\ntitle: \"Hỏi đáp\"\nsort_by: order\n---\n".into(),
        ),
        ("content/hoi-dap/q1.md".into(), faq(1, "2024-07-01 09:00")),
        ("content/hoi-dap/q2.md".into(), faq(2, "2024-07-02 09:00")),
        (
            "content/hoi-dap/q3.md".into(),
            "---\ntitle: \"Chưa cập nhật\"\norder: 3\n---\nTrả lời.\n".into(),
        ),
    ];
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    let site = common::Fixture::new(&files);
    let o = site.loa(&["build"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let out = site.root().join("public");
    let base = "https://vidu.laichau.gov.vn";
    // The whole site's feeds, its embed and the home page carry the news only, newest first.
    for file in ["rss.xml", "atom.xml", "feed.json"] {
        assert_eq!(
            links(&parse(&out.join(file))),
            [
                format!("{base}/tin-tuc/b/"),
                format!("{base}/tin-tuc/2024/d/"),
                format!("{base}/tin-tuc/a/")
            ],
            "{file}"
        );
    }
    let embed = site.public("nhung/tat-ca.js");
    assert!(
        embed.contains("Tin mới") && !embed.contains("Thông báo") && !embed.contains("Câu hỏi")
    );
    let home = site.public("index.html");
    assert!(
        home.contains("Tin mới") && !home.contains("Câu hỏi 1"),
        "{home}"
    );
    // Sections keep their own feeds, in their own order; evergreen pages with their update,
    // without a publication.
    assert_eq!(
        links(&parse(&out.join("thong-bao/rss.xml"))),
        [format!("{base}/thong-bao/c/")]
    );
    let faq_feed = parse(&out.join("hoi-dap/atom.xml"));
    assert_eq!(
        links(&faq_feed),
        [format!("{base}/hoi-dap/q1/"), format!("{base}/hoi-dap/q2/")]
    );
    assert!(faq_feed.entries.iter().all(|e| e.published.is_none()));
    let json = site.public("hoi-dap/feed.json");
    assert!(
        !json.contains("date_published")
            && json.contains("\"date_modified\": \"2024-07-02T09:00:00+07:00\""),
        "{json}"
    );
    // Their pages say when they were updated, and nothing when they were not.
    assert!(site
        .public("hoi-dap/q1/index.html")
        .contains("Cập nhật <time datetime=\"2024-07-01T09:00:00+07:00\">01/07/2024</time>"));
    assert!(!site.public("hoi-dap/q3/index.html").contains("<time"));
}
