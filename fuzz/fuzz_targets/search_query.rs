//! The search box's query parser.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let q = loa::search::query::Query::parse(text);
    let _ = q.is_empty();
});
