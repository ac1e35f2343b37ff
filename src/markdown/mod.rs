//! Markdown to HTML with pulldown-cmark: heading anchors, and every link collected for checking.

use crate::base::diagnostic::Pos;
use crate::base::slug::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;

/// A heading with its anchor id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image destination found in the Markdown, with where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// As written.
    pub original: String,
    /// After rewriting (`.md` targets to permalinks, relative paths made site-absolute).
    pub resolved: String,
    pub pos: Pos,
    /// `Some(alt)` for images.
    pub image_alt: Option<String>,
}

/// The HTML of a Markdown body and what was found in it.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Plain text of the first paragraph, the default summary.
    pub first_paragraph: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Renders `body` (whose first line is `body_line` of its file); `rewrite` may replace a
/// link destination and returns `None` to keep it.
pub fn render(body: &str, body_line: usize, rewrite: &dyn Fn(&str) -> Option<String>) -> Rendered {
    let mut events: Vec<Event> = Vec::new();
    let mut out = Rendered::default();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut heading_start: Option<usize> = None;
    let mut image_start: Option<(usize, String, String, Pos)> = None;
    let mut para_depth = 0usize;
    let mut first_para_done = false;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let pos = || Pos::of_offset(body, range.start, body_line);
        let event = match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (original, dest_url) = rewritten(dest_url, rewrite);
                let resolved = dest_url.to_string();
                out.links.push(Link {
                    original,
                    resolved,
                    pos: pos(),
                    image_alt: None,
                });
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (original, dest_url) = rewritten(dest_url, rewrite);
                image_start = Some((events.len(), original, dest_url.to_string(), pos()));
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, original, resolved, p)) = image_start.take() {
                    let alt = plain_text(&events[start + 1..]);
                    out.links.push(Link {
                        original,
                        resolved,
                        pos: p,
                        image_alt: Some(alt),
                    });
                }
                Event::End(TagEnd::Image)
            }
            Event::Start(Tag::Heading { .. }) => {
                heading_start = Some(events.len());
                event
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    let title = plain_text(&events[start + 1..]);
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let base = id.as_ref().map(|i| i.to_string()).unwrap_or_else(|| {
                            let s = slugify(&title);
                            if s.is_empty() {
                                "muc".into()
                            } else {
                                s
                            }
                        });
                        let mut unique = base.clone();
                        let mut n = 1;
                        while !used_ids.insert(unique.clone()) {
                            unique = format!("{base}-{n}");
                            n += 1;
                        }
                        *id = Some(unique.clone().into());
                        out.headings.push(Heading {
                            level: level_num(level),
                            id: unique,
                            title,
                        });
                    }
                }
                event
            }
            Event::Start(Tag::Paragraph) => {
                para_depth += 1;
                event
            }
            Event::End(TagEnd::Paragraph) => {
                para_depth -= 1;
                if !first_para_done && para_depth == 0 {
                    let start = events
                        .iter()
                        .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))
                        .unwrap_or(0);
                    let text = plain_text(&events[start + 1..]);
                    if !text.trim().is_empty() {
                        out.first_paragraph = text.trim().to_string();
                        first_para_done = true;
                    }
                }
                event
            }
            other => other,
        };
        events.push(event);
    }
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    out
}

/// A link destination as written, and as it goes into the HTML.
fn rewritten<'a>(
    dest: CowStr<'a>,
    rewrite: &dyn Fn(&str) -> Option<String>,
) -> (String, CowStr<'a>) {
    let original = dest.to_string();
    let new = rewrite(&dest).map_or(dest, CowStr::from);
    (original, new)
}

fn level_num(l: HeadingLevel) -> u8 {
    l as u8
}

/// The text of a run of events, without markup.
fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(body: &str) -> Rendered {
        render(body, 1, &|_| None)
    }

    #[test]
    fn headings_get_vietnamese_ids_deduplicated() {
        let r = plain("# Chuyển đổi số\n\n## Chuyển đổi số\n\n## Khác {#rieng}\n");
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["chuyen-doi-so", "chuyen-doi-so-1", "rieng"]);
        assert!(
            r.html.contains(r#"<h2 id="chuyen-doi-so-1">"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn extensions_render() {
        let r = plain(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^1]\n\n- [x] xong\n\n[^1]: chú thích\n",
        );
        for needle in [
            "<table>",
            "<del>x</del>",
            "type=\"checkbox\"",
            "footnote-definition",
        ] {
            assert!(r.html.contains(needle), "{needle} in {}", r.html);
        }
    }

    #[test]
    fn links_images_and_summary() {
        let r = render(
            "Mở **đầu** bài.\n\nXem [đây](a.md) và ![Ảnh đồi chè](che.jpg)\n",
            5,
            &|u| u.ends_with(".md").then(|| "/tin-tuc/a/".to_string()),
        );
        assert_eq!(r.first_paragraph, "Mở đầu bài.");
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].resolved, "/tin-tuc/a/");
        assert_eq!(r.links[0].pos, Pos::new(7, 5));
        assert_eq!(r.links[1].image_alt.as_deref(), Some("Ảnh đồi chè"));
        assert!(r.html.contains(r#"href="/tin-tuc/a/""#));
    }
}
