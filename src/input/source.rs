//! Reading a text file the way editors write it: any line ending, a BOM, decomposed Vietnamese.

use crate::base::diagnostic::Pos;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Why a file's bytes are not usable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub pos: Pos,
    pub message: String,
    pub hint: String,
}

/// Decodes UTF-8, drops a byte-order mark, turns CRLF and CR into LF, drops the control
/// characters that HTML and XML forbid (pasted from office documents, invisible to editors)
/// and composes to NFC, so a file from Windows or a decomposing input method equals its
/// clean twin.
pub fn decode(bytes: &[u8]) -> Result<String, DecodeError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or("");
            return Err(DecodeError {
                pos: Pos::of_offset(good, good.len(), 1),
                message: "tệp không phải văn bản UTF-8".into(),
                hint: "lưu lại tệp với bảng mã UTF-8 (trong Notepad: Lưu thành… > Mã hóa: UTF-8)"
                    .into(),
            });
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    if crate::base::xml::has_forbidden(&text) {
        text.retain(|c| !crate::base::xml::is_forbidden(c));
    }
    Ok(match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_nfd_equal_clean() {
        let clean = "---\ntitle: Chuyển đổi số\n---\n";
        let windows = "\u{feff}---\r\ntitle: Chuyển đổi số\r\n---\r\n";
        let nfd: String = clean.nfd().collect();
        assert_eq!(decode(windows.as_bytes()).unwrap(), clean);
        assert_eq!(decode(nfd.as_bytes()).unwrap(), clean);
    }

    #[test]
    fn forbidden_controls_are_dropped() {
        assert_eq!(decode(b"a\x01b\x0bc\td").unwrap(), "abc\td");
    }

    #[test]
    fn latin1_is_rejected_with_position() {
        let e = decode(b"---\ntitle: Qu\xe1\n").unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 10));
    }
}
