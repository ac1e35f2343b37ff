//! A body to HTML, with its headings and links (and a rewrite of every link).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = loa::markdown::render(text, 1, &|l: &str| Some(format!("/x/{l}")));
    let _ = loa::markdown::render(text, 7, &|_| None);
});
