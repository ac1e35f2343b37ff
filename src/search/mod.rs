//! Search: the index of the published pages, made with the site (pure, like rendering) and
//! split into files fetched on demand; the query rules and the ranking that `/tim-kiem/`
//! and `loa search` share; excerpts with the matched words marked.

pub mod code;
pub mod doc;
pub mod index;
pub mod query;
pub mod rank;

use crate::base::vi::syllable::{keys, word_ranges};
use query::Query;
use std::ops::Range;

/// Words of an excerpt on either side of the first match.
const BEFORE: usize = 8;
const WORDS: usize = 30;

/// An excerpt of `text` around the first place the query's words stand together (else the
/// first place one of them stands), with the byte ranges of matched words in the excerpt.
pub fn excerpt(text: &str, query: &Query) -> (String, Vec<Range<usize>>) {
    let words: Vec<Range<usize>> = word_ranges(text).collect();
    let hit: Vec<bool> = words
        .iter()
        .map(|r| matches(&text[r.clone()], query))
        .collect();
    let together = (0..words.len().saturating_sub(1)).find(|&i| hit[i] && hit[i + 1]);
    let first = together
        .or_else(|| hit.iter().position(|&h| h))
        .unwrap_or(0);
    let from = first.saturating_sub(BEFORE);
    let to = (from + WORDS).min(words.len());
    if from >= to {
        return (String::new(), Vec::new());
    }
    // To the end of the text when it is reached, so the last sentence keeps its stop.
    let end = match to == words.len() {
        true => text.trim_end().len(),
        false => words[to - 1].end,
    };
    let start = words[from].start;
    let lead = if from > 0 { "… " } else { "" };
    let tail = if to < words.len() { " …" } else { "" };
    let body = text[start..end].replace('\n', " ");
    let marks = (from..to)
        .filter(|&i| hit[i])
        .map(|i| {
            let r = &words[i];
            lead.len() + r.start - start..lead.len() + r.end - start
        })
        .collect();
    (format!("{lead}{body}{tail}"), marks)
}

/// The byte ranges of `text`'s words that the query matches (for marking a title).
pub fn marked(text: &str, query: &Query) -> Vec<Range<usize>> {
    word_ranges(text)
        .filter(|r| matches(&text[r.clone()], query))
        .collect()
}

/// Whether `word` is one of the query's words (the last one as a prefix while typed), by the
/// index's folded key (so `quí` in a text matches `quý` typed).
fn matches(word: &str, query: &Query) -> bool {
    let (_, folded) = keys(word);
    let last = query.terms.len().saturating_sub(1);
    query.terms.iter().enumerate().any(|(i, t)| {
        folded == t.folded || (query.prefix && i == last && folded.starts_with(&t.folded))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_start_near_the_phrase_and_mark_its_words() {
        let text = format!("{}Chuyển đổi số ở bản.\nĐổi mới.", "một ".repeat(20));
        let q = Query::parse("chuyen doi");
        let (ex, marks) = excerpt(&text, &q);
        assert!(ex.starts_with("… một"), "{ex}");
        let words: Vec<&str> = marks.iter().map(|r| &ex[r.clone()]).collect();
        assert_eq!(words, ["Chuyển", "đổi", "Đổi"]);
        assert!(!ex.contains('\n'));
    }

    #[test]
    fn titles_mark_prefixes_while_typed() {
        let q = Query::parse("an toan th");
        let t = "An toàn thông tin";
        let words: Vec<&str> = marked(t, &q).into_iter().map(|r| &t[r]).collect();
        assert_eq!(words, ["An", "toàn", "thông"]);
    }

    #[test]
    fn an_old_spelling_in_a_text_is_marked_for_the_new_one() {
        let t = "Quí vị và quý khách";
        for q in ["quý", "quí"] {
            let words: Vec<&str> = marked(t, &Query::parse(q))
                .into_iter()
                .map(|r| &t[r])
                .collect();
            assert_eq!(words, ["Quí", "quý"], "{q}");
        }
    }
}
