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
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    // SIMD validation is several times faster than the standard library's on Vietnamese,
    // where most letters take two or three bytes; the standard one then finds the position.
    let mut text = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: validated as UTF-8 just above.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        let e = std::str::from_utf8(&bytes).expect_err("simdutf8 found it invalid");
        let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
        return Err(DecodeError {
            pos: Pos::of_offset(good, good.len(), 1),
            message: "tệp không phải văn bản UTF-8".into(),
            hint: "lưu lại tệp với bảng mã UTF-8 (trong Notepad: Lưu thành… > Mã hóa: UTF-8)"
                .into(),
        });
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    // Nearly every file is clean: one pass over the bytes says so without copying.
    let scan = Scan::of(&text);
    if scan.carriage_returns {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    if scan.forbidden {
        text.retain(|c| !crate::base::xml::is_forbidden(c));
    }
    if scan.maybe_not_nfc && is_nfc_quick(text.chars()) != IsNormalized::Yes {
        text = text.nfc().collect();
    }
    Ok(text)
}

/// What one pass over a text's bytes found that needs fixing.
#[derive(Default)]
struct Scan {
    carriage_returns: bool,
    /// A character XML 1.0 forbids (`base::xml::is_forbidden`), found by its bytes: an ASCII
    /// control, or U+FFFE and U+FFFF (EF BF BE and EF BF BF).
    forbidden: bool,
    /// A character that is not a composed starter: only then is the NFC check worth its cost.
    maybe_not_nfc: bool,
}

impl Scan {
    fn of(text: &str) -> Scan {
        let b = text.as_bytes();
        match is_plainly_clean(b) {
            true => Scan::default(),
            false => Scan::letter_by_letter(b),
        }
    }

    fn letter_by_letter(b: &[u8]) -> Scan {
        let mut scan = Scan::default();
        let mut i = 0;
        while i < b.len() {
            // Eight bytes of printable ASCII at once: none has the high bit or is below 0x20.
            if let Some(w) = b.get(i..i + 8) {
                let w = u64::from_le_bytes(w.try_into().expect("eight bytes"));
                const HIGH: u64 = 0x8080_8080_8080_8080;
                if w & HIGH == 0 && w.wrapping_add(0x6060_6060_6060_6060) & HIGH == HIGH {
                    i += 8;
                    continue;
                }
            }
            let x = b[i];
            i += match x {
                b'\r' => {
                    scan.carriage_returns = true;
                    1
                }
                b'\t' | b'\n' => 1,
                0..0x20 => {
                    scan.forbidden = true;
                    1
                }
                0x20..0x80 => 1,
                // U+0080..U+02FF: Latin-1 and the Latin extensions, all composed starters.
                0xC2..=0xCB => 2,
                // U+1E00..U+1EFF, Latin Extended Additional: Vietnamese's composed letters.
                0xE1 if matches!(b.get(i + 1), Some(0xB8..=0xBB)) => 3,
                _ => {
                    if x == 0xEF && b.get(i + 1) == Some(&0xBF) {
                        scan.forbidden |= matches!(b.get(i + 2), Some(0xBE | 0xBF));
                    }
                    scan.maybe_not_nfc = true;
                    1
                }
            };
        }
        scan
    }
}

/// Whether `b` (valid UTF-8) holds only tabs, newlines, printable ASCII and the letters of the
/// fast ranges of `Scan::letter_by_letter`, by a test of each byte and the one before it that the compiler
/// runs on many bytes at once: most sources pass, and only the others are scanned letter by
/// letter.
fn is_plainly_clean(b: &[u8]) -> bool {
    let suspect = |prev: u8, x: u8| {
        let control = x < 0x20 && x != b'\t' && x != b'\n';
        // Lead bytes outside U+0080..U+02FF and U+1E00..U+1EFF (0xE1 is checked by its next byte).
        let other_lead = x >= 0xCC && x != 0xE1;
        let other_e1 = prev == 0xE1 && !(0xB8..=0xBB).contains(&x);
        control | other_lead | other_e1
    };
    let Some(&first) = b.first() else {
        return true;
    };
    let rest = b.iter().zip(&b[1..]);
    !rest.fold(suspect(0, first), |bad, (&p, &x)| bad | suspect(p, x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_nfd_equal_clean() {
        let clean = "---\ntitle: Chuyển đổi số\n---\n";
        let windows = "\u{feff}---\r\ntitle: Chuyển đổi số\r\n---\r\n";
        let nfd: String = clean.nfd().collect();
        assert_eq!(decode(windows.as_bytes().to_vec()).unwrap(), clean);
        assert_eq!(decode(nfd.as_bytes().to_vec()).unwrap(), clean);
    }

    #[test]
    fn the_quick_test_passes_only_what_the_scan_finds_clean() {
        let clean = "---\ntitle: \"Chuyển đổi số: Đà Lạt, Ưu tiên\"\n---\n\tỨng dụng. café\n";
        assert!(is_plainly_clean(clean.as_bytes()));
        let nfd: String = "Việt".nfd().collect();
        for dirty in [
            "a\r\nb",
            "a\u{1}b",
            "ab\u{FFFE}",
            &nfd,
            "Ω ≠ 1",
            "\u{1F71}",
            "ឃ",
            "😀",
        ] {
            assert!(!is_plainly_clean(dirty.as_bytes()), "{dirty:?}");
        }
        assert!(is_plainly_clean(b""));
        // Every character the quick test lets pass is one the careful scan passes too.
        for c in ('\0'..='\u{FFFF}').chain('\u{10000}'..='\u{1FFFF}') {
            let text = format!("a{c}b");
            if is_plainly_clean(text.as_bytes()) {
                let scan = Scan::letter_by_letter(text.as_bytes());
                let found = scan.carriage_returns || scan.forbidden || scan.maybe_not_nfc;
                assert!(!found, "{c:?}");
            }
        }
    }

    #[test]
    fn the_fast_ranges_hold_only_composed_starters() {
        use unicode_normalization::char::canonical_combining_class;
        let fast = ('\u{80}'..='\u{2ff}').chain('\u{1e00}'..='\u{1eff}');
        for c in fast {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        // A combining mark after a fast letter is still found.
        assert_eq!(
            decode("Vie\u{0302}\u{0323}t".as_bytes().to_vec()).unwrap(),
            "Việt"
        );
        assert_eq!(
            decode("\u{1ec7}\u{0301}".as_bytes().to_vec()).unwrap(),
            "\u{1ec7}\u{0301}"
        );
    }

    #[test]
    fn the_scan_sees_every_position() {
        for at in 0..20 {
            let with = |c: &str| format!("{}{c}{}", "a".repeat(at), "b".repeat(20 - at));
            assert!(Scan::of(&with("\r")).carriage_returns, "{at}");
            assert!(Scan::of(&with("\u{1}")).forbidden, "{at}");
            assert!(Scan::of(&with("\u{ffff}")).forbidden, "{at}");
            assert!(Scan::of(&with("\u{301}")).maybe_not_nfc, "{at}");
            let clean = Scan::of(&with("ệ\tđ\n~ "));
            assert!(!clean.carriage_returns && !clean.forbidden && !clean.maybe_not_nfc);
        }
        for s in ["", "Lai Châu\t\n\r", "\u{feff}\u{fffd}", "🇻🇳"] {
            assert!(!Scan::of(s).forbidden, "{s:?}");
        }
        for s in ["a\u{0}", "\u{b}", "x\u{1f}", "\u{fffe}", "y\u{ffff}z"] {
            assert!(Scan::of(s).forbidden, "{s:?}");
            assert!(s.chars().any(crate::base::xml::is_forbidden));
        }
    }

    #[test]
    fn forbidden_controls_are_dropped() {
        assert_eq!(decode(b"a\x01b\x0bc\td".to_vec()).unwrap(), "abc\td");
    }

    #[test]
    fn latin1_is_rejected_with_position() {
        let e = decode(b"---\ntitle: Qu\xe1\n".to_vec()).unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 10));
    }
}
