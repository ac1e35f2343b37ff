//! `loa import`'s reading of a feed: any bytes in any encoding, RSS, Atom or JSON Feed.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for content_type in [None, Some("application/rss+xml; charset=windows-1258")] {
        let text = loa::import::decode::text(data, content_type);
        if let Ok(parsed) = loa::import::parse::parse(&text, Some("https://baothu.vn/rss")) {
            for item in parsed.items {
                if let Some(url) = item.url {
                    let _ = loa::base::url_key::UrlKey::new(&url, &Default::default());
                }
            }
        }
    }
});
