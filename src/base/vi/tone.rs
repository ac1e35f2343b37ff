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
    let mut out = String::with_capacity(nfc.len());
    let mut changed = false;
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String, changed: &mut bool| {
        if let Some(w) = place_tone(word) {
            out.push_str(&w);
            *changed = true;
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in nfc.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out, &mut changed);
            out.push(c);
        }
    }
    flush(&mut word, &mut out, &mut changed);
    if changed {
        Cow::Owned(out)
    } else {
        nfc
    }
}

/// One letter of a word in NFD: its base, its quality mark, its tone.
#[derive(Clone, Copy)]
struct Letter {
    base: char,
    quality: Option<char>,
    tone: Option<char>,
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Whether the marks sit where Vietnamese puts them (tones and quality marks on vowels only:
/// â ă ê ô ơ ư) and `vowels` is a Vietnamese vowel group, so `où` or `ñu` are left alone.
fn is_syllable(letters: &[Letter], lower: &[char], vowels: std::ops::Range<usize>) -> bool {
    let marks_fit = letters.iter().zip(lower).all(|(l, &c)| match l.quality {
        None => l.tone.is_none() || is_vowel(c),
        Some('\u{302}') => matches!(c, 'a' | 'e' | 'o'),
        Some('\u{306}') => c == 'a',
        Some(_) => matches!(c, 'o' | 'u'),
    });
    let group: String = vowels
        .flat_map(|i| std::iter::once(lower[i]).chain(letters[i].quality).nfc())
        .collect();
    marks_fit && NUCLEI.contains(&group.as_str())
}

/// The word (NFC, letters only) with its tone moved to the canonical vowel, or `None` when it
/// is already there or the word is not a Vietnamese syllable.
fn place_tone(word: &str) -> Option<String> {
    let mut letters = decompose(word)?;
    let toned: Vec<usize> = (0..letters.len())
        .filter(|&i| letters[i].tone.is_some())
        .collect();
    let [at] = toned[..] else { return None };
    let target = tone_target(&letters)?;
    if target == at {
        return None;
    }
    let tone = letters[at].tone.take();
    letters[target].tone = tone;
    let mut nfd = String::with_capacity(word.len() + 4);
    for l in &letters {
        nfd.push(l.base);
        nfd.extend(l.quality);
        nfd.extend(l.tone);
    }
    Some(nfd.nfc().collect())
}

/// The word's letters with their marks, or `None` for anything but Latin letters carrying at
/// most one quality mark and one tone each.
fn decompose(word: &str) -> Option<Vec<Letter>> {
    let mut letters: Vec<Letter> = Vec::new();
    for c in word.nfd() {
        if TONES.contains(&c) {
            let last = letters.last_mut()?;
            if last.tone.replace(c).is_some() {
                return None;
            }
        } else if QUALITY.contains(&c) {
            let last = letters.last_mut()?;
            if last.quality.replace(c).is_some() {
                return None;
            }
        } else if c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' {
            letters.push(Letter {
                base: c,
                quality: None,
                tone: None,
            });
        } else {
            return None;
        }
    }
    Some(letters)
}

/// Where the modern placement puts the tone of the syllable `letters`, or `None` when they
/// are not a Vietnamese syllable.
fn tone_target(letters: &[Letter]) -> Option<usize> {
    let lower: Vec<char> = letters
        .iter()
        .map(|l| l.base.to_lowercase().next().unwrap_or(l.base))
        .collect();
    let first = lower.iter().position(|&c| is_vowel(c))?;
    let end = first + lower[first..].iter().take_while(|&&c| is_vowel(c)).count();
    let mut start = first;
    let mut initial: String = lower[..first].iter().collect();
    // The `u` of `qu` and the `i` of `gi` (before another vowel) belong to the consonant.
    if (initial == "q" && lower[first] == 'u' || initial == "g" && lower[first] == 'i')
        && end - first >= 2
    {
        initial.push(lower[first]);
        start += 1;
    }
    let fin: String = lower[end..].iter().collect();
    let vowels = start..end;
    if !INITIALS.contains(&initial.as_str())
        || !FINALS.contains(&fin.as_str())
        || !is_syllable(letters, &lower, vowels.clone())
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
