//! Dates as editors write them, in any offset.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("valid");
    if let Ok(d) = loa::base::date::Date::parse(text, offset) {
        let _ = (d.vi_long(), d.rfc2822(), d.rfc3339(), d.iso_day());
    }
    let _ = loa::base::date::parse_offset(text);
});
