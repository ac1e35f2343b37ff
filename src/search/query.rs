//! A query as typed: its words with their keys, the phrases in quotes, and whether the last
//! word is still being typed (then it is a prefix).

use crate::base::vi::syllable::syllables;

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// As typed, for messages ("không tìm thấy «…»").
    pub typed: String,
    /// With its marks, in one spelling (see `syllable::keys`).
    pub exact: String,
    /// Without marks.
    pub folded: String,
    /// Whether it was typed with marks: then pages with the same marks rank first.
    pub marked: bool,
    /// The quoted phrase it belongs to, if any: its words must stand together.
    pub phrase: Option<usize>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub terms: Vec<Term>,
    /// The last word may be the start of a longer one (the query does not end with a space
    /// or a closing quote).
    pub prefix: bool,
}

/// Shortest last word taken as a prefix on its own; after another word it may be one letter,
/// since it is looked up among the words that follow that one.
pub const MIN_PREFIX: usize = 2;

impl Query {
    /// Parses `text`: words are runs of letters and digits, `"…"` (or `“…”`) makes a phrase.
    pub fn parse(text: &str) -> Query {
        let mut terms = Vec::new();
        let mut phrases = 0;
        let mut ends_open = false;
        for (n, part) in text.split(['"', '“', '”']).enumerate() {
            let quoted = n % 2 == 1;
            let words = syllables(part);
            let phrase = (quoted && !words.is_empty()).then(|| {
                phrases += 1;
                phrases - 1
            });
            for s in &words {
                terms.push(Term {
                    typed: part[s.range.clone()].to_string(),
                    marked: s.exact != s.folded,
                    exact: s.exact.clone(),
                    folded: s.folded.clone(),
                    phrase,
                });
            }
            if let Some(last) = words.last() {
                // Open when nothing but the word ends this part and the part is not quoted.
                ends_open = !quoted && last.range.end == part.len();
            } else if !part.is_empty() || quoted {
                ends_open = false;
            }
        }
        let prefix = ends_open
            && terms
                .last()
                .is_some_and(|t| terms.len() > 1 || t.folded.chars().count() >= MIN_PREFIX);
        Query { terms, prefix }
    }

    /// Whether the query has no word.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether terms `i` and `i + 1` are in one quoted phrase (so must stand together).
    pub fn bound(&self, i: usize) -> bool {
        let (a, b) = (&self.terms[i], &self.terms[i + 1]);
        a.phrase.is_some() && a.phrase == b.phrase
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(q: &Query) -> Vec<&str> {
        q.terms.iter().map(|t| t.folded.as_str()).collect()
    }

    #[test]
    fn words_keys_and_marks() {
        let q = Query::parse("Chuyển  đổi so ");
        assert_eq!(folded(&q), ["chuyen", "doi", "so"]);
        let marked: Vec<bool> = q.terms.iter().map(|t| t.marked).collect();
        assert_eq!(marked, [true, true, false]);
        assert_eq!(q.terms[0].typed, "Chuyển");
        assert!(!q.prefix, "a space ends the last word");
    }

    #[test]
    fn the_last_word_is_a_prefix_while_typed() {
        assert!(Query::parse("chuyen d").prefix);
        assert!(Query::parse("chuy").prefix);
        assert!(!Query::parse("c").prefix, "one letter alone is too short");
        assert!(!Query::parse("chuyen.").prefix);
        assert!(!Query::parse("\"chuyen doi\"").prefix);
    }

    #[test]
    fn quotes_make_phrases() {
        let q = Query::parse("vneid \"chuyển đổi số\" “an toàn”");
        assert_eq!(folded(&q), ["vneid", "chuyen", "doi", "so", "an", "toan"]);
        let phrases: Vec<Option<usize>> = q.terms.iter().map(|t| t.phrase).collect();
        assert_eq!(phrases, [None, Some(0), Some(0), Some(0), Some(1), Some(1)]);
        assert!(!q.bound(0) && q.bound(1) && q.bound(2) && !q.bound(3) && q.bound(4));
        assert!(!q.prefix);
        // An unclosed quote still makes a phrase of what follows it.
        assert!(Query::parse("\"an toàn").bound(0));
    }

    #[test]
    fn empty_and_punctuation_only() {
        assert!(Query::parse("").is_empty());
        assert!(Query::parse(" – ? ").is_empty());
    }
}
