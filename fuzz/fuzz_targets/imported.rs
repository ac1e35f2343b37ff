//! `imported/<unit>.yaml` as an editor may leave it, and the canonical keys of addresses.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loa::input::{config::SiteConfig, imported, units::Units};
use std::path::Path;
use std::sync::OnceLock;

fn site() -> &'static (SiteConfig, Units) {
    static SITE: OnceLock<(SiteConfig, Units)> = OnceLock::new();
    SITE.get_or_init(|| {
        let c = SiteConfig::parse("title: T\nbase_url: https://x.vn\n", Path::new("site.yaml"))
            .expect("valid");
        let u = Units::parse(
            "- id: bao\n  name: Báo\n  website: https://bao.vn\n  mirrors: [\"1.2.3.4:8080\"]\n",
            Path::new("units.yaml"),
            c.offset,
        )
        .expect("valid");
        (c, u)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (c, u) = site();
    let m = u.mirrors();
    let _ = loa::base::url_key::UrlKey::new(text, &m);
    let _ = loa::base::url_key::as_uri(text);
    if let Ok(f) = imported::parse(text, "bao", Path::new("imported/bao.yaml"), c, u, &m) {
        // What import writes reads back the same.
        let written = imported::to_yaml("Báo", &f.items);
        let again = imported::parse(&written, "bao", Path::new("x"), c, u, &m).expect("reads back");
        assert_eq!(again.items.len(), f.items.len());
    }
});
