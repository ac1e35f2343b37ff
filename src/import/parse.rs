//! A feed's text as items: RSS 2.0, Atom or JSON Feed read by feed-rs, titles and summaries
//! as plain text, and the dates of NukeViet's feeds mended.

use chrono::{DateTime, Datelike, Timelike, Utc};

/// One item of a feed, before any rule is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The article's address, when the item has one.
    pub url: Option<String>,
    pub title: String,
    /// Plain text.
    pub summary: String,
    pub categories: Vec<String>,
    /// The feed's own id of the item; `None` when it has none (never one feed-rs made up).
    pub guid: Option<String>,
    pub date: Option<Moment>,
}

/// When an item was published, as far as the feed tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    At(DateTime<Utc>),
    /// The day is known and the hour, but not the minutes (NukeViet's `pubDate`).
    Hour(DateTime<Utc>),
}

/// What a feed gave: its items, and whether its dates had NukeViet's minutes fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub items: Vec<FeedItem>,
    pub month_in_minutes: bool,
}

/// Why a text is not a feed that can be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// An HTML page or anything else that is not a feed.
    NotAFeed(&'static str),
    /// A feed whose XML or JSON is broken.
    Malformed(String),
}

impl ParseError {
    /// The cause in Vietnamese, of a saved `file` or of what an address returned.
    pub fn vi(&self, file: bool) -> String {
        let source = if file {
            "tệp này là"
        } else {
            "địa chỉ này trả về"
        };
        match self {
            ParseError::NotAFeed(what) => {
                format!("{source} {what}, không phải nguồn tin RSS, Atom hay JSON Feed")
            }
            ParseError::Malformed(e) => format!("nguồn tin hỏng, không đọc được ({e})"),
        }
    }
}

/// Reads the feed of `text` (see `decode::text`); relative links are read against `base`,
/// the feed's own address.
pub fn parse(text: &str, base: Option<&str>) -> Result<Parsed, ParseError> {
    let head = text
        .trim_start()
        .get(..300)
        .unwrap_or(text.trim_start())
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Err(ParseError::NotAFeed("một trang web (HTML)"));
    }
    if head.is_empty() {
        return Err(ParseError::NotAFeed("một tệp rỗng"));
    }
    // A second XML declaration makes the XML reader under feed-rs panic (found by the `feeds`
    // fuzz target); it is broken XML all the same.
    if let Some(at) = late_declaration(text) {
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(ParseError::Malformed(format!(
            "khai báo <?xml …?> chỉ được đứng ở đầu tệp, ở dòng {line}, cột {column} của nguồn tin"
        )));
    }
    // Feeds are XML or JSON; feed-rs would read anything else as broken JSON.
    if !head.starts_with(['<', '{']) {
        return Err(ParseError::NotAFeed("một tài liệu khác"));
    }
    let parser = feed_rs::parser::Builder::new()
        // An empty id marks an item without one: feed-rs would make one from link and title,
        // which changes when a title is corrected.
        .id_generator(|_, _, _| String::new())
        .sanitize_content(false)
        .base_uri(base)
        .build();
    // The XML reader under feed-rs still panics on some broken documents (the `feeds` fuzz
    // target keeps finding XML declarations it misreads): that is a broken feed too.
    let parsed = quietly(|| parser.parse(text.as_bytes()))
        .ok_or_else(|| ParseError::Malformed(xml_fault(text)))?;
    let feed = parsed.map_err(|e| match e {
        feed_rs::parser::ParseFeedError::ParseError(
            feed_rs::parser::ParseErrorKind::NoFeedRoot,
        ) => ParseError::NotAFeed("một tài liệu khác"),
        feed_rs::parser::ParseFeedError::JsonSerde(e) if e.is_syntax() || e.is_eof() => {
            ParseError::Malformed(format!(
                "lỗi cú pháp JSON ở dòng {}, cột {}",
                e.line(),
                e.column()
            ))
        }
        _ if head.starts_with('{') => {
            ParseError::NotAFeed("một tài liệu JSON khác (không phải JSON Feed)")
        }
        _ => ParseError::Malformed(xml_fault(text)),
    })?;
    let mut items: Vec<FeedItem> = feed.entries.into_iter().map(item).collect();
    let dated: Vec<DateTime<Utc>> = items
        .iter()
        .filter_map(|i| match i.date {
            Some(Moment::At(d)) => Some(d),
            _ => None,
        })
        .collect();
    // NukeViet up to 4.5 writes `gmdate('D, j M Y H:m:s')`: `m` is the month. Two dated items
    // or more all with minutes equal to their month is that fault, not chance.
    let month_in_minutes = dated.len() >= 2 && dated.iter().all(|d| d.minute() == d.month());
    if month_in_minutes {
        for i in &mut items {
            if let Some(Moment::At(d)) = i.date {
                i.date = d
                    .with_minute(0)
                    .and_then(|d| d.with_second(0))
                    .map(Moment::Hour);
            }
        }
    }
    Ok(Parsed {
        items,
        month_in_minutes,
    })
}

thread_local! {
    /// Whether this thread runs a parser whose panics are a broken feed, not loa's fault.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// `f`'s value, or `None` when it panics, without the panic's English text on the terminal
/// (other panics keep the default report).
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                default(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.ok()
}

/// Where an XML declaration stands after the start of `text`, outside CDATA and comments.
fn late_declaration(text: &str) -> Option<usize> {
    let start = text.len() - text.trim_start().len();
    let mut at = 0;
    while let Some(i) = text[at..].find("<") {
        let i = at + i;
        let rest = &text[i..];
        if let Some(inner) = rest.strip_prefix("<![CDATA[") {
            at = i + 9 + inner.find("]]>").map_or(inner.len(), |e| e + 3);
        } else if let Some(inner) = rest.strip_prefix("<!--") {
            at = i + 4 + inner.find("-->").map_or(inner.len(), |e| e + 3);
        } else {
            let decl = rest
                .strip_prefix("<?xml")
                .is_some_and(|r| r.starts_with(|c: char| c.is_whitespace() || c == '?'));
            if decl && i != start {
                return Some(i);
            }
            at = i + 1;
        }
    }
    None
}

/// Where and how the XML of `text` is broken, in Vietnamese (the parsers' messages are
/// English): read again with quick-xml, which knows the position.
fn xml_fault(text: &str) -> String {
    use quick_xml::errors::{Error, IllFormedError};
    let mut reader = quick_xml::Reader::from_str(text);
    let err = loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return "lỗi cú pháp XML".into(),
            Ok(_) => {}
            Err(e) => break e,
        }
    };
    let at = (reader.error_position() as usize).min(text.len());
    let before = &text[..text.floor_char_boundary(at)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let what = match err {
        Error::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => {
            format!("thẻ đóng </{found}> không khớp thẻ mở <{expected}>")
        }
        Error::IllFormed(IllFormedError::UnmatchedEndTag(n)) => {
            format!("thẻ đóng </{n}> không có thẻ mở")
        }
        Error::IllFormed(IllFormedError::MissingEndTag(n)) => format!("thiếu thẻ đóng </{n}>"),
        _ => "sai cú pháp XML".into(),
    };
    format!("{what}, ở dòng {line}, cột {column} của nguồn tin")
}

fn item(e: feed_rs::model::Entry) -> FeedItem {
    let guid = Some(text_of(&e.id)).filter(|g| !g.is_empty());
    let url = e
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .map(|l| l.href.trim().to_string())
        .or_else(|| {
            guid.clone()
                .filter(|g| g.starts_with("http://") || g.starts_with("https://"))
        });
    let summary = e
        .summary
        .map(|s| s.content)
        .or_else(|| e.content.and_then(|c| c.body))
        .map(|s| shorten(&plain(&s), 500))
        .unwrap_or_default();
    FeedItem {
        url,
        // RSS titles are text: only one marked as HTML loses its tags.
        title: e
            .title
            .map(|t| match t.content_type.to_string().contains("html") {
                true => plain(&t.content),
                false => text_of(&t.content),
            })
            .unwrap_or_default(),
        summary,
        categories: e
            .categories
            .into_iter()
            .map(|c| plain(&c.label.unwrap_or(c.term)))
            .filter(|c| !c.is_empty())
            .collect(),
        guid,
        // A year a feed of ours could not write again is no date.
        date: e
            .published
            .or(e.updated)
            .filter(|d| (1..=9999).contains(&d.year()))
            .map(Moment::At),
    }
}

/// HTML (a thumbnail `<img>` and a paragraph, as NukeViet writes descriptions) as plain
/// text: tags, scripts and styles gone, entities decoded, white space collapsed.
pub fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        if !is_tag {
            out.push('<');
            rest = after;
            continue;
        }
        let lower = after.get(..7).unwrap_or(after).to_ascii_lowercase();
        let skip_to = ["script", "style"]
            .iter()
            .find(|t| lower.starts_with(*t))
            .map(|t| format!("</{t}"));
        let end = match skip_to {
            Some(close) => after
                .to_ascii_lowercase()
                .find(&close)
                .and_then(|i| after[i..].find('>').map(|j| i + j)),
            None => after.find('>'),
        };
        match end {
            Some(e) => {
                // Inline elements sit inside words and sentences; the others part them.
                let name: String = after
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase();
                if !INLINE.contains(&name.as_str()) {
                    out.push(' ');
                }
                rest = &after[e + 1..];
            }
            // No `>` after it: a `<` of the text, not a tag.
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    text_of(&out)
}

/// Text as a reader sees it: entities decoded (feeds escape them twice as often as not),
/// control and non-characters dropped (YAML refuses them), white space collapsed.
pub fn text_of(text: &str) -> String {
    let decoded = html_escape::decode_html_entities(text);
    let visible: String = decoded
        .chars()
        .map(|c| {
            let odd = c.is_control()
                || matches!(c as u32, 0xfdd0..=0xfdef)
                || (c as u32) & 0xfffe == 0xfffe;
            if odd {
                ' '
            } else {
                c
            }
        })
        .collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements inside a line of text, which leave no space where they were.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "em", "font", "i", "mark", "q", "s", "small", "span",
    "strong", "sub", "sup", "u",
];

/// At most `max` characters, cut at a space, with `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_plain(text: &str) -> Result<Parsed, ParseError> {
        parse(text, None)
    }

    #[test]
    fn nukeviet_descriptions_become_text() {
        let d = "<img src=\"/uploads/a.jpg\" width=\"100\" align=\"left\" alt=\"x\" border=\"0\">Sáng&nbsp;nay, xã <b>Bản Lang</b>\n ra mắt Tổ công nghệ số <script>x()</script>cộng đồng";
        assert_eq!(
            plain(d),
            "Sáng nay, xã Bản Lang ra mắt Tổ công nghệ số cộng đồng"
        );
        assert_eq!(plain("3 < 5 và 7 > 2"), "3 < 5 và 7 > 2");
        assert_eq!(plain("A<B tăng"), "A<B tăng");
        assert_eq!(
            text_of("<Video> Hướng dẫn\u{fffe}\u{85}"),
            "<Video> Hướng dẫn"
        );
        assert_eq!(
            plain("<p>Làm <b>từng bước</b>.</p><p>Tiếp\u{7}</p>"),
            "Làm từng bước. Tiếp"
        );
    }

    #[test]
    fn month_in_minutes_is_found_only_when_every_item_has_it() {
        let rss = |dates: &[&str]| {
            let items: String = dates.iter().enumerate().map(|(i, d)| format!("<item><title>T{i}</title><link>https://x.vn/{i}</link><pubDate>{d}</pubDate></item>")).collect();
            format!("<rss version=\"2.0\"><channel><title>X</title><link>https://x.vn</link><description>d</description>{items}</channel></rss>")
        };
        let p = parse_plain(&rss(&[
            "Fri, 14 Mar 2025 10:03:22 GMT",
            "Mon, 3 Nov 2025 08:11:05 GMT",
        ]))
        .unwrap();
        assert!(p.month_in_minutes);
        let at = |p: &Parsed, i: usize| match p.items[i].date {
            Some(Moment::Hour(d)) | Some(Moment::At(d)) => d.to_rfc3339(),
            None => String::new(),
        };
        assert_eq!(at(&p, 0), "2025-03-14T10:00:00+00:00");
        assert!(matches!(p.items[0].date, Some(Moment::Hour(_))));
        let q = parse_plain(&rss(&[
            "Fri, 14 Mar 2025 10:03:22 GMT",
            "Mon, 3 Nov 2025 08:12:05 GMT",
        ]))
        .unwrap();
        assert!(!q.month_in_minutes);
        assert!(matches!(q.items[0].date, Some(Moment::At(_))));
        let one = parse_plain(&rss(&["Fri, 14 Mar 2025 10:03:22 GMT"])).unwrap();
        assert!(!one.month_in_minutes);
    }

    #[test]
    fn items_without_guid_have_none() {
        let p = parse_plain("<rss version=\"2.0\"><channel><title>X</title><item><title>A</title><link>https://x.vn/a</link></item><item><title>B</title><guid isPermaLink=\"true\">https://x.vn/b</guid></item><item><guid>\n  <![CDATA[ news_12 ]]>\n</guid><title>C</title><link>https://x.vn/c</link></item></channel></rss>").unwrap();
        let got: Vec<_> = p
            .items
            .iter()
            .map(|i| (i.url.as_deref(), i.guid.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("https://x.vn/a"), None),
                (Some("https://x.vn/b"), Some("https://x.vn/b")),
                (Some("https://x.vn/c"), Some("news_12"))
            ]
        );
    }

    #[test]
    fn a_second_xml_declaration_is_broken_xml_not_a_panic() {
        // Reduced from what the `feeds` fuzz target found.
        let feed = "<rss version=\"2.0\">\n<channel><title>X</title>\n<item><link>http<?xml version=\"1.0\" encoding=\"windows-1258\"?></link></item></channel></rss>";
        assert_eq!(
            parse_plain(feed),
            Err(ParseError::Malformed(
                "khai báo <?xml …?> chỉ được đứng ở đầu tệp, ở dòng 3, cột 17 của nguồn tin".into()
            ))
        );
        // Inside CDATA it is text.
        let cdata = "<rss version=\"2.0\"><channel><title>X</title><item><title>A</title><link>https://x.vn/a</link><description><![CDATA[<?xml version=\"1.0\"?>]]></description></item></channel></rss>";
        assert_eq!(parse_plain(cdata).unwrap().items.len(), 1);
    }

    #[test]
    fn a_feed_the_xml_reader_panics_on_is_broken() {
        // Found by the `feeds` fuzz target in CI: a declaration after an unclosed comment.
        let feed = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>X</title><!-- <description>Tin<?xml version=\"1.0\" encoding=\"windows-1258\"?></description></channel></rss>";
        assert!(matches!(parse_plain(feed), Err(ParseError::Malformed(_))));
        // The fuzzer's input itself.
        let found = include_bytes!("../../tests/fixtures/import/broken/declaration-after.rss");
        let text = super::super::decode::text(found, None);
        assert!(parse(&text, Some("https://baothu.vn/rss")).is_err());
    }

    #[test]
    fn html_and_broken_xml_are_told_apart() {
        assert_eq!(
            parse_plain("<!DOCTYPE html><html><body>x</body></html>"),
            Err(ParseError::NotAFeed("một trang web (HTML)"))
        );
        assert_eq!(
            parse_plain("<rss version=\"2.0\">\n<channel><title>X</title>\n<item><title>A</item></channel></rss>"),
            Err(ParseError::Malformed("thẻ đóng </item> không khớp thẻ mở <title>, ở dòng 3, cột 15 của nguồn tin".into()))
        );
        assert_eq!(
            parse_plain("{\"ten\": \"không phải nguồn tin\"}"),
            Err(ParseError::NotAFeed(
                "một tài liệu JSON khác (không phải JSON Feed)"
            ))
        );
        assert_eq!(
            parse_plain("{\"version\": \"https://jsonfeed.org/version/1.1\",\n \"items\": [}"),
            Err(ParseError::Malformed(
                "lỗi cú pháp JSON ở dòng 2, cột 12".into()
            ))
        );
    }
}
