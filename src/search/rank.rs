//! Answers a query from the index's files, fetching only those its words need. The page's
//! script (`tim-kiem.js`) follows the same rules step by step, so `loa search` shows what
//! citizens will find.
//!
//! Order of results: pages with more words typed with marks found with the same marks;
//! then more adjacent query words found together; then the sum of BM25 scores (each word's
//! and pair's weight times its rarity); then newer first.

use super::code;
use super::index::DIR;
use super::query::{Query, Term, MIN_PREFIX};
use crate::base::vi::syllable::tone_key;
use serde::Deserialize;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// How many longer words a prefix stands for at most (the most frequent ones).
pub const EXPANSIONS: usize = 5;
/// How much a longer word found by a prefix counts against the word itself.
const PREFIX_SHARE: f64 = 0.5;

/// Reads one file of the index by its path inside the index folder.
pub type Load<'a> = &'a dyn Fn(&str) -> Option<Vec<u8>>;

/// What `meta.json` says.
#[derive(Debug, Deserialize)]
pub struct Meta {
    pub docs: u32,
    t: Vec<String>,
    b: Vec<String>,
    pub muc: Vec<(String, String)>,
    pub don_vi: Vec<(String, String)>,
    pub nam: Vec<i32>,
}

/// One spelling of a word (or pair) and its documents (all, or the head of a frequent one).
#[derive(Debug, Clone)]
struct Variant {
    exact: String,
    /// In how many docs it is.
    df: usize,
    docs: Vec<(u32, u8)>,
}

/// The index, read file by file as a query needs them.
pub struct Index<'a> {
    pub meta: Meta,
    load: Load<'a>,
    shards: RefCell<HashMap<String, Value>>,
}

/// The filters of a query, by the ids the index offers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub section: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i32>,
}

/// One result: its doc number and the keys it was ranked by.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub terms: usize,
    pub exact: usize,
    pub pairs: usize,
    pub score: f64,
}

/// The answer to a query.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    pub hits: Vec<Hit>,
    /// Words (as typed) that no page has; the results are those of the other words.
    pub missing: Vec<String>,
    /// No page has every word: the results have as many of them as any page has.
    pub partial: bool,
}

/// What a result shows.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Shown {
    #[serde(rename = "u")]
    pub url: String,
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "m")]
    pub section: String,
    #[serde(rename = "v")]
    pub unit: Option<String>,
    #[serde(rename = "d")]
    pub date: Option<String>,
    /// The start of the page's text (its own file, `x/<n>.json`).
    #[serde(skip)]
    pub text: String,
}

/// Where one word or pair was found: per doc, its weight and whether with the typed marks.
type Found = BTreeMap<u32, (f64, bool)>;

impl<'a> Index<'a> {
    /// Opens the index whose files `load` reads; `None` when it has no readable `meta.json`.
    pub fn open(load: Load<'a>) -> Option<Index<'a>> {
        let meta = serde_json::from_slice(&load("meta.json")?).ok()?;
        Some(Index {
            meta,
            load,
            shards: RefCell::default(),
        })
    }

    fn json(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.shards.borrow().get(name) {
            return Some(v.clone());
        }
        let v: Value = serde_json::from_slice(&(self.load)(name)?).ok()?;
        self.shards.borrow_mut().insert(name.into(), v.clone());
        Some(v)
    }

    /// The entries of `family` (`t` or `b`) whose key is `key`, or starts with it when not
    /// `whole`, in key order, each as its docs (all spellings together) followed by the
    /// spellings that `marks` picks (none without it). A long list is read whole only for
    /// the entry that is `key` itself, its head otherwise (see `index::HEAD`).
    fn entries(
        &self,
        family: char,
        key: &str,
        whole: bool,
        marks: Option<&dyn Fn(&str) -> bool>,
    ) -> Vec<(String, Vec<Variant>)> {
        let firsts = if family == 't' {
            &self.meta.t
        } else {
            &self.meta.b
        };
        let start = firsts
            .partition_point(|k| k.as_str() <= key)
            .saturating_sub(1);
        let mut out = Vec::new();
        for (n, first) in firsts.iter().enumerate().skip(start) {
            if n > start && !(first.as_str() <= key || (!whole && first.starts_with(key))) {
                break;
            }
            let Some(Value::Array(shard)) = self.json(&format!("{family}{n}.json")) else {
                continue;
            };
            for entry in &shard {
                let Some(k) = entry.get(0).and_then(Value::as_str) else {
                    continue;
                };
                if (whole && k == key) || (!whole && k.starts_with(key)) {
                    let variants = self.variants(family, entry, k == key, marks);
                    out.push((k.to_string(), variants));
                }
            }
        }
        out
    }

    /// One entry's docs (as a spelling whose exact key is empty) and the spellings `marks`
    /// picks; long lists read from their own files when `full`.
    fn variants(
        &self,
        family: char,
        entry: &Value,
        full: bool,
        marks: Option<&dyn Fn(&str) -> bool>,
    ) -> Vec<Variant> {
        let spellings = entry
            .get(2)
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let all = match entry.get(1) {
            Some(Value::Null) | None => spellings.first().and_then(|s| s.get(1)),
            all => all,
        };
        let mut out: Vec<Variant> = all
            .and_then(|l| self.list(family, l, full))
            .into_iter()
            .collect();
        for s in spellings {
            let Some(exact) = s.get(0).and_then(Value::as_str) else {
                continue;
            };
            if marks.is_some_and(|m| m(exact)) {
                if let Some(mut v) = s.get(1).and_then(|l| self.list(family, l, full)) {
                    v.exact = exact.to_string();
                    out.push(v);
                }
            }
        }
        out
    }

    /// A list of docs as a shard holds it (see `index`), whole or its head.
    fn list(&self, family: char, list: &Value, full: bool) -> Option<Variant> {
        let decode = |v: &Value| code::decode(v.as_str().unwrap_or(""), true);
        let (df, docs) = match list {
            Value::Array(own) if full => {
                let file = self.json(&format!("{family}p{}.json", own.first()?.as_u64()?))?;
                (own.get(1)?.as_u64()? as usize, decode(&file))
            }
            Value::Array(own) => (own.get(1)?.as_u64()? as usize, decode(own.get(2)?)),
            inline => {
                let docs = decode(inline);
                (docs.len(), docs)
            }
        };
        Some(Variant {
            exact: String::new(),
            df,
            docs,
        })
    }

    /// The docs of a filter value's file, or `None` when the index has no such value.
    fn filtered(&self, filters: &Filters) -> Option<Option<Vec<u32>>> {
        let mut sets: Vec<Vec<u32>> = Vec::new();
        let find = |list: &[(String, String)], id: &Option<String>| {
            id.as_ref().map(|id| list.iter().position(|(i, _)| i == id))
        };
        let files = [
            find(&self.meta.muc, &filters.section).map(|p| p.map(|p| format!("m{p}.json"))),
            find(&self.meta.don_vi, &filters.unit).map(|p| p.map(|p| format!("v{p}.json"))),
            filters
                .year
                .map(|y| self.meta.nam.contains(&y).then(|| format!("n{y}.json"))),
        ];
        for file in files.into_iter().flatten() {
            let docs = self.json(&file?).map_or(Vec::new(), |v| {
                code::decode(v.as_str().unwrap_or(""), false)
                    .into_iter()
                    .map(|(d, _)| d)
                    .collect()
            });
            sets.push(docs);
        }
        Some(sets.into_iter().reduce(|a, b| {
            a.into_iter()
                .filter(|d| b.binary_search(d).is_ok())
                .collect()
        }))
    }

    /// What result `doc` shows.
    pub fn shown(&self, doc: u32) -> Option<Shown> {
        let mut shown: Shown =
            serde_json::from_slice(&(self.load)(&format!("d/{doc}.json"))?).ok()?;
        shown.text = serde_json::from_slice(&(self.load)(&format!("x/{doc}.json"))?).ok()?;
        Some(shown)
    }

    /// The ranked answer to `query` within `filters`.
    pub fn search(&self, query: &Query, filters: &Filters) -> Answer {
        let Some(allowed) = self.filtered(filters) else {
            return Answer::default();
        };
        if query.is_empty() {
            return Answer::default();
        }
        let terms: Vec<Found> = (0..query.terms.len())
            .map(|i| self.term(query, i))
            .collect();
        let pairs: Vec<Found> = (1..query.terms.len())
            .map(|i| self.pair(query, i))
            .collect();
        combine(query, &terms, &pairs, allowed.as_deref(), self.meta.docs)
    }

    /// Where term `i` of `query` was found.
    fn term(&self, query: &Query, i: usize) -> Found {
        let t = &query.terms[i];
        let last = i + 1 == query.terms.len();
        let mut found = Found::new();
        if !(last && query.prefix) {
            let same = |v: &str| tone_key(v) == tone_key(&t.exact);
            let marks = t.marked.then_some(&same as &dyn Fn(&str) -> bool);
            for (_, variants) in self.entries('t', &t.folded, true, marks) {
                add(&mut found, &variants, t, 1.0, same);
            }
            return found;
        }
        let like = |v: &str| starts_like(v, &t.exact);
        let marks = t.marked.then_some(&like as &dyn Fn(&str) -> bool);
        let mut by_word = Vec::new();
        if t.folded.chars().count() >= MIN_PREFIX {
            by_word = self.entries('t', &t.folded, false, marks);
        }
        for (folded, variants) in most_frequent(by_word) {
            let share = if folded == t.folded {
                1.0
            } else {
                PREFIX_SHARE
            };
            add(&mut found, &variants, t, share, like);
        }
        // After another word, a prefix also stands for the words that follow it.
        if i > 0 {
            for (folded, variants) in most_frequent(self.after(query, i)) {
                let second = folded.split_once(' ').map_or("", |(_, b)| b);
                let share = if second == t.folded {
                    1.0
                } else {
                    PREFIX_SHARE
                };
                let marks = |v: &str| {
                    v.split_once(' ')
                        .is_some_and(|(_, b)| starts_like(b, &t.exact))
                };
                add(&mut found, &variants, t, share, marks);
            }
        }
        found
    }

    /// The pairs whose first word is term `i - 1` and whose second starts with term `i`.
    fn after(&self, query: &Query, i: usize) -> Vec<(String, Vec<Variant>)> {
        let key = format!("{} {}", query.terms[i - 1].folded, query.terms[i].folded);
        self.entries('b', &key, false, None)
    }

    /// Where terms `i - 1` and `i` of `query` were found together.
    fn pair(&self, query: &Query, i: usize) -> Found {
        let (a, b) = (&query.terms[i - 1], &query.terms[i]);
        // Marks count by words, not by pairs.
        let pair = Term {
            marked: false,
            ..b.clone()
        };
        let mut found = Found::new();
        if i + 1 == query.terms.len() && query.prefix {
            for (folded, variants) in most_frequent(self.after(query, i)) {
                let whole = folded == format!("{} {}", a.folded, b.folded);
                let share = if whole { 1.0 } else { PREFIX_SHARE };
                add(&mut found, &variants, &pair, share, |_| false);
            }
        } else {
            let key = format!("{} {}", a.folded, b.folded);
            for (_, variants) in self.entries('b', &key, true, None) {
                add(&mut found, &variants, &pair, 1.0, |_| false);
            }
        }
        found
    }
}

/// Whether the word `whole` starts with the typed `prefix`, marks compared as typed: the
/// letters without tone start alike, and the tone is the same when one was typed.
fn starts_like(whole: &str, prefix: &str) -> bool {
    let ((wb, wt), (pb, pt)) = (tone_key(whole), tone_key(prefix));
    wb.starts_with(&pb) && (pt.is_empty() || wt == pt)
}

/// The `EXPANSIONS` entries found in most docs (ties by key), in key order.
fn most_frequent(mut entries: Vec<(String, Vec<Variant>)>) -> Vec<(String, Vec<Variant>)> {
    let df = |vs: &[Variant]| vs.first().map_or(0, |v| v.df);
    entries.sort_by(|a, b| df(&b.1).cmp(&df(&a.1)).then_with(|| a.0.cmp(&b.0)));
    entries.truncate(EXPANSIONS);
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
}

/// Adds the docs of `variants` to `found`: the best weight per doc (times `share`), and
/// whether any spelling there has the typed marks (`same_marks` of its exact key).
fn add(
    found: &mut Found,
    variants: &[Variant],
    t: &Term,
    share: f64,
    same_marks: impl Fn(&str) -> bool,
) {
    for v in variants {
        let exact = t.marked && same_marks(&v.exact);
        for &(doc, w) in &v.docs {
            let e = found.entry(doc).or_insert((0.0, false));
            e.0 = e.0.max(f64::from(w) * share);
            e.1 |= exact;
        }
    }
}

/// BM25's rarity of a word found in `df` of `n` docs.
fn idf(df: usize, n: u32) -> f64 {
    let (df, n) = (df as f64, f64::from(n));
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

/// Ranks the docs from where each term and pair was found (see the module's order).
fn combine(
    query: &Query,
    terms: &[Found],
    pairs: &[Found],
    allowed: Option<&[u32]>,
    n: u32,
) -> Answer {
    let missing: Vec<String> = query
        .terms
        .iter()
        .zip(terms)
        .filter(|(_, f)| f.is_empty())
        .map(|(t, _)| t.typed.clone())
        .collect();
    let mut hits: BTreeMap<u32, Hit> = BTreeMap::new();
    for (found, rare) in terms.iter().map(|f| (f, idf(f.len(), n))) {
        for (&doc, &(w, exact)) in found {
            let h = hits.entry(doc).or_insert(Hit {
                doc,
                terms: 0,
                exact: 0,
                pairs: 0,
                score: 0.0,
            });
            h.terms += 1;
            h.exact += usize::from(exact);
            h.score += rare * w;
        }
    }
    for (found, rare) in pairs.iter().map(|f| (f, idf(f.len(), n))) {
        for (doc, &(w, _)) in found {
            if let Some(h) = hits.get_mut(doc) {
                h.pairs += 1;
                h.score += rare * w;
            }
        }
    }
    let bound_ok =
        |h: &Hit| (0..pairs.len()).all(|i| !query.bound(i) || pairs[i].contains_key(&h.doc));
    let mut hits: Vec<Hit> = hits
        .into_values()
        .filter(|h| allowed.is_none_or(|a| a.binary_search(&h.doc).is_ok()))
        .filter(bound_ok)
        .collect();
    let most = hits.iter().map(|h| h.terms).max().unwrap_or(0);
    let found_terms = terms.iter().filter(|f| !f.is_empty()).count();
    let partial = most > 0 && most < found_terms;
    hits.retain(|h| h.terms == most);
    hits.sort_by(|a, b| {
        (b.exact, b.pairs)
            .cmp(&(a.exact, a.pairs))
            .then(b.score.total_cmp(&a.score))
            .then(a.doc.cmp(&b.doc))
    });
    Answer {
        hits,
        missing,
        partial,
    }
}

/// Opens the index among a build's files, by their paths from the site's root.
pub fn in_files(files: &HashMap<String, Vec<u8>>) -> impl Fn(&str) -> Option<Vec<u8>> + '_ {
    move |name| files.get(&format!("{DIR}/{name}")).cloned()
}
