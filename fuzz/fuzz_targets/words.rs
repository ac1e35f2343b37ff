//! Slugs, tone placement and the search keys of words.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loa::base::vi::{phrase, syllable, tone};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = loa::base::slug::slugify(text);
    let canonical = tone::canonical(text);
    // One tone placement: placing again changes nothing, for text whose marks all make
    // letters (a mark left over, such as a doubled circumflex, is no Vietnamese).
    let composed = !canonical
        .chars()
        .any(|c| ('\u{300}'..='\u{36f}').contains(&c));
    if composed {
        assert_eq!(tone::canonical(&canonical), canonical);
    }
    let _ = tone::name_key(text);
    for s in syllable::syllables(text) {
        let _ = syllable::tone_key(&text[s.range]);
    }
    if let Some(p) = phrase::Phrase::new(text) {
        assert!(p.is_in(&phrase::words(text)));
    }
});
