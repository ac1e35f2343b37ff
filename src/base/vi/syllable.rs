//! Search keys of Vietnamese words: one word however it was typed.
//!
//! People type with or without marks, in NFC or NFD (Unicode "tổ hợp"), with the old or the
//! modern tone placement, `quí` or `quý`. Each word gets two keys: `exact`, with its marks, in
//! one spelling (so `hoà` and `hòa` are one word, `số` and `sổ` are two), and `folded`, without
//! any mark and with `đ` as `d` (so `duong` finds `đường`, `dương` and `đương`).

use super::tone;
use std::ops::Range;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// One word of a text: where it is and its two keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    /// Byte range in the text as it was given (for marking it in an excerpt).
    pub range: Range<usize>,
    /// Lower case, NFC, modern tone placement, `qu` + `i` written `qu` + `y`.
    pub exact: String,
    /// `exact` without any mark, `đ` as `d`.
    pub folded: String,
}

/// The words of `text` (runs of letters, digits and combining marks), in order, with their
/// keys.
pub fn syllables(text: &str) -> Vec<Syllable> {
    word_ranges(text)
        .map(|range| {
            let (exact, folded) = keys(&text[range.clone()]);
            Syllable {
                range,
                exact,
                folded,
            }
        })
        .collect()
}

/// Whether `c` belongs to a word.
fn is_word(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphanumeric(),
        // Latin-1 letters and Latin Extended-A/B, the Vietnamese block: letters all, but
        // for × and ÷. A quick answer for the letters of Vietnamese text.
        0xc0..=0x24f if c != '×' && c != '÷' => true,
        0x1ea0..=0x1eff => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// The byte ranges of the words of `text`, in order.
pub fn word_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = chars.find(|&(_, c)| is_word(c))?;
        while chars.next_if(|&(_, c)| is_word(c)).is_some() {}
        Some(start..chars.peek().map_or(text.len(), |&(i, _)| i))
    })
}

/// The `exact` and `folded` keys of one word.
pub fn keys(word: &str) -> (String, String) {
    let lower: String = tone::canonical(word)
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    let exact = qu_y(&lower).unwrap_or(lower);
    let folded = fold(&exact);
    (exact, folded)
}

/// `text` without marks, `đ` as `d`; case is kept.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// The five tone marks (acute, grave, hook, tilde, dot below), as combining characters.
const TONES: [char; 5] = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'];

/// A word split into its letters without tone (lower case, NFC, `quy` for `qui`) and its
/// tone marks, so that two spellings of one word compare equal wherever the tone was placed.
/// The page's script computes the same split.
pub fn tone_key(word: &str) -> (String, String) {
    let lower: String = word.nfd().flat_map(char::to_lowercase).collect();
    let tones: String = lower.chars().filter(|c| TONES.contains(c)).collect();
    let base: String = lower.chars().filter(|c| !TONES.contains(c)).nfc().collect();
    (qu_y(&base).unwrap_or(base), tones)
}

/// `quí`, `quít`, `quỉ` spelled with `y` (`quý`, `quýt`, `quỷ`), the spelling dictionaries
/// give first; `None` when the word is not `qu` + `i` + a final consonant or nothing.
fn qu_y(lower: &str) -> Option<String> {
    let rest = lower.strip_prefix("qu")?;
    let nfd: String = rest.nfd().collect();
    let after_i = nfd.strip_prefix('i')?;
    let final_consonant: String = after_i.chars().filter(|&c| !is_combining_mark(c)).collect();
    let finals = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
    finals
        .contains(&final_consonant.as_str())
        .then(|| format!("quy{after_i}").nfc().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(text: &str) -> Vec<String> {
        syllables(text).into_iter().map(|s| s.exact).collect()
    }

    fn folded(text: &str) -> Vec<String> {
        syllables(text).into_iter().map(|s| s.folded).collect()
    }

    #[test]
    fn marks_are_optional_in_the_folded_key() {
        assert_eq!(folded("đổi"), ["doi"]);
        assert_eq!(folded("Đà Lạt"), ["da", "lat"]);
        assert_eq!(folded("tôi được đi học"), ["toi", "duoc", "di", "hoc"]);
        for w in ["đường", "dương", "đương", "Duong"] {
            assert_eq!(folded(w), ["duong"], "{w}");
        }
    }

    #[test]
    fn marks_count_in_the_exact_key() {
        assert_ne!(exact("đường"), exact("dương"));
        assert_ne!(exact("dương"), exact("đương"));
        assert_ne!(exact("số"), exact("sổ"));
        assert_eq!(exact("Đường"), ["đường"]);
    }

    #[test]
    fn one_spelling_of_each_word() {
        for (a, b) in [
            ("hoà", "hòa"),
            ("thuý", "thúy"),
            ("khoẻ", "khỏe"),
            ("quí", "quý"),
            ("quít", "quýt"),
            ("Hoà Bình", "hòa bình"),
        ] {
            assert_eq!(exact(a), exact(b), "{a} / {b}");
        }
        // `qu` + `i` before a vowel is another word, left as it is.
        assert_eq!(exact("quia"), ["quia"]);
        assert_eq!(exact("quyết"), ["quyết"]);
    }

    #[test]
    fn nfd_input_gives_the_same_keys_and_its_own_ranges() {
        let nfc = "Chuyển đổi số";
        let nfd: String = nfc.nfd().collect();
        assert_eq!(exact(&nfd), exact(nfc));
        assert_eq!(folded(&nfd), ["chuyen", "doi", "so"]);
        let words: Vec<&str> = syllables(&nfd).into_iter().map(|s| &nfd[s.range]).collect();
        assert_eq!(words.concat(), nfd.replace(' ', ""));
    }

    #[test]
    fn tone_keys_ignore_where_the_tone_stands() {
        assert_eq!(tone_key("hoà"), tone_key("hòa"));
        assert_eq!(tone_key("Khoẻ"), tone_key("khỏe"));
        assert_eq!(tone_key("quí"), tone_key("quý"));
        assert_eq!(tone_key("quí"), ("quy".into(), "\u{301}".into()));
        assert_eq!(tone_key("đường"), ("đương".into(), "\u{300}".into()));
        assert_ne!(tone_key("số"), tone_key("sổ"));
        assert_eq!(tone_key("dương").1, "");
    }

    #[test]
    fn the_quick_letter_test_agrees_with_unicode() {
        for c in (0..0x2000).filter_map(char::from_u32) {
            assert_eq!(
                is_word(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn words_are_letters_and_digits() {
        let s = syllables("Mạng 5G, (VNeID) – café!");
        let words: Vec<&str> = s.iter().map(|s| s.exact.as_str()).collect();
        assert_eq!(words, ["mạng", "5g", "vneid", "café"]);
        assert_eq!(s[3].folded, "cafe");
        assert_eq!(s[1].range, "Mạng ".len().."Mạng 5G".len());
        assert!(syllables(" – , ").is_empty());
    }
}
