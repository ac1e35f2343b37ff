//! Vietnamese-aware slugs: `Chuyển đổi số là gì?` becomes `chuyen-doi-so-la-gi`.

use unicode_normalization::UnicodeNormalization;

/// The URL slug of `text`: diacritics removed (`đ` -> `d`), lower case, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text.nfc() {
        // `đ`/`Đ` have no decomposition, so they need their own rule; deunicode agrees
        // but we keep it explicit because it is the rule users check first.
        let ascii: std::borrow::Cow<str> = match ch {
            'đ' | 'Đ' => "d".into(),
            c if c.is_ascii() => c.to_string().into(),
            c => deunicode::deunicode_char(c).unwrap_or("").into(),
        };
        for a in ascii.chars() {
            if a.is_ascii_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(a.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn vietnamese_titles() {
        assert_eq!(slugify("Chuyển đổi số là gì?"), "chuyen-doi-so-la-gi");
        assert_eq!(slugify("Đông Du"), "dong-du");
        assert_eq!(slugify("Đồng Du"), "dong-du");
        assert_eq!(slugify("  Sìn Hồ -- Nậm Nhùn  "), "sin-ho-nam-nhun");
        assert_eq!(slugify("Thèn Sin 2025"), "then-sin-2025");
    }

    #[test]
    fn decomposed_input_slugs_like_composed() {
        let nfd = "Chuye\u{0302}\u{0309}n đo\u{0302}\u{0309}i so\u{0302}\u{0301}";
        assert_eq!(slugify(nfd), "chuyen-doi-so");
    }
}
