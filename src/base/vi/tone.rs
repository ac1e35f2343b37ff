//! One canonical tone placement, so `hòa` and `hoà`, `thúy` and `thuý`, `khỏe` and `khoẻ`
//! compare and merge as one word.
//!
//! Vietnamese keyboards offer two placements for the open syllables `oa`, `oe` and `uy`: the
//! old one puts the tone on the first vowel (`hòa`), the modern one on the main vowel
//! (`hoà`). loa compares in the modern placement, the one the 1984 spelling rules of the
//! Ministry of Education follow: a tone goes on the vowel that carries a quality mark
//! (ă â ê ô ơ ư, the last of them in `ươ`), else on the last vowel before a final consonant,
//! else on the middle of three vowels, else on the second of `oa`, `oe`, `uy` and on the first
//! of any other pair. The `u` of `qu` and the `i` of `gi` belong to the consonant.
//! Words that are not Vietnamese syllables (`café`, `OK`) are left as they are.

use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// The five tone marks as combining characters: huyền, sắc, hỏi, ngã, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];
/// The marks that make a vowel a letter of its own: â ê ô (circumflex), ă (breve), ơ ư (horn).
const QUALITY: [char; 3] = ['\u{302}', '\u{306}', '\u{31B}'];

const INITIALS: [&str; 28] = [
    "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
    "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
];
const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
/// The vowel groups of Vietnamese syllables (after the `u` of `qu` and the `i` of `gi`).
const NUCLEI: [&str; 55] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "oai", "oay", "oao", "oeo", "uây",
    "uôi", "ươi", "ươu", "uya", "uyê", "uyu", "yêu",
];

/// `text` in NFC with every Vietnamese syllable's tone in the modern placement.
pub fn canonical(text: &str) -> Cow<'_, str> {
    let nfc: Cow<str> = if unicode_normalization::is_nfc(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    };
    // A word of ASCII letters carries no tone mark.
    if nfc.is_ascii() {
        return nfc;
    }
    // A circumflex, breve or horn left uncomposed after a tone mark (`A` + hook + circumflex):
    // the letter comes first, then its tone, as the letters are written.
    let nfc = match nfc.contains(['\u{302}', '\u{306}', '\u{31b}']) {
        true => Cow::Owned(letters_before_tones(&nfc)),
        false => nfc,
    };
    // Built only once a word moves its tone: most text is already in the modern placement.
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut words = Words { text: &nfc, at: 0 };
    while let Some((start, end)) = words.next_word() {
        if let Some(w) = place_tone(&nfc[start..end]) {
            let o = out.get_or_insert_with(|| String::with_capacity(nfc.len() + 4));
            o.push_str(&nfc[copied..start]);
            o.push_str(&w);
            copied = end;
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&nfc[copied..]);
            // A word with two tone marks (no Vietnamese word) may leave one uncomposed.
            if !unicode_normalization::is_nfc(&o) {
                o = o.nfc().collect();
            }
            Cow::Owned(o)
        }
        None => nfc,
    }
}

/// `text` in NFC with each letter's marks reordered: circumflex, breve and horn (which make
/// letters) before the tone marks, so that they compose with their letter.
fn letters_before_tones(text: &str) -> String {
    const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    let mut marks: Vec<char> = Vec::new();
    let flush = |out: &mut Vec<char>, marks: &mut Vec<char>| {
        // Stable: the order among letter marks and among tones stays.
        marks.sort_by_key(|c| TONE_MARKS.contains(c));
        out.append(marks);
    };
    for c in text.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            marks.push(c);
        } else {
            flush(&mut out, &mut marks);
            out.push(c);
        }
    }
    flush(&mut out, &mut marks);
    out.into_iter().nfc().collect()
}

/// The runs of letters of a text, by byte range.
struct Words<'t> {
    text: &'t str,
    at: usize,
}

impl Words<'_> {
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let rest = &self.text[self.at..];
        let start = self.at + rest.find(char::is_alphabetic)?;
        let len = self.text[start..]
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(self.text.len() - start);
        self.at = start + len;
        Some((start, start + len))
    }
}

/// One letter of a word in NFD: its base, its quality mark, its tone.
#[derive(Clone, Copy, Default)]
struct Letter {
    base: char,
    quality: Option<char>,
    tone: Option<char>,
}

/// The most letters a word may have to be taken for a syllable (`nghiêng` has seven).
const MAX_LETTERS: usize = 8;

/// A word's letters, kept on the stack: this runs on every word of every title sorted.
#[derive(Clone, Copy)]
struct Letters {
    all: [Letter; MAX_LETTERS],
    len: usize,
}

impl std::ops::Deref for Letters {
    type Target = [Letter];

    fn deref(&self) -> &[Letter] {
        &self.all[..self.len]
    }
}

impl std::ops::DerefMut for Letters {
    fn deref_mut(&mut self) -> &mut [Letter] {
        &mut self.all[..self.len]
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Whether the chars of `chars` spell `s`.
fn spells(chars: &[char], s: &str) -> bool {
    chars.iter().copied().eq(s.chars())
}

/// A vowel group as (base, quality mark) pairs.
type Nucleus = Vec<(char, Option<char>)>;

/// Each of `NUCLEI` as (base, quality mark) pairs, split once.
static NUCLEI_SPLIT: std::sync::LazyLock<Vec<Nucleus>> = std::sync::LazyLock::new(|| {
    NUCLEI
        .iter()
        .map(|n| {
            n.chars()
                .filter_map(split)
                .map(|l| (l.base, l.quality))
                .collect()
        })
        .collect()
});

/// Whether the marks sit where Vietnamese puts them (tones and quality marks on vowels only:
/// â ă ê ô ơ ư) and `vowels` is a Vietnamese vowel group, so `où` or `ñu` are left alone.
fn is_syllable(letters: &[Letter], lower: &[char], vowels: std::ops::Range<usize>) -> bool {
    let marks_fit = letters.iter().zip(lower).all(|(l, &c)| match l.quality {
        None => l.tone.is_none() || is_vowel(c),
        Some('\u{302}') => matches!(c, 'a' | 'e' | 'o'),
        Some('\u{306}') => c == 'a',
        Some(_) => matches!(c, 'o' | 'u'),
    });
    let group = vowels.map(|i| (lower[i], letters[i].quality));
    marks_fit
        && NUCLEI_SPLIT
            .iter()
            .any(|n| n.len() == group.len() && n.iter().copied().eq(group.clone()))
}

/// The word (NFC, letters only) with its tone moved to the canonical vowel, or `None` when it
/// is already there or the word is not a Vietnamese syllable.
fn place_tone(word: &str) -> Option<String> {
    let mut letters = decompose(word)?;
    let mut toned = (0..letters.len()).filter(|&i| letters[i].tone.is_some());
    let (Some(at), None) = (toned.next(), toned.next()) else {
        return None;
    };
    // A tone on a vowel between consonants has nowhere else to go.
    let vowel = |i: usize| {
        letters
            .get(i)
            .is_some_and(|l: &Letter| is_vowel(lower(l.base)))
    };
    if !(at > 0 && vowel(at - 1) || vowel(at + 1)) {
        return None;
    }
    let target = tone_target(&letters)?;
    if target == at {
        return None;
    }
    let tone = letters[at].tone.take();
    letters[target].tone = tone;
    let mut nfd = String::with_capacity(word.len() + 4);
    for l in letters.iter() {
        nfd.push(l.base);
        nfd.extend(l.quality);
        nfd.extend(l.tone);
    }
    Some(nfd.nfc().collect())
}

/// The lower case of a letter's base (ASCII, or `Đ`).
fn lower(c: char) -> char {
    match c {
        'Đ' => 'đ',
        c => c.to_ascii_lowercase(),
    }
}

/// A Latin letter split into its base and at most one quality mark and one tone; `None` for
/// anything else.
fn split(c: char) -> Option<Letter> {
    if c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' {
        return Some(Letter {
            base: c,
            ..Letter::default()
        });
    }
    let mut letter: Option<Letter> = None;
    let mut ok = true;
    unicode_normalization::char::decompose_canonical(c, |d| {
        ok &= match (&mut letter, d) {
            (None, d) if d.is_ascii_alphabetic() => {
                letter = Some(Letter {
                    base: d,
                    ..Letter::default()
                });
                true
            }
            (Some(l), d) if TONES.contains(&d) => l.tone.replace(d).is_none(),
            (Some(l), d) if QUALITY.contains(&d) => l.quality.replace(d).is_none(),
            _ => false,
        };
    });
    letter.filter(|_| ok)
}

/// The word's letters with their marks, or `None` for anything but Latin letters carrying at
/// most one quality mark and one tone each (marks may also follow as combining characters).
fn decompose(word: &str) -> Option<Letters> {
    let mut letters = Letters {
        all: [Letter::default(); MAX_LETTERS],
        len: 0,
    };
    for c in word.chars() {
        if TONES.contains(&c) || QUALITY.contains(&c) {
            let last = letters.last_mut()?;
            let slot = match TONES.contains(&c) {
                true => &mut last.tone,
                false => &mut last.quality,
            };
            if slot.replace(c).is_some() {
                return None;
            }
            continue;
        }
        if letters.len == MAX_LETTERS {
            return None;
        }
        letters.all[letters.len] = split(c)?;
        letters.len += 1;
    }
    Some(letters)
}

/// Where the modern placement puts the tone of the syllable `letters`, or `None` when they
/// are not a Vietnamese syllable.
fn tone_target(letters: &[Letter]) -> Option<usize> {
    let mut buf = ['\0'; MAX_LETTERS];
    for (b, l) in buf.iter_mut().zip(letters) {
        *b = lower(l.base);
    }
    let lower = &buf[..letters.len()];
    let first = lower.iter().position(|&c| is_vowel(c))?;
    let end = first + lower[first..].iter().take_while(|&&c| is_vowel(c)).count();
    let mut start = first;
    // The `u` of `qu` and the `i` of `gi` (before another vowel) belong to the consonant.
    let initial = &lower[..first];
    if (spells(initial, "q") && lower[first] == 'u' || spells(initial, "g") && lower[first] == 'i')
        && end - first >= 2
    {
        start += 1;
    }
    let initial = &lower[..start];
    let fin = &lower[end..];
    let vowels = start..end;
    if !INITIALS.iter().any(|i| spells(initial, i))
        || !FINALS.iter().any(|f| spells(fin, f))
        || !is_syllable(letters, lower, vowels.clone())
    {
        return None;
    }
    let marked = vowels.clone().rev().find(|&i| letters[i].quality.is_some());
    Some(match (marked, vowels.len()) {
        (Some(i), _) => i,
        (None, _) if !fin.is_empty() => end - 1,
        (None, 3) => start + 1,
        (None, 2) if matches!(&lower[vowels], ['o', 'a'] | ['o', 'e'] | ['u', 'y']) => start + 1,
        (None, _) => start,
    })
}

/// The key under which two spellings of one name are the same: canonical tones, NFC, lower
/// case, single spaces (`Văn hoá  – Xã hội` and `văn hóa – xã hội`).
pub fn name_key(text: &str) -> String {
    let canon = canonical(text.trim());
    let mut out = String::with_capacity(canon.len());
    for (i, w) in canon.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn placing_tones_twice_changes_nothing() {
        // Found by the `words` fuzz target: two tone marks in one "word" left one uncomposed.
        for text in [
            "hoà thuný uíuný úi 4p\u{302}u4p\u{302}úí",
            "c%huA\u{309}\u{302}.",
        ] {
            let once = canonical(text).into_owned();
            assert_eq!(canonical(&once), once, "{text:?}");
            assert!(unicode_normalization::is_nfc(&once));
        }
        // A tone typed before the circumflex is the same letter.
        assert_eq!(canonical("la\u{309}\u{302}u"), canonical("lẩu"));
    }

    use super::{canonical, name_key};

    #[test]
    fn old_placements_become_modern() {
        for (old, modern) in [
            ("hòa", "hoà"),
            ("Hòa Bình", "Hoà Bình"),
            ("thúy", "thuý"),
            ("khỏe", "khoẻ"),
            ("thủy", "thuỷ"),
            ("họa", "hoạ"),
            ("HÒA", "HOÀ"),
            ("qúy", "quý"),
            ("gìa", "già"),
            ("hòan", "hoàn"),
        ] {
            assert_eq!(canonical(old), modern, "{old}");
            assert_eq!(canonical(modern), modern, "{modern}");
        }
    }

    #[test]
    fn placements_that_agree_stay() {
        for w in [
            "người",
            "mùa",
            "tuổi",
            "ngoài",
            "khuỷu",
            "giữa",
            "quý",
            "gì",
            "thuyết",
            "Sìn Hồ",
            "Tủa Sín Chải",
            "chuyển đổi số",
            "café",
            "OK",
            "Đoàn Kết",
            "năm 2025",
        ] {
            assert_eq!(canonical(w), w, "{w}");
        }
    }

    #[test]
    fn decomposed_input_is_composed() {
        let nfd = "ho\u{300}a";
        assert_eq!(canonical(nfd), "hoà");
        let nfd = "Chuye\u{0302}\u{0309}n đo\u{0302}\u{0309}i so\u{0302}\u{0301}";
        assert_eq!(canonical(nfd), "Chuyển đổi số");
    }

    #[test]
    fn names_differing_in_tone_placement_case_or_spaces_share_a_key() {
        assert_eq!(
            name_key("Văn hóa – Xã hội"),
            name_key(" văn hoá  –  xã hội ")
        );
        assert_ne!(name_key("số"), name_key("sổ"));
    }
}
