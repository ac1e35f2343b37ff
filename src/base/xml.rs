//! XML 1.0: the characters it forbids, and escaping for text and attribute values.

/// Escapes `s` for XML text or a quoted attribute, dropping the characters XML 1.0 forbids
/// (C0 controls other than tab and newlines, U+FFFE, U+FFFF), so no content can break a feed.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if is_forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether XML 1.0 forbids `c` anywhere in a document.
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape("a & <b> \"c\" 'd' ]]>"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos; ]]&gt;"
        );
        assert_eq!(escape("x\u{0}\u{7}\u{b}y\u{fffe}\tz\n"), "xy\tz\n");
        assert_eq!(escape("Lai Châu 🇻🇳"), "Lai Châu 🇻🇳");
    }
}
