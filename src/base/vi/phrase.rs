//! Keyword phrases found in a text: whole syllables in a row, case and tone placement aside
//! (`hoà` = `hòa`), marks significant (`số` is not `sổ`).

use super::syllable::{keys, word_ranges};

/// The exact keys of the words of `text`, in order.
pub fn words(text: &str) -> Vec<String> {
    word_ranges(text).map(|r| keys(&text[r]).0).collect()
}

/// A phrase to look for, as the exact keys of its words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Phrase(Vec<String>);

impl Phrase {
    /// The phrase of `text`; `None` when it has no word.
    pub fn new(text: &str) -> Option<Phrase> {
        Some(Phrase(words(text))).filter(|p| !p.0.is_empty())
    }

    /// Whether the words `text` (from [`words`]) hold the phrase's words in a row.
    pub fn is_in(&self, text: &[String]) -> bool {
        text.windows(self.0.len()).any(|w| w == self.0.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_syllables_marks_significant_one_tone_placement() {
        let p = Phrase::new("Chuyển đổi số").unwrap();
        assert!(p.is_in(&words("Đẩy mạnh CHUYỂN ĐỔI SỐ ở xã")));
        // NFD, as some systems write it.
        assert!(p.is_in(&words(
            "chuye\u{302}\u{309}n đo\u{302}\u{309}i so\u{302}\u{301}"
        )));
        assert!(!p.is_in(&words("chuyển đổi sổ sách")));
        assert!(!p.is_in(&words("chuyen doi so")));
        let hoa = Phrase::new("hòa mạng").unwrap();
        assert!(hoa.is_in(&words("Hoà mạng di động")));
        // Whole syllables only: `mã` is not in `mãi`.
        assert!(!Phrase::new("mã").unwrap().is_in(&words("mãi mãi")));
        assert!(Phrase::new(" , ").is_none());
    }
}
