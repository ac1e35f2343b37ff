//! XML 1.0: the characters it forbids, and escaping for text and attribute values.

/// Escapes `s` for XML text or a quoted attribute, dropping the characters XML 1.0 forbids
/// (C0 controls other than tab and newlines, U+FFFE, U+FFFF), so no content can break a feed.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let _ = escape_to(&mut out, s);
    out
}

/// The bytes that start something `escape_to` changes: one table load per byte.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0xEF] = true;
    t
};

/// `escape`, written straight into `out` (a template's output, a feed being built).
pub fn escape_to<W: std::fmt::Write + ?Sized>(out: &mut W, s: &str) -> std::fmt::Result {
    let bytes = s.as_bytes();
    // Runs of bytes that need nothing are copied whole: everything escaped or dropped starts
    // with an ASCII byte or with 0xEF (U+FFFE and U+FFFF are EF BF BE and EF BF BF).
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !SPECIAL[bytes[i] as usize] {
            i += 1;
            continue;
        }
        out.write_str(&s[run..i])?;
        let c = s[i..].chars().next().expect("a char starts here");
        match c {
            '&' => out.write_str("&amp;")?,
            '<' => out.write_str("&lt;")?,
            '>' => out.write_str("&gt;")?,
            '"' => out.write_str("&quot;")?,
            '\'' => out.write_str("&apos;")?,
            c if is_forbidden(c) => {}
            c => out.write_char(c)?,
        }
        i += c.len_utf8();
        run = i;
    }
    out.write_str(&s[run..])
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
        // U+FEFF and U+FFFD also start with 0xEF and stay.
        assert_eq!(escape("a\u{feff}\u{fffd}\u{ffff}b"), "a\u{feff}\u{fffd}b");
    }
}
