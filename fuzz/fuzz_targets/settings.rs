//! `site.yaml` and `units.yaml` (with import rules, feeds and mirrors).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = loa::input::config::SiteConfig::parse(text, Path::new("site.yaml")) {
        let _ = c.url("/a/");
    }
    let offset = chrono::FixedOffset::east_opt(7 * 3600).expect("valid");
    if let Ok(u) = loa::input::units::Units::parse(text, Path::new("units.yaml"), offset) {
        let _ = u.mirrors();
    }
});
