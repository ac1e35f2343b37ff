//! The index's files, made from the docs of the published pages: a small `meta.json`, shards
//! of words and of pairs of adjacent words (sorted by folded key, so a prefix is a range of
//! shards), the postings of frequent words in files of their own, two files per result (what
//! it shows, and the start of its text), and the documents of each filter. A query downloads
//! only the files its words need.
//!
//! A shard is a JSON list of `[folded key, all, [[exact key, list], …]]`: `all` lists the
//! docs of every spelling (`null` when there is one), each spelling's list its own. A list is
//! its postings, or `[n, docs, head]` when they are in file `<family>p<n>`.
//! Postings list docs, numbered newest first, each with a weight (1–9), the word's BM25
//! share in the page (title words counting `TITLE_WEIGHT` times), encoded by `code`.

use super::code;
use super::doc::{Doc, Key};
use crate::model::{PageId, Site};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::json;
use std::fmt::Write;
use std::sync::Arc;

/// Where the index lives, from the site's root.
pub const DIR: &str = "tim-kiem/chi-muc";

/// A shard is closed once it holds this many bytes.
const SHARD_BYTES: usize = 4_000;
/// Postings longer than this go to a file of their own, fetched only when the word is asked.
const OWN_FILE_BYTES: usize = 400;
/// How many docs of a frequent word its shard holds for prefixes (see `Postings::head`).
pub const HEAD: usize = 64;

/// BM25's saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// The documents of one word or pair, ascending, each packed with its weight as
/// `doc << 4 | weight`.
#[derive(Default)]
struct Postings(Vec<u32>);

impl Postings {
    fn push(&mut self, doc: u32, weight: u8) {
        self.0.push(doc << 4 | u32::from(weight));
    }

    fn len(&self) -> usize {
        self.0.len()
    }

    /// The docs of all of `lists`, each with its highest weight among them.
    fn union<'p>(lists: impl Iterator<Item = &'p Postings>) -> Postings {
        let mut all: Vec<u32> = lists.flat_map(|p| p.0.iter().copied()).collect();
        // By doc, then weight: the last of each doc has the highest.
        all.sort_unstable();
        let mut out: Vec<u32> = Vec::with_capacity(all.len());
        for p in all {
            match out.last_mut() {
                Some(last) if *last >> 4 == p >> 4 => *last = p,
                _ => out.push(p),
            }
        }
        Postings(out)
    }

    /// The docs and weights, encoded (see `code`).
    fn encoded(&self) -> String {
        code::encode(self.0.iter().map(|&p| (p >> 4, (p & 0xf) as u8)), true)
    }

    /// The `HEAD` docs of highest weight (ties to the newer), encoded: what a prefix reads
    /// of a frequent word it stands for.
    fn head(&self) -> String {
        let mut best: Vec<u32> = self.0.clone();
        best.sort_unstable_by_key(|&p| (std::cmp::Reverse(p & 0xf), p >> 4));
        best.truncate(HEAD);
        best.sort_unstable();
        code::encode(best.iter().map(|&p| (p >> 4, (p & 0xf) as u8)), true)
    }
}

/// A word's weight in a page of `words` words, from its count `tf`: 1 to 9.
fn weight(tf: u32, words: u32, average: f64) -> u8 {
    let tf = f64::from(tf);
    let norm = K1 * (1.0 - B + B * f64::from(words) / average.max(1.0));
    let share = tf / (tf + norm); // 0..1
    1 + (share * 8.0).round() as u8
}

/// The order of results among equals, and the numbering of docs: newest first, undated pages
/// after, each group in the site's order.
fn numbering(site: &Site, docs: &[Option<Arc<Doc>>]) -> Vec<PageId> {
    let mut ids: Vec<PageId> = (0..docs.len())
        .filter(|&i| docs[i].is_some())
        .map(PageId)
        .collect();
    ids.sort_by_key(|&i| {
        let d = site.pages[i.index()].date;
        (d.is_none(), std::cmp::Reverse(d))
    });
    ids
}

/// Every file of the index, with its path from the site's root; `docs` is indexed like
/// `site.pages` (`None` for pages not in the index).
pub fn files(site: &Site, docs: &[Option<Arc<Doc>>]) -> Vec<(String, Vec<u8>)> {
    let ids = numbering(site, docs);
    let ordered: Vec<&Doc> = ids
        .iter()
        .filter_map(|i| docs[i.index()].as_deref())
        .collect();
    let average = match ordered.len() {
        0 => 1.0,
        n => ordered.iter().map(|d| f64::from(d.words)).sum::<f64>() / n as f64,
    };
    let words = super::doc::words();
    let order = Order::of(&words);
    // Words, pairs and the results' files are made side by side, each into files of its own.
    let ((terms, pairs), (filters, results)) = rayon::join(
        || {
            rayon::join(
                || {
                    let mut out = Files::default();
                    let postings = term_postings(&ordered, &words, &order, average);
                    (out.shards('t', postings), out)
                },
                || {
                    let mut out = Files::default();
                    let postings = pair_postings(&ordered, &words, &order, average);
                    (out.shards('b', postings), out)
                },
            )
        },
        || {
            let mut out = Files::default();
            let filters = out.filters(site, &ids);
            (filters, doc_files(site, &ordered, out))
        },
    );
    let meta = json!({
        "v": 1,
        "docs": ordered.len(),
        "t": terms.0,
        "b": pairs.0,
        "muc": filters.sections,
        "don_vi": filters.units,
        "nam": filters.years,
    });
    let mut all = results;
    all.put("meta.json".into(), meta.to_string());
    all.0.extend(terms.1 .0);
    all.0.extend(pairs.1 .0);
    all.0
}

/// Each word's rank in the index's order (by folded key, then exact key), and the rank of
/// its folded key alone (equal for the spellings of one folded word).
struct Order {
    rank: Vec<u32>,
    folded: Vec<u32>,
}

impl Order {
    fn of(words: &[Arc<Key>]) -> Order {
        let mut by: Vec<usize> = (0..words.len()).collect();
        by.sort_unstable_by(|&a, &b| {
            let (a, b) = (&words[a], &words[b]);
            (&a.folded, &a.exact).cmp(&(&b.folded, &b.exact))
        });
        let (mut rank, mut folded) = (vec![0; words.len()], vec![0; words.len()]);
        let mut f = 0;
        for (r, &w) in by.iter().enumerate() {
            if r > 0 && words[by[r - 1]].folded != words[w].folded {
                f += 1;
            }
            rank[w] = r as u32;
            folded[w] = f;
        }
        Order { rank, folded }
    }
}

/// One entry of a shard: its folded key, its exact key, its postings.
type Entry = (String, String, Postings);

/// The postings of every word, in the index's order.
fn term_postings(docs: &[&Doc], words: &[Arc<Key>], order: &Order, average: f64) -> Vec<Entry> {
    let mut by_word: Vec<Postings> = (0..words.len()).map(|_| Postings::default()).collect();
    for (n, doc) in docs.iter().enumerate() {
        for &(w, tf) in &doc.terms {
            by_word[w as usize].push(n as u32, weight(tf, doc.words, average));
        }
    }
    let mut entries: Vec<(u32, Entry)> = by_word
        .into_iter()
        .enumerate()
        .filter(|(_, p)| p.len() > 0)
        .map(|(w, p)| {
            let k = &words[w];
            (
                order.rank[w],
                (k.folded.to_string(), k.exact.to_string(), p),
            )
        })
        .collect();
    entries.sort_unstable_by_key(|e| e.0);
    entries.into_iter().map(|(_, e)| e).collect()
}

/// The postings of every pair, in the index's order; made in parts by first word, one part
/// per task.
fn pair_postings(docs: &[&Doc], words: &[Arc<Key>], order: &Order, average: f64) -> Vec<Entry> {
    const PARTS: u64 = 4;
    let parts: Vec<Vec<(u64, Postings)>> = (0..PARTS)
        .into_par_iter()
        .map(|part| {
            let mut by_pair: FxHashMap<u64, Postings> = FxHashMap::default();
            for (n, doc) in docs.iter().enumerate() {
                for &packed in doc.pairs.iter().filter(|&&p| (p >> 40) % PARTS == part) {
                    let (a, b, tf) = super::doc::pair(packed);
                    let w = weight(tf, doc.words, average);
                    let key = u64::from(a) << 32 | u64::from(b);
                    by_pair.entry(key).or_default().push(n as u32, w);
                }
            }
            by_pair.into_iter().collect()
        })
        .collect();
    let rank = |pair: u64| {
        let (a, b) = ((pair >> 32) as usize, (pair & 0xffff_ffff) as usize);
        // A space sorts before any letter: this is the order of `"a b"` folded, then exact.
        (
            order.folded[a],
            order.folded[b],
            order.rank[a],
            order.rank[b],
        )
    };
    let mut all: Vec<(u64, Postings)> = parts.into_iter().flatten().collect();
    all.sort_unstable_by_key(|(p, _)| rank(*p));
    all.into_iter()
        .map(|(pair, p)| {
            let (a, b) = (
                &words[(pair >> 32) as usize],
                &words[(pair & 0xffff_ffff) as usize],
            );
            (
                format!("{} {}", a.folded, b.folded),
                format!("{} {}", a.exact, b.exact),
                p,
            )
        })
        .collect()
}

/// The files made so far.
#[derive(Default)]
struct Files(Vec<(String, Vec<u8>)>);

/// The values each filter offers, `[id, name]` (years as numbers).
struct Filters {
    sections: Vec<(String, String)>,
    units: Vec<(String, String)>,
    years: Vec<i32>,
}

impl Files {
    fn put(&mut self, name: String, text: String) {
        self.0.push((format!("{DIR}/{name}"), text.into_bytes()));
    }

    /// Shards of the `family` (`t` words, `b` pairs) from its entries; returns each shard's
    /// first key.
    fn shards(&mut self, family: char, entries: Vec<Entry>) -> Vec<String> {
        let mut firsts = Vec::new();
        let mut shard = String::new();
        let mut own = 0usize;
        let mut i = 0;
        while i < entries.len() {
            let folded = &entries[i].0;
            let same = entries[i..].iter().take_while(|e| &e.0 == folded).count();
            let group = &entries[i..i + same];
            if shard.is_empty() {
                firsts.push(folded.clone());
                shard.push('[');
            } else {
                shard.push(',');
            }
            shard.push('[');
            shard.push_str(&serde_json::to_string(folded).unwrap_or_default());
            // The docs of every spelling together, which a query without marks reads alone.
            match group {
                [_] => shard.push_str(",null,["),
                _ => {
                    let all = Postings::union(group.iter().map(|e| &e.2));
                    let all = self.list(family, &all, &mut own);
                    let _ = write!(shard, ",{all},[");
                }
            }
            for (j, (_, exact, postings)) in group.iter().enumerate() {
                if j > 0 {
                    shard.push(',');
                }
                let exact = serde_json::to_string(exact).unwrap_or_default();
                let list = self.list(family, postings, &mut own);
                let _ = write!(shard, "[{exact},{list}]");
            }
            shard.push_str("]]");
            i += same;
            if shard.len() >= SHARD_BYTES || i == entries.len() {
                shard.push(']');
                let n = firsts.len() - 1;
                self.put(format!("{family}{n}.json"), std::mem::take(&mut shard));
            }
        }
        firsts
    }

    /// A list of docs as a shard holds it: inline when short, else `[n, docs, head]` with the
    /// whole list written to file `<family>p<n>`.
    fn list(&mut self, family: char, postings: &Postings, own: &mut usize) -> String {
        let p = postings.encoded();
        if p.len() <= OWN_FILE_BYTES {
            return format!("\"{p}\"");
        }
        self.put(format!("{family}p{own}.json"), format!("\"{p}\""));
        *own += 1;
        format!("[{},{},\"{}\"]", *own - 1, postings.len(), postings.head())
    }

    /// One file per filter value, listing its docs (as postings without weights).
    fn filters(&mut self, site: &Site, ids: &[PageId]) -> Filters {
        let mut doc_of = vec![u32::MAX; site.pages.len()];
        for (n, id) in ids.iter().enumerate() {
            doc_of[id.index()] = n as u32;
        }
        let put = |files: &mut Files, name: String, mut docs: Vec<u32>| {
            docs.sort_unstable();
            let text = code::encode(docs.into_iter().map(|d| (d, 0)), false);
            files.put(name, format!("\"{text}\""));
        };
        let docs_of = |pages: &mut dyn Iterator<Item = PageId>| -> Vec<u32> {
            pages
                .map(|p| doc_of[p.index()])
                .filter(|&d| d != u32::MAX)
                .collect()
        };
        let mut sections = Vec::new();
        for (i, s) in site.sections.iter().enumerate() {
            let mut pages = ids.iter().copied().filter(|p| {
                let mut at = Some(site.pages[p.index()].section);
                while let Some(sec) = at {
                    if sec.0 == i {
                        return true;
                    }
                    at = site.sections[sec.0].parent;
                }
                false
            });
            let docs = docs_of(&mut pages);
            if !docs.is_empty() && !s.dir.is_empty() {
                put(self, format!("m{}.json", sections.len()), docs);
                sections.push((s.dir.clone(), s.title.clone()));
            }
        }
        let mut units = Vec::new();
        for (id, list) in &site.unit_pages {
            let docs = docs_of(&mut list.iter().copied());
            if let (false, Some(u)) = (docs.is_empty(), site.units.get(id.as_str())) {
                put(self, format!("v{}.json", units.len()), docs);
                units.push((id.to_string(), u.name.clone()));
            }
        }
        let mut years: FxHashMap<i32, Vec<u32>> = FxHashMap::default();
        for (n, id) in ids.iter().enumerate() {
            if let Some(d) = site.pages[id.index()].date {
                years
                    .entry(chrono::Datelike::year(&d.day()))
                    .or_default()
                    .push(n as u32);
            }
        }
        let mut year_list: Vec<i32> = years.keys().copied().collect();
        year_list.sort_unstable_by(|a, b| b.cmp(a));
        for y in &year_list {
            put(
                self,
                format!("n{y}.json"),
                years.remove(y).unwrap_or_default(),
            );
        }
        Filters {
            sections,
            units,
            years: year_list,
        }
    }
}

/// `out` with two files per doc added: what its result shows, and the start of its text for
/// the excerpt (apart, so that a page can show titles while a word is typed and read only
/// the texts of the results that stay once typing pauses).
fn doc_files(site: &Site, ordered: &[&Doc], mut out: Files) -> Files {
    let files: Vec<[(String, Vec<u8>); 2]> = ordered
        .par_iter()
        .enumerate()
        .map(|(n, d)| {
            let unit = d
                .unit
                .as_ref()
                .and_then(|u| site.units.get(u.as_str()))
                .map(|u| u.name.as_str());
            let doc = json!({
                "u": d.url,
                "t": d.title,
                "m": site.sections[d.section.0].title,
                "v": unit,
                "d": d.date.map(|d| d.iso_day()),
            });
            let text = serde_json::to_vec(&d.text).unwrap_or_default();
            [
                (format!("{DIR}/d/{n}.json"), doc.to_string().into_bytes()),
                (format!("{DIR}/x/{n}.json"), text),
            ]
        })
        .collect();
    out.0.extend(files.into_iter().flatten());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_grow_with_the_count_and_shrink_with_the_length() {
        assert_eq!(weight(1, 100, 100.0), 5);
        assert!(weight(5, 100, 100.0) > weight(1, 100, 100.0));
        assert!(weight(1, 1000, 100.0) < weight(1, 100, 100.0));
        assert!((1..=9).contains(&weight(1000, 10, 100.0)));
        assert!((1..=9).contains(&weight(1, 100_000, 10.0)));
    }

    #[test]
    fn a_union_keeps_each_docs_highest_weight() {
        let list = |ps: &[(u32, u8)]| {
            let mut p = Postings::default();
            ps.iter().for_each(|&(d, w)| p.push(d, w));
            p
        };
        let (a, b) = (
            list(&[(0, 3), (2, 9), (5, 1)]),
            list(&[(2, 4), (3, 2), (5, 7)]),
        );
        let all = Postings::union([&a, &b].into_iter());
        assert_eq!(
            code::decode(&all.encoded(), true),
            [(0, 3), (2, 9), (3, 2), (5, 7)]
        );
    }

    #[test]
    fn a_head_is_the_heaviest_docs_in_order() {
        let mut p = Postings::default();
        for d in 0..200u32 {
            p.push(d, if d % 50 == 0 { 9 } else { 1 + (d % 3) as u8 });
        }
        let head = code::decode(&p.head(), true);
        assert_eq!(head.len(), HEAD);
        assert_eq!(&head[..2], &[(0, 9), (2, 3)]);
        assert!(head.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(code::decode(&p.encoded(), true).len(), 200);
    }
}
