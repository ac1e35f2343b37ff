//! Which topics an item is on and in which form, by the rules of `site.yaml`'s `import:` and
//! what `units.yaml` says of its feed.

use super::parse::FeedItem;
use crate::base::id::{KindId, TopicId};
use crate::base::vi::phrase::words;
use crate::input::config::SiteConfig;
use crate::input::units::FeedSource;

/// The topics and form of `item` of `feed` (none for a saved file); `None` when it is on no
/// topic of the campaign.
pub fn classify(
    item: &FeedItem,
    feed: Option<&FeedSource>,
    config: &SiteConfig,
) -> Option<(Vec<TopicId>, KindId)> {
    let rules = &config.import;
    let title = words(&item.title);
    let summary = words(&item.summary);
    let categories: Vec<Vec<String>> = item.categories.iter().map(|c| words(c)).collect();
    let given = feed.map_or(&[][..], |f| f.topics.as_slice());
    // In the order of `topics`, so that the same item always lists them alike.
    let topics: Vec<TopicId> = config
        .topics
        .keys()
        .filter(|t| {
            given.contains(t)
                || rules.topics.iter().any(|(id, phrases)| {
                    id == *t
                        && phrases.iter().any(|p| {
                            p.is_in(&title)
                                || p.is_in(&summary)
                                || categories.iter().any(|c| p.is_in(c))
                        })
                })
        })
        .cloned()
        .collect();
    if topics.is_empty() {
        return None;
    }
    let by_rule = rules.kinds.iter().find_map(|(id, phrases)| {
        phrases
            .iter()
            .any(|p| p.is_in(&title) || categories.iter().any(|c| p.is_in(c)))
            .then(|| id.clone())
    });
    let kind = by_rule
        .or_else(|| feed.and_then(|f| f.kind.clone()))
        .or_else(|| config.kinds.get_key_value("tin").map(|(k, _)| k.clone()))
        .or_else(|| config.kinds.keys().next().cloned())?;
    Some((topics, kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::diagnostic::Pos;
    use std::path::Path;

    fn config() -> SiteConfig {
        SiteConfig::parse(
            "title: T\nbase_url: https://x.vn\nimport:\n  topics:\n    chuyen-doi-so: [\"chuyển đổi số\", \"Tổ công nghệ số cộng đồng\"]\n    an-toan-thong-tin: [\"lừa đảo trực tuyến\", \"mã độc\"]\n  kinds:\n    anh: [\"ảnh\", \"phóng sự ảnh\", infographic]\n    video: [video, clip]\n",
            Path::new("site.yaml"),
        )
        .unwrap()
    }

    fn item(title: &str, summary: &str, categories: &[&str]) -> FeedItem {
        FeedItem {
            url: Some("https://x.vn/a".into()),
            title: title.into(),
            summary: summary.into(),
            categories: categories.iter().map(|c| c.to_string()).collect(),
            guid: None,
            date: None,
        }
    }

    fn ids(x: Option<(Vec<TopicId>, KindId)>) -> Option<(Vec<String>, String)> {
        x.map(|(t, k)| (t.iter().map(|t| t.to_string()).collect(), k.to_string()))
    }

    #[test]
    fn topics_from_title_summary_or_categories_forms_from_categories_or_title() {
        let c = config();
        let s =
            |v: &[&str], k: &str| Some((v.iter().map(|x| x.to_string()).collect(), k.to_string()));
        assert_eq!(
            ids(classify(
                &item("Xã ra mắt TỔ CÔNG NGHỆ SỐ cộng đồng", "", &[]),
                None,
                &c
            )),
            s(&["chuyen-doi-so"], "tin")
        );
        assert_eq!(
            ids(classify(
                &item("Cảnh giác", "Thủ đoạn lừa đảo trực tuyến mới", &["Video"]),
                None,
                &c
            )),
            s(&["an-toan-thong-tin"], "video")
        );
        assert_eq!(
            ids(classify(
                &item("Ảnh: ngày hội", "", &["Chuyển đổi số"]),
                None,
                &c
            )),
            s(&["chuyen-doi-so"], "anh")
        );
        // Marks are significant; the summary does not give the form.
        assert_eq!(
            ids(classify(&item("Sổ tay chuyển đổi sổ", "", &[]), None, &c)),
            None
        );
        assert_eq!(
            ids(classify(&item("Mã độc", "clip", &[]), None, &c)),
            s(&["an-toan-thong-tin"], "tin")
        );
        // A feed's topics and form hold for each of its items.
        let feed = FeedSource {
            url: "https://x.vn/rss".into(),
            topics: vec![TopicId::from("chuyen-doi-so")],
            column: None,
            kind: Some(KindId::from("bai")),
            pos: Pos::start(),
            topics_pos: Pos::start(),
            kind_pos: Pos::start(),
        };
        assert_eq!(
            ids(classify(&item("Hội nghị", "", &[]), Some(&feed), &c)),
            s(&["chuyen-doi-so"], "bai")
        );
        assert_eq!(
            ids(classify(
                &item("Phóng sự ảnh: mã độc", "", &[]),
                Some(&feed),
                &c
            )),
            s(&["an-toan-thong-tin", "chuyen-doi-so"], "anh")
        );
    }
}
