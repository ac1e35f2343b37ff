//! How lists of documents are written in the index: each document as a gap from the one
//! before (and, in postings, its weight 1–9) packed in one number, written as a base-32
//! varint in URL-safe base-64 letters. A word found in every page costs one letter a page,
//! which gzip then shrinks further; JSON numbers cost four. The page's script decodes the
//! same way.

/// The 64 letters, each carrying 5 bits of a number and whether another letter follows.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// The highest weight.
pub const MAX_WEIGHT: u8 = 9;

/// Appends `v` as a varint.
fn push(out: &mut String, mut v: u32) {
    loop {
        let low = (v & 31) as usize;
        v >>= 5;
        let more = if v > 0 { 32 } else { 0 };
        out.push(char::from(ALPHABET[low | more]));
        if v == 0 {
            return;
        }
    }
}

/// Writes ascending docs with their weights (1–9); `weighted: false` writes the docs alone.
pub fn encode(docs: impl IntoIterator<Item = (u32, u8)>, weighted: bool) -> String {
    let mut out = String::new();
    let mut next = 0;
    for (doc, w) in docs {
        let gap = doc - next;
        next = doc + 1;
        match weighted {
            true => push(
                &mut out,
                gap * u32::from(MAX_WEIGHT) + u32::from(w.clamp(1, MAX_WEIGHT) - 1),
            ),
            false => push(&mut out, gap),
        }
    }
    out
}

/// Reads what `encode` wrote (weights are 0 when not `weighted`); stops at a letter that
/// is not in the alphabet.
pub fn decode(text: &str, weighted: bool) -> Vec<(u32, u8)> {
    let mut out = Vec::new();
    let (mut v, mut shift, mut next) = (0u32, 0u32, 0u32);
    for b in text.bytes() {
        let Some(n) = ALPHABET.iter().position(|&a| a == b) else {
            break;
        };
        v |= ((n & 31) as u32).checked_shl(shift).unwrap_or(0);
        shift += 5;
        if n & 32 != 0 {
            continue;
        }
        let (gap, w) = match weighted {
            true => (
                v / u32::from(MAX_WEIGHT),
                (v % u32::from(MAX_WEIGHT)) as u8 + 1,
            ),
            false => (v, 0),
        };
        let doc = next.saturating_add(gap);
        out.push((doc, w));
        next = doc.saturating_add(1);
        (v, shift) = (0, 0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_come_back_as_written() {
        let docs = vec![(0, 1), (1, 9), (2, 5), (40, 3), (100_000, 7)];
        let text = encode(docs.clone(), true);
        assert_eq!(decode(&text, true), docs);
        let plain: Vec<(u32, u8)> = docs.iter().map(|&(d, _)| (d, 0)).collect();
        assert_eq!(decode(&encode(docs, false), false), plain);
    }

    #[test]
    fn a_page_after_the_last_costs_one_letter() {
        let every: Vec<(u32, u8)> = (0..1000).map(|d| (d, 1 + (d % 9) as u8)).collect();
        assert_eq!(encode(every, true).len(), 1000);
        assert_eq!(encode([(0, 1)], true), "A");
        assert!(decode("", true).is_empty());
        assert_eq!(decode("A!", true), [(0, 1)], "a stray letter ends the list");
    }
}
