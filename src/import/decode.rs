//! A feed's bytes as UTF-8 text a feed parser reads: the encoding found from the byte order
//! mark, the HTTP header or the XML declaration (Windows-1258, UTF-16, ...), the result in
//! NFC, and HTML's named entities (`&nbsp;`), which XML does not know, written as numbers.

use encoding_rs::Encoding;
use unicode_normalization::UnicodeNormalization;

/// The text of a feed served as `content_type` (when known).
pub fn text(bytes: &[u8], content_type: Option<&str>) -> String {
    let (encoding, bom) = Encoding::for_bom(bytes).unwrap_or((encoding_rs::UTF_8, 0));
    let body = &bytes[bom..];
    let text = if bom > 0 {
        encoding.decode_without_bom_handling(body).0.into_owned()
    } else {
        best_decoding(body, content_type)
    };
    let text: String = text.nfc().collect();
    let text = without_declaration(&text);
    if text.trim_start().starts_with('{') {
        return text.to_string(); // JSON Feed: no XML entities to mend
    }
    numeric_entities(text)
}

/// Decodes as UTF-8 when the bytes are UTF-8 (Windows-1258 text never is, and servers often
/// name a wrong single-byte code page that would read anything), else with the encoding the
/// header names, then with the one the XML declaration names, taking the first that reads the
/// bytes without a fault.
fn best_decoding(body: &[u8], content_type: Option<&str>) -> String {
    let from_header = content_type
        .and_then(charset)
        .and_then(|c| Encoding::for_label(c.as_bytes()));
    let from_declaration = declared(body);
    let utf16 = match body {
        // `<` and an ASCII letter or `?`, each a byte and a NUL.
        [b'<', 0, c, 0, ..] if c.is_ascii_graphic() => Some(encoding_rs::UTF_16LE),
        [0, b'<', 0, c, ..] if c.is_ascii_graphic() => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    // UTF-16 named in the header cannot be told from UTF-8 by trying: NUL bytes are UTF-8.
    let header_utf16 =
        from_header.filter(|e| *e == encoding_rs::UTF_16LE || *e == encoding_rs::UTF_16BE);
    let candidates: Vec<&'static Encoding> = [
        utf16,
        header_utf16,
        Some(encoding_rs::UTF_8),
        // The document's own declaration before the server's header, which is a default of
        // the server more often than a fact about the file.
        from_declaration,
        from_header,
        // Bytes that are not UTF-8 and name no other encoding (or name UTF-8 wrongly): the
        // Vietnamese code page, which older systems wrote.
        Some(encoding_rs::WINDOWS_1258),
    ]
    .into_iter()
    .flatten()
    .collect();
    for enc in &candidates {
        if let Some(t) = enc.decode_without_bom_handling_and_without_replacement(body) {
            return t.into_owned();
        }
    }
    // Nothing reads it cleanly: the encoding named, with replacement characters.
    let named = utf16.or(from_declaration).or(from_header);
    named
        .unwrap_or(encoding_rs::UTF_8)
        .decode_without_bom_handling(body)
        .0
        .into_owned()
}

/// `charset=` of a `Content-Type` header.
fn charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("charset")).then(|| v.trim().trim_matches('"').to_string())
    })
}

/// The encoding an ASCII-compatible XML declaration names.
fn declared(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(200)];
    let head = std::str::from_utf8(head)
        .unwrap_or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default());
    let decl = head.trim_start().strip_prefix("<?xml")?;
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let name = rest[1..].split(quote).next()?;
    Encoding::for_label(name.as_bytes())
}

/// The text without its XML declaration, which would name an encoding it no longer has.
fn without_declaration(text: &str) -> &str {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    match t
        .strip_prefix("<?xml")
        .and_then(|r| r.find("?>").map(|i| &r[i + 2..]))
    {
        Some(rest) => rest,
        None => t,
    }
}

/// HTML named entities outside CDATA as numeric references (`&nbsp;` -> `&#160;`); XML's own
/// five, numeric ones and unknown names are left as they are.
fn numeric_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find(['&', '<']) {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        if let Some(cdata) = rest.strip_prefix("<![CDATA[") {
            let end = cdata.find("]]>").map_or(cdata.len(), |e| e + 3);
            out.push_str(&rest[..9 + end]);
            rest = &cdata[end..];
            continue;
        }
        if rest.starts_with('<') {
            out.push('<');
            rest = &rest[1..];
            continue;
        }
        let name_end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map(|i| i + 1);
        match name_end {
            Some(e) if e > 1 && rest[e..].starts_with(';') => {
                let entity = &rest[..=e];
                let name = &rest[1..e];
                let decoded = html_escape::decode_html_entities(entity);
                if matches!(name, "amp" | "lt" | "gt" | "quot" | "apos") || decoded == entity {
                    out.push_str(entity);
                } else {
                    for c in decoded.chars() {
                        out.push_str(&format!("&#{};", c as u32));
                    }
                }
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1258_from_the_declaration_or_the_header() {
        // "Chuyển đổi số" in Windows-1258: precomposed ê, ô, đ and combining tone marks
        // (0xD2 hook above, 0xEC acute), as Vietnamese text in that code page is written.
        let word = b"Chuy\xEA\xD2n \xF0\xF4\xD2i s\xF4\xEC";
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"windows-1258\"?><t>".to_vec();
        bytes.extend_from_slice(word);
        bytes.extend_from_slice(b"</t>");
        let t = text(&bytes, None);
        assert_eq!(t, "<t>Chuyển đổi số</t>");
        // A header naming the code page wins over a missing declaration.
        let bare = &bytes[bytes.iter().position(|&b| b == b'>').unwrap() + 1..];
        assert_eq!(
            text(bare, Some("text/xml; charset=windows-1258")),
            "<t>Chuyển đổi số</t>"
        );
        // A header naming UTF-8 wrongly: the declaration is tried next.
        assert_eq!(
            text(&bytes, Some("text/xml; charset=utf-8")),
            "<t>Chuyển đổi số</t>"
        );
    }

    #[test]
    fn windows_1258_that_names_no_encoding_or_the_wrong_one() {
        let mut bytes = b"<?xml version=\"1.0\"?><t>".to_vec();
        bytes.extend_from_slice(b"Chuy\xEA\xD2n \xF0\xF4\xD2i s\xF4\xEC");
        bytes.extend_from_slice(b"</t>");
        assert_eq!(text(&bytes, None), "<t>Chuyển đổi số</t>");
        let declared = [
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?>".as_slice(),
            &bytes[21..],
        ]
        .concat();
        assert_eq!(text(&declared, None), "<t>Chuyển đổi số</t>");
    }

    #[test]
    fn utf8_is_read_as_utf8_whatever_the_header_says() {
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><t>Lai Châu</t>";
        assert_eq!(
            text(body.as_bytes(), Some("text/xml; charset=iso-8859-1")),
            "<t>Lai Châu</t>"
        );
    }

    #[test]
    fn the_declaration_wins_over_a_single_byte_header_and_utf16_headers_are_believed() {
        let mut bytes = b"<?xml version=\"1.0\" encoding=\"windows-1258\"?><t>".to_vec();
        bytes.extend_from_slice(b"s\xF4\xEC</t>");
        assert_eq!(
            text(&bytes, Some("text/xml; charset=iso-8859-1")),
            "<t>số</t>"
        );
        let le: Vec<u8> = "<rss>Lai Châu</rss>"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            text(&le[2..], Some("application/rss+xml; charset=utf-16le")).trim_start_matches('\0'),
            "rss>Lai Châu</rss>"
        );
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let s = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><t>Lai Châu</t>";
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(text(&le, None), "<t>Lai Châu</t>");
        let mut be: Vec<u8> = vec![0xfe, 0xff];
        be.extend(s.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(text(&be, None), "<t>Lai Châu</t>");
    }

    #[test]
    fn html_entities_become_numbers_outside_cdata() {
        assert_eq!(
            numeric_entities(
                "<t>a&nbsp;b &amp; &hellip; &#39; &bogus; R&D</t><d><![CDATA[x&nbsp;y]]></d>"
            ),
            "<t>a&#160;b &amp; &#8230; &#39; &bogus; R&D</t><d><![CDATA[x&nbsp;y]]></d>"
        );
    }
}
