//! The site's URL scheme in one place: every address loa makes for itself (lists of units,
//! topics and tags, embeds, reports, the site map, the 404 page). Content pages take theirs
//! from their folders (`Permalink::of_dir`).

use super::permalink::Permalink;
use crate::base::slug::slugify;

/// Segment of the unit pages: `/don-vi/<id>/`.
pub const UNITS: &str = "don-vi";
/// Segment of the topic pages: `/chu-de/<id>/`.
pub const TOPICS: &str = "chu-de";
/// Segment of the tag pages: `/the/<slug>/`.
pub const TAGS: &str = "the";
/// Segment of the embed guide and the embed files: `/nhung/<feed-id>.js`.
pub const EMBEDS: &str = "nhung";
/// Segment of the published reports: `/bao-cao/<period>/`.
pub const REPORTS: &str = "bao-cao";
/// Segment of the site map for people.
pub const SITE_MAP: &str = "so-do-trang";
/// Segment of the search page and its index: `/tim-kiem/?q=…`.
pub const SEARCH: &str = "tim-kiem";
/// Id of the whole site's feed and embed (`/nhung/tat-ca.js`).
pub const SITE_FEED_ID: &str = "tat-ca";

/// The list of units `/don-vi/`.
pub fn units() -> Permalink {
    Permalink::from_segments([UNITS])
}

/// A unit's page: `/don-vi/<id>/`.
pub fn unit(id: &str) -> Permalink {
    Permalink::from_segments([UNITS, id])
}

/// The list of topics `/chu-de/`.
pub fn topics() -> Permalink {
    Permalink::from_segments([TOPICS])
}

/// A topic's page: `/chu-de/<id>/`.
pub fn topic(id: &str) -> Permalink {
    Permalink::from_segments([TOPICS, id])
}

/// The list of tags `/the/`.
pub fn tags() -> Permalink {
    Permalink::from_segments([TAGS])
}

/// A tag's page: `/the/<slug>/`.
pub fn tag(slug: &str) -> Permalink {
    Permalink::from_segments([TAGS, slug])
}

/// The embed guide `/nhung/`.
pub fn embeds() -> Permalink {
    Permalink::from_segments([EMBEDS])
}

/// Site path of a feed's embed in `ext` (`js` or `html`): `/nhung/tin-tuc.js`.
pub fn embed_file(feed_id: &str, ext: &str) -> String {
    format!("/{EMBEDS}/{feed_id}.{ext}")
}

/// The list of published reports `/bao-cao/`.
pub fn reports() -> Permalink {
    Permalink::from_segments([REPORTS])
}

/// The site map for people `/so-do-trang/` (`sitemap.xml` is for robots).
pub fn site_map() -> Permalink {
    Permalink::from_segments([SITE_MAP])
}

/// The search page `/tim-kiem/`.
pub fn search() -> Permalink {
    Permalink::from_segments([SEARCH])
}

/// The page servers show for a missing address.
pub fn not_found() -> Permalink {
    Permalink::from_user("/404.html").expect("a valid path")
}

/// Where a published period's report lives: its page `/bao-cao/2022/` and the names of the
/// CSV and XLSX files beside it.
pub struct ReportFiles {
    pub page: Permalink,
    pub csv: String,
    pub xlsx: String,
}

impl ReportFiles {
    /// The files of the period `id` of `site.yaml`.
    pub fn of(id: &str) -> ReportFiles {
        let slug = slugify(id);
        ReportFiles {
            page: Permalink::from_segments([REPORTS, &slug]),
            csv: format!("{REPORTS}-{slug}.csv"),
            xlsx: format!("{REPORTS}-{slug}.xlsx"),
        }
    }
}

/// Addresses loa makes that content must not take, with what they are, for messages. The
/// reports' list is among them only when reports are published.
pub fn reserved(publish_reports: bool) -> Vec<(String, &'static str)> {
    let mut list = vec![
        (units().to_string(), "danh sách đơn vị"),
        (topics().to_string(), "danh sách chủ đề"),
        (tags().to_string(), "danh sách thẻ"),
        (embeds().to_string(), "trang hướng dẫn nhúng tin"),
        (not_found().to_string(), "trang báo không tìm thấy"),
        (site_map().to_string(), "sơ đồ trang"),
        (search().to_string(), "trang tìm kiếm"),
        // A section here would share its embed name with the whole site's `/nhung/tat-ca.js`.
        (
            format!("/{SITE_FEED_ID}/"),
            "mã nhúng của toàn trang (/nhung/tat-ca.js)",
        ),
    ];
    if publish_reports {
        list.push((
            reports().to_string(),
            "các báo cáo công khai (publish_reports)",
        ));
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme() {
        assert_eq!(unit("bao-lai-chau").as_str(), "/don-vi/bao-lai-chau/");
        assert_eq!(
            topic("an-toan").page(2).as_str(),
            "/chu-de/an-toan/trang/2/"
        );
        assert_eq!(tag("5g").as_str(), "/the/5g/");
        assert_eq!(embed_file("tat-ca", "js"), "/nhung/tat-ca.js");
        assert_eq!(not_found().output_file(), "404.html");
        let r = ReportFiles::of("Năm 2025");
        assert_eq!(r.page.as_str(), "/bao-cao/nam-2025/");
        assert_eq!(
            (r.csv.as_str(), r.xlsx.as_str()),
            ("bao-cao-nam-2025.csv", "bao-cao-nam-2025.xlsx")
        );
        assert_eq!(reserved(false).len() + 1, reserved(true).len());
    }
}
