//! Markdown: takes a file's body and a way to rewrite its links; gives its HTML (with heading
//! anchors), its headings, first paragraph and every link and image, for checking.

use crate::base::diagnostic::{LineIndex, Pos};
use crate::base::slug::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;
use std::collections::HashSet;

/// A heading with its anchor id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
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
    /// Plain text of the whole body, a line per block, for the search index.
    pub text: String,
    /// A fingerprint of the HTML and headings, so a page's is cheap to take.
    pub fp: u64,
}

impl std::hash::Hash for Rendered {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.fp.hash(state);
    }
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
    let mut walk = Walk::new(rewrite);
    // Made when the first link asks for a position.
    let lines = std::cell::OnceCell::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let pos = || {
            lines
                .get_or_init(|| LineIndex::new(body))
                .pos(body, range.start, body_line)
        };
        let event = walk.visit(event, pos);
        walk.events.push(event);
    }
    walk.finish()
}

/// An image whose alt text is still being read: where its events start, its destination as
/// written and as rewritten, and its position.
type OpenImage = (usize, String, String, Pos);

/// One pass over a body's events: the events kept for the HTML, what was found so far, and
/// the heading, image or paragraph that is open.
struct Walk<'a, 'r> {
    rewrite: &'r dyn Fn(&str) -> Option<String>,
    events: Vec<Event<'a>>,
    out: Rendered,
    used_ids: HashSet<String>,
    heading_start: Option<usize>,
    image_start: Option<OpenImage>,
    para_depth: usize,
    first_para_done: bool,
}

impl<'a, 'r> Walk<'a, 'r> {
    /// A walk that has seen nothing yet.
    fn new(rewrite: &'r dyn Fn(&str) -> Option<String>) -> Self {
        Walk {
            rewrite,
            events: Vec::new(),
            out: Rendered::default(),
            used_ids: HashSet::new(),
            heading_start: None,
            image_start: None,
            para_depth: 0,
            first_para_done: false,
        }
    }

    /// Notes what `event` (at `pos`) opens or closes, and returns it as it goes into the HTML.
    fn visit(&mut self, event: Event<'a>, pos: impl Fn() -> Pos) -> Event<'a> {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.link(dest_url, pos());
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
                let dest_url = self.open_image(dest_url, pos());
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                self.close_image();
                event
            }
            Event::Start(Tag::Heading { .. }) => {
                self.heading_start = Some(self.events.len());
                event
            }
            Event::End(TagEnd::Heading(level)) => {
                self.close_heading(level);
                event
            }
            Event::Start(Tag::Paragraph) => {
                self.para_depth += 1;
                event
            }
            Event::End(TagEnd::Paragraph) => {
                self.close_paragraph();
                event
            }
            other => other,
        }
    }

    /// Records a link at `pos` and returns its destination for the HTML.
    fn link(&mut self, dest_url: CowStr<'a>, pos: Pos) -> CowStr<'a> {
        let (original, dest_url) = rewritten(dest_url, self.rewrite);
        self.out.links.push(Link {
            original,
            resolved: dest_url.to_string(),
            pos,
            image_alt: None,
        });
        dest_url
    }

    /// Opens an image at `pos`, recorded when its alt text is complete; returns its
    /// destination for the HTML.
    fn open_image(&mut self, dest_url: CowStr<'a>, pos: Pos) -> CowStr<'a> {
        let (original, dest_url) = rewritten(dest_url, self.rewrite);
        self.image_start = Some((self.events.len(), original, dest_url.to_string(), pos));
        dest_url
    }

    /// Records the open image with the text of its events as alt.
    fn close_image(&mut self) {
        if let Some((start, original, resolved, pos)) = self.image_start.take() {
            let alt = plain_text(&self.events[start + 1..]);
            self.out.links.push(Link {
                original,
                resolved,
                pos,
                image_alt: Some(alt),
            });
        }
    }

    /// Gives the open heading its anchor id (its own `{#id}` or its title's slug, made
    /// unique) and records it.
    fn close_heading(&mut self, level: HeadingLevel) {
        let Some(start) = self.heading_start.take() else {
            return;
        };
        let title = plain_text(&self.events[start + 1..]);
        if let Event::Start(Tag::Heading { id, .. }) = &mut self.events[start] {
            let base = id
                .as_ref()
                .map(|i| i.to_string())
                .unwrap_or_else(|| heading_slug(&title));
            let unique = unique_id(&mut self.used_ids, &base);
            *id = Some(unique.clone().into());
            self.out.headings.push(Heading {
                level: level_num(level),
                id: unique,
                title,
            });
        }
    }

    /// Closes a paragraph; the first top-level one with text becomes the summary.
    fn close_paragraph(&mut self) {
        self.para_depth -= 1;
        if !self.first_para_done && self.para_depth == 0 {
            let start = self
                .events
                .iter()
                .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))
                .unwrap_or(0);
            let text = plain_text(&self.events[start + 1..]);
            if !text.trim().is_empty() {
                self.out.first_paragraph = text.trim().to_string();
                self.first_para_done = true;
            }
        }
    }

    /// The HTML of the kept events, with what was found.
    fn finish(self) -> Rendered {
        let mut out = self.out;
        out.text = plain_text(&self.events);
        pulldown_cmark::html::push_html(&mut out.html, self.events.into_iter());
        out.fp = crate::base::hash::hash_of((&out.html, &out.headings));
        out
    }
}

/// The anchor of a heading without `{#id}`: its title's slug, `muc` when that is empty.
fn heading_slug(title: &str) -> String {
    let s = slugify(title);
    if s.is_empty() {
        "muc".into()
    } else {
        s
    }
}

/// `base`, or `base-1`, `base-2`, … for the first not yet in `used`, which then holds it.
fn unique_id(used: &mut HashSet<String>, base: &str) -> String {
    let mut unique = base.to_string();
    let mut n = 1;
    while !used.insert(unique.clone()) {
        unique = format!("{base}-{n}");
        n += 1;
    }
    unique
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

/// The text of a run of events, without markup: words of one block run on, and each block
/// ends with a line break, so that no two blocks' words join (a heading, an alt text or a
/// paragraph being read holds no block end).
fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::End(_) if !s.ends_with('\n') => s.push('\n'),
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
        assert_eq!(r.text, "Mở đầu bài.\nXem đây và Ảnh đồi chè\n");
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].resolved, "/tin-tuc/a/");
        assert_eq!(r.links[0].pos, Pos::new(7, 5));
        assert_eq!(r.links[1].image_alt.as_deref(), Some("Ảnh đồi chè"));
        assert!(r.html.contains(r#"href="/tin-tuc/a/""#));
    }
}
