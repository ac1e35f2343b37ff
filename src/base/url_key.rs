//! One key per article whatever address it was reached by: `http`/`https`, `www.`, default
//! ports, a mirror host, percent-encoding, a trailing slash, a fragment or tracking parameters
//! do not make another article.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use url::Url;

/// The canonical form of an article's address: host (with a port only when it is not the
/// default), path and the query without tracking parameters, no scheme. Two addresses of one
/// article give equal keys.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UrlKey(String);

/// Hosts that serve the same articles as another (`14.225.23.250:8080` for `baolaichau.vn`),
/// both written as [`host_key`] gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mirrors(HashMap<String, (String, Url)>);

impl Mirrors {
    /// Records that `mirror` (`host` or `host:port`) serves the articles of `website` (a full
    /// address); `false` when either cannot be read.
    pub fn add(&mut self, mirror: &str, website: &str) -> bool {
        let (Some(m), Some(w)) = (mirror_host(mirror), Url::parse(website).ok()) else {
            return false;
        };
        let Some(key) = host_key(&w) else {
            return false;
        };
        self.0.insert(m, (key, w));
        true
    }

    /// `address` on the website when its host is a mirror (`http://14.225.23.250:8080/a` ->
    /// `https://baolaichau.vn/a`), else as it is: links go where readers are meant to read.
    pub fn on_website(&self, address: &str) -> String {
        let Ok(mut u) = Url::parse(address.trim()) else {
            return address.trim().to_string();
        };
        let Some((_, site)) = host_key(&u).and_then(|h| self.0.get(&h)) else {
            return u.to_string();
        };
        let moved = u.set_scheme(site.scheme()).is_ok()
            && u.set_host(site.host_str()).is_ok()
            && u.set_port(site.port()).is_ok();
        match moved {
            true => u.to_string(),
            false => address.trim().to_string(),
        }
    }
}

/// `host` or `host:port` as written in `mirrors:`, in the form of [`host_key`]; `None` when it
/// is not a bare host.
pub fn mirror_host(mirror: &str) -> Option<String> {
    let m = mirror.trim();
    if m.is_empty() || m.contains(['/', '?', '#', '@']) {
        return None;
    }
    host_key(&Url::parse(&format!("http://{m}/")).ok()?)
}

/// The host of `u` lower-cased without `www.`, with its port when it is not 80 or 443.
fn host_key(u: &Url) -> Option<String> {
    let host = u.host_str()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    // `port()` is `None` for the scheme's own port, which `http` and `https` do not share.
    Some(match u.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

/// `address` as a URI: non-ASCII characters percent-encoded (`chuyển` -> `chuy%E1%BB%83n`), as
/// feeds and other machine readers need it; as it is when it does not parse.
pub fn as_uri(address: &str) -> String {
    Url::parse(address.trim()).map_or_else(|_| address.trim().to_string(), String::from)
}

/// `address` without its fragment and tracking parameters (`utm_*`, `fbclid`), which say
/// where a reader came from, not which article; as it is when it does not parse.
pub fn without_tracking(address: &str) -> String {
    let Ok(mut u) = Url::parse(address.trim()) else {
        return address.trim().to_string();
    };
    u.set_fragment(None);
    let kept: Vec<&str> = u
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && !is_tracking(p.split('=').next().unwrap_or(p)))
        .collect();
    let query = kept.join("&");
    u.set_query(Some(&query).filter(|q| !q.is_empty()).map(|q| q.as_str()));
    u.to_string()
}

/// Whether a query parameter only says where a reader came from.
fn is_tracking(name: &str) -> bool {
    name.starts_with("utm_") || matches!(name, "fbclid" | "gclid" | "zarsrc")
}

impl UrlKey {
    /// The key of an `http` or `https` address; `None` for anything else.
    pub fn new(address: &str, mirrors: &Mirrors) -> Option<UrlKey> {
        let u = Url::parse(address.trim()).ok()?;
        if !matches!(u.scheme(), "http" | "https") {
            return None;
        }
        let host = host_key(&u)?;
        let host = mirrors.0.get(&host).map_or(host, |(key, _)| key.clone());
        let path = decoded(u.path());
        let path = path.trim_end_matches('/');
        let mut key = host + path;
        let kept: Vec<&str> = u
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .filter(|p| !is_tracking(p.split('=').next().unwrap_or(p)))
            .collect();
        if !kept.is_empty() {
            key.push('?');
            key.push_str(&decoded(&kept.join("&")));
        }
        Some(UrlKey(key))
    }

    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Percent-encoded UTF-8 decoded and put in NFC (`%C3%B4` and `o%CC%82` are one `ô`); left as
/// it is when the bytes are not UTF-8. An encoded `/`, `?`, `&`, `=` or `%` stays encoded, as
/// it means something else than the character.
fn decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%')
            .then(|| s.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match hex {
            Some(b) if !b"/?&=%#+".contains(&b) => {
                out.push(b);
                i += 3;
            }
            Some(_) => {
                out.extend(s[i..i + 3].to_ascii_uppercase().bytes());
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    match String::from_utf8(out) {
        Ok(text) => text.nfc().collect(),
        Err(_) => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(u: &str, m: &Mirrors) -> String {
        UrlKey::new(u, m).unwrap().0
    }

    #[test]
    fn one_article_one_key() {
        let mut m = Mirrors::default();
        assert!(m.add("14.225.23.250:8080", "https://baolaichau.vn"));
        let want = "baolaichau.vn/xã-hội/chuyển-đổi-số-123.html";
        for u in [
            "https://baolaichau.vn/x%C3%A3-h%E1%BB%99i/chuy%E1%BB%83n-%C4%91%E1%BB%95i-s%E1%BB%91-123.html",
            "http://www.BaoLaiChau.vn:80/xã-hội/chuyển-đổi-số-123.html/",
            "https://baolaichau.vn:443/xã-hội/chuyển-đổi-số-123.html#binh-luan",
            "http://14.225.23.250:8080/xã-hội/chuyển-đổi-số-123.html?utm_source=fb&fbclid=x",
            // NFD in the address, as some editors' systems write it.
            "https://baolaichau.vn/xa\u{303}-ho\u{323}\u{302}i/chuye\u{302}\u{309}n-\u{111}o\u{302}\u{309}i-so\u{302}\u{301}-123.html",
        ] {
            assert_eq!(key(u, &m), want, "{u}");
        }
        assert_eq!(
            m.on_website("http://14.225.23.250:8080/tin/a.html?id=2"),
            "https://baolaichau.vn/tin/a.html?id=2"
        );
        assert_eq!(m.on_website("https://khac.vn/a"), "https://khac.vn/a");
        // Another port, a kept parameter, another path: other articles.
        assert_eq!(
            key("https://baolaichau.vn:8443/a", &m),
            "baolaichau.vn:8443/a"
        );
        assert_eq!(
            key("https://baolaichau.vn/tin?id=5&utm_medium=x", &m),
            "baolaichau.vn/tin?id=5"
        );
        assert_ne!(
            key("https://baolaichau.vn/A", &m),
            key("https://baolaichau.vn/a", &m)
        );
        assert_eq!(key("https://baolaichau.vn/", &m), "baolaichau.vn");
        // An encoded slash is not a slash.
        assert_eq!(key("https://x.vn/a%2fb", &m), "x.vn/a%2Fb");
    }

    #[test]
    fn addresses_become_uris() {
        assert_eq!(
            as_uri("https://daithu.vn/tin/chuyển-đổi-số.html"),
            "https://daithu.vn/tin/chuy%E1%BB%83n-%C4%91%E1%BB%95i-s%E1%BB%91.html"
        );
        let m = Mirrors::default();
        let raw = "https://daithu.vn/tin/chuyển-đổi-số.html";
        assert_eq!(UrlKey::new(&as_uri(raw), &m), UrlKey::new(raw, &m));
    }

    #[test]
    fn tracking_is_dropped_from_addresses() {
        assert_eq!(
            without_tracking("https://x.vn/a.html?id=3&utm_source=rss&fbclid=z#top"),
            "https://x.vn/a.html?id=3"
        );
        assert_eq!(
            without_tracking("https://x.vn/a?utm_medium=feed"),
            "https://x.vn/a"
        );
        assert_eq!(without_tracking("khong phai"), "khong phai");
    }

    #[test]
    fn only_web_addresses_have_keys() {
        let m = Mirrors::default();
        assert!(UrlKey::new("ftp://x.vn/a", &m).is_none());
        assert!(UrlKey::new("/tin-tuc/a", &m).is_none());
        assert!(UrlKey::new("news_1234", &m).is_none());
        assert!(mirror_host("http://x.vn/").is_none());
        assert_eq!(mirror_host("WWW.X.vn:8080").as_deref(), Some("x.vn:8080"));
    }
}
