//! Who runs the site (`publisher:` of `site.yaml`), as state websites must show it.

use super::SITE_FILE;
use crate::base::diagnostic::{Diagnostic, Pos};
use serde::{Deserialize, Serialize};

/// The keys of `publisher:`.
pub(super) const PUBLISHER_KEYS: &[&str] = &[
    "name",
    "parent",
    "address",
    "phone",
    "email",
    "responsible",
    "licence",
    "website",
    "logo",
];

/// Who runs the site, as Nghị định 42/2022/NĐ-CP asks state websites to show (`publisher:`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// The agency that runs the site (cơ quan chủ quản).
    #[serde(default)]
    pub name: String,
    /// The body it belongs to, shown above its name (e.g. the provincial People's Committee).
    #[serde(default)]
    pub parent: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// The person responsible for the content (người chịu trách nhiệm).
    #[serde(default)]
    pub responsible: String,
    /// The licence line, where the site has one.
    #[serde(default)]
    pub licence: String,
    /// The agency's own website.
    #[serde(default)]
    pub website: String,
    /// The emblem or logo shown in the header, a site path such as `/logo.svg`.
    #[serde(default)]
    pub logo: String,
    /// Where `publisher:` is written (the file's start when it is not), for the warning.
    #[serde(skip)]
    pub pos: Pos,
}

impl Publisher {
    /// The fields the decree asks for that `site.yaml` leaves empty, by key.
    pub fn missing(&self) -> Vec<&'static str> {
        [
            ("name", &self.name),
            ("address", &self.address),
            ("phone", &self.phone),
            ("email", &self.email),
            ("responsible", &self.responsible),
        ]
        .into_iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| k)
        .collect()
    }

    /// A warning when `publisher:` lacks what a state website must show.
    pub fn warning(&self) -> Option<Diagnostic> {
        let missing = self.missing();
        if missing.is_empty() {
            return None;
        }
        let keys: Vec<String> = missing.iter().map(|k| format!("`publisher.{k}`")).collect();
        Some(
            Diagnostic::warning(
                SITE_FILE,
                self.pos,
                format!(
                    "chưa ghi {}: Nghị định 42/2022/NĐ-CP yêu cầu trang của cơ quan nhà nước ghi rõ cơ quan chủ quản, người chịu trách nhiệm và cách liên hệ",
                    keys.join(", ")
                ),
            )
            .with_hint("thêm vào site.yaml, ví dụ `publisher: { name: \"Sở Khoa học và Công nghệ tỉnh Lai Châu\", address: \"…\", phone: \"…\", email: \"…\", responsible: \"…\" }`"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::SiteConfig;
    use std::path::Path;

    #[test]
    fn missing_publisher_fields_are_named() {
        let c = SiteConfig::parse(
            "title: T\nbase_url: https://x.vn\npublisher:\n  name: Sở\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        let w = c.publisher.warning().unwrap();
        assert!(!w.is_error());
        assert_eq!(w.pos.line, 3);
        assert!(w.message.contains("`publisher.address`, `publisher.phone`, `publisher.email`, `publisher.responsible`"), "{}", w.message);
        let e = SiteConfig::parse(
            "title: T\nbase_url: https://x.vn\npublisher: { nme: Sở }\n",
            Path::new("site.yaml"),
        )
        .unwrap_err();
        assert!(e[0].message.contains("nme"), "{:?}", e);
    }
}
