//! The YAML layer: parsing, unknown keys found by position, and locating keys and values.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(node) = loa::base::yaml::parse(text) {
        let mut keys = loa::base::yaml::KeyCheck::new(text);
        keys.check(&node, &["title", "date", "unit"]);
        let _ = node.to_json();
    }
    let loc = loa::base::yaml::Locator::new(text);
    let _ = loc.keys_anywhere("title");
    let _ = loc.value("title", "a");
    let _ = loc.text("url");
});
