//! A Markdown file's front matter split off and read: any bytes, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((yaml, _body, _line)) = loa::input::frontmatter::split(text) {
        let _ = loa::input::frontmatter::parse(yaml, false, Path::new("content/x.md"));
        let _ = loa::input::frontmatter::parse(yaml, true, Path::new("content/_index.md"));
    }
});
