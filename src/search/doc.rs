//! What one published page gives the search index: what a result shows, and how often each
//! word and each pair of adjacent words occurs in it.

use crate::base::date::Date;
use crate::base::vi::syllable::{keys, word_ranges};
use crate::input::units::UnitId;
use crate::model::{Page, SectionId, Site};
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::sync::{Arc, RwLock};

/// A word's two keys (see `syllable::keys`).
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub exact: Box<str>,
    pub folded: Box<str>,
}

/// A word by its number in this process's registry of words (one per exact key). Numbers
/// only group a word's occurrences: nothing written depends on them.
pub type WordId = u32;

/// The highest word number.
const MAX_WORD: WordId = 0xff_ffff;

/// Every word seen so far, by number.
#[derive(Default)]
struct Registry {
    by_exact: FxHashMap<Box<str>, WordId>,
    words: Vec<Arc<Key>>,
}

static REGISTRY: RwLock<Option<Registry>> = RwLock::new(None);

/// The keys of every word numbered so far, indexed by `WordId`.
pub fn words() -> Vec<Arc<Key>> {
    let r = REGISTRY.read().unwrap_or_else(|e| e.into_inner());
    r.as_ref().map_or(Vec::new(), |r| r.words.clone())
}

thread_local! {
    /// Numbers of the words seen on this thread as they were written: a site uses a few
    /// thousand distinct words over and over, and making a key takes far longer than
    /// looking it up.
    static SEEN: RefCell<FxHashMap<Box<str>, WordId>> = RefCell::default();
}

/// The number of `word`.
fn word_id(word: &str) -> WordId {
    SEEN.with_borrow_mut(|seen| {
        if let Some(&id) = seen.get(word) {
            return id;
        }
        let (exact, folded) = keys(word);
        let mut r = REGISTRY.write().unwrap_or_else(|e| e.into_inner());
        let r = r.get_or_insert_with(Registry::default);
        let id = match r.by_exact.get(exact.as_str()) {
            Some(&id) => id,
            // Pairs pack two numbers in 24 bits each: past 16 million distinct words (never
            // seen in practice), the later ones share the last number.
            None if r.words.len() > MAX_WORD as usize => MAX_WORD,
            None => {
                let id = r.words.len() as WordId;
                r.by_exact.insert(exact.clone().into(), id);
                r.words.push(Arc::new(Key {
                    exact: exact.into(),
                    folded: folded.into(),
                }));
                id
            }
        };
        seen.insert(word.into(), id);
        id
    })
}

/// The words of a packed pair (see `Doc::pairs`) and its count.
pub fn pair(packed: u64) -> (WordId, WordId, u32) {
    let id = |v: u64| (v & 0xff_ffff) as WordId;
    (id(packed >> 40), id(packed >> 16), (packed & 0xffff) as u32)
}

/// How much a word of the title counts against one of the body.
pub const TITLE_WEIGHT: u32 = 3;

/// The text kept for excerpts, in bytes: enough for the excerpts of most matches without
/// making each result's download large.
pub const TEXT_LIMIT: usize = 3000;

/// One page as the index sees it.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Doc {
    pub url: String,
    pub title: String,
    pub section: SectionId,
    pub unit: Option<UnitId>,
    pub date: Option<Date>,
    /// The start of the body's text, for excerpts (at most `TEXT_LIMIT` bytes).
    pub text: String,
    /// Words in the title and body, for weighing a word's count against the page's length.
    pub words: u32,
    /// Each distinct word and its count (a word of the title counts `TITLE_WEIGHT` times).
    pub terms: Vec<(WordId, u32)>,
    /// Each distinct pair of adjacent words (not across punctuation or blocks) with its
    /// count, packed as `first << 40 | second << 16 | count` (see `pair`), ascending.
    pub pairs: Vec<u64>,
}

/// Whether a page is published to readers (drafts and future posts are not, even in a build
/// that shows them).
pub fn published(site: &Site, page: &Page) -> bool {
    page.published_at(site.now)
}

impl Doc {
    /// The doc of `page`, or `None` when the page is not published.
    pub fn of(site: &Site, page: &Page) -> Option<Doc> {
        if !published(site, page) {
            return None;
        }
        let body = &page.body.text;
        let words = (page.title.len() + body.len()) / 5;
        let mut counts = Counts {
            places: FxHashMap::with_capacity_and_hasher(words / 2, Default::default()),
            pairs: FxHashMap::with_capacity_and_hasher(words, Default::default()),
            ..Counts::default()
        };
        counts.add(&page.title, TITLE_WEIGHT);
        counts.add(body, 1);
        Some(Doc {
            url: page.permalink.to_string(),
            title: page.title.clone(),
            section: page.section,
            unit: page.unit.clone(),
            date: page.date,
            text: excerpt_text(body),
            words: counts.words,
            pairs: counts.pairs(),
            terms: counts.terms,
        })
    }
}

/// The start of `body`, cut at a word's end before `TEXT_LIMIT` bytes.
fn excerpt_text(body: &str) -> String {
    if body.len() <= TEXT_LIMIT {
        return body.trim_end().to_string();
    }
    let mut cut = TEXT_LIMIT;
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let cut = body[..cut].rfind(char::is_whitespace).unwrap_or(cut);
    body[..cut].trim_end().to_string()
}

/// Counts of the words and pairs of a page, as its title and body are read.
#[derive(Default)]
struct Counts {
    words: u32,
    /// Each word's place in `terms`.
    places: FxHashMap<WordId, u32>,
    terms: Vec<(WordId, u32)>,
    pairs: FxHashMap<u64, u32>,
}

impl Counts {
    /// Counts the words of `text`, each `weight` times.
    fn add(&mut self, text: &str, weight: u32) {
        let mut prev: Option<(WordId, usize)> = None;
        for range in word_ranges(text) {
            let id = word_id(&text[range.clone()]);
            self.words += 1;
            let next = self.terms.len() as u32;
            let place = *self.places.entry(id).or_insert(next);
            if place == next {
                self.terms.push((id, 0));
            }
            self.terms[place as usize].1 += weight;
            if let Some((p, end)) = prev {
                if adjacent(&text[end..range.start]) {
                    *self
                        .pairs
                        .entry(u64::from(p) << 24 | u64::from(id))
                        .or_default() += weight;
                }
            }
            prev = Some((id, range.end));
        }
    }

    /// The pairs, packed (see `Doc::pairs`), in ascending order.
    fn pairs(&self) -> Vec<u64> {
        let mut pairs: Vec<u64> = self
            .pairs
            .iter()
            .map(|(&k, &tf)| k << 16 | u64::from(tf.min(0xffff)))
            .collect();
        pairs.sort_unstable();
        pairs
    }
}

/// Whether two words separated by `gap` stand together: only spaces between them, no
/// punctuation, no end of a block.
fn adjacent(gap: &str) -> bool {
    gap.chars().all(|c| c == ' ' || c == '\u{a0}' || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(text: &str) -> Counts {
        let mut c = Counts::default();
        c.add(text, 1);
        c
    }

    #[test]
    fn words_and_pairs_are_counted_once_per_spelling() {
        let c = counts("Hoà bình, hòa bình\nbình yên");
        assert_eq!(c.words, 6);
        let id = |w: &str| word_id(w);
        let tf = |w: &str| c.terms[c.places[&id(w)] as usize].1;
        assert_eq!(tf("hòa"), 2, "two spellings, one word");
        assert_eq!(id("hoà"), id("hòa"));
        assert_eq!(tf("bình"), 3);
        let pair = |a: &str, b: &str| {
            c.pairs
                .get(&(u64::from(id(a)) << 24 | u64::from(id(b))))
                .copied()
        };
        assert_eq!(pair("hòa", "bình"), Some(2));
        assert_eq!(pair("bình", "hòa"), None, "a comma parts them");
        assert_eq!(pair("bình", "bình"), None, "a new block parts them");
        assert_eq!(pair("bình", "yên"), Some(1));
    }

    #[test]
    fn excerpt_text_ends_at_a_word() {
        let long = "đổi ".repeat(TEXT_LIMIT);
        let t = excerpt_text(&long);
        assert!(t.len() <= TEXT_LIMIT && t.ends_with("đổi"), "{}", t.len());
        assert_eq!(excerpt_text("ngắn\n"), "ngắn");
    }
}
