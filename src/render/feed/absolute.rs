//! Makes every URL of a page's HTML absolute, so a mirror shows the same links and images.

use crate::render::relocate::{srcset, Base};
use lol_html::{element, rewrite_str, RewriteStrSettings};
use url::Url;

/// Attributes that hold one URL.
const URL_ATTRS: &[&str] = &[
    "href", "src", "poster", "cite", "data", "action", "longdesc",
];

/// Rewrites `html` with every URL attribute (and each `srcset` candidate) resolved against
/// `base`, the page's own absolute URL, as a browser showing the page would resolve it; site
/// paths (`/hoi-dap/`) are first placed under `folder`, where the site is served from.
pub fn absolutize(html: &str, base: &Url, folder: &Base) -> String {
    let join = |v: &str| base.join(&folder.link(v.trim(), "")).ok().map(String::from);
    let join_or_keep = |v: &str| join(v).unwrap_or_else(|| v.to_string());
    let result = rewrite_str(
        html,
        RewriteStrSettings::new()
            .with_strict(false)
            .append_element_content_handler(element!("*", |el| {
                for &name in URL_ATTRS {
                    if let Some(abs) = el.get_attribute(name).as_deref().and_then(join) {
                        el.set_attribute(name, &abs)?;
                    }
                }
                for name in ["srcset", "imagesrcset"] {
                    if let Some(v) = el.get_attribute(name) {
                        el.set_attribute(name, &srcset(&v, &join_or_keep))?;
                    }
                }
                Ok(())
            })),
    );
    // The rewriter only fails on memory limits; the site's own HTML is then better than nothing.
    result.unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_url_becomes_absolute() {
        let base = Url::parse("https://x.vn/tin-tuc/bai/").unwrap();
        let html = r##"<p><a href="/a/">a</a> <a href="#h">h</a> <a href="../b/">b</a> <a href="mailto:x@y.vn">m</a></p><img src="anh.png" alt="x" srcset="anh-1.png 1x,  /anh-2.png 2x"><a href="https://khac.vn/">k</a>"##;
        assert_eq!(
            absolutize(html, &base, &Base::Root),
            r##"<p><a href="https://x.vn/a/">a</a> <a href="https://x.vn/tin-tuc/bai/#h">h</a> <a href="https://x.vn/tin-tuc/b/">b</a> <a href="mailto:x@y.vn">m</a></p><img src="https://x.vn/tin-tuc/bai/anh.png" alt="x" srcset="https://x.vn/tin-tuc/bai/anh-1.png 1x, https://x.vn/anh-2.png 2x"><a href="https://khac.vn/">k</a>"##
        );
    }

    #[test]
    fn site_paths_go_under_the_folder() {
        let base = Url::parse("https://x.vn/cds/tin-tuc/bai/").unwrap();
        assert_eq!(
            absolutize(
                r#"<a href="/hoi-dap/">h</a><img src="anh.png" alt="">"#,
                &base,
                &Base::Folder("/cds".into())
            ),
            r#"<a href="https://x.vn/cds/hoi-dap/">h</a><img src="https://x.vn/cds/tin-tuc/bai/anh.png" alt="">"#
        );
    }

    #[test]
    fn broken_markup_passes_through() {
        let base = Url::parse("https://x.vn/p/").unwrap();
        let out = absolutize(
            "<p>a < b & <img src=x.png alt=\"]]>\"><div><a href=y>",
            &base,
            &Base::Root,
        );
        assert_eq!(
            out,
            "<p>a < b & <img src=\"https://x.vn/p/x.png\" alt=\"]]>\"><div><a href=\"https://x.vn/p/y\">"
        );
        // A tag cut off at the end is not a tag for browsers either: it stays as it was.
        assert_eq!(
            absolutize("<p>x <img src=a.png", &base, &Base::Root),
            "<p>x <img src=a.png"
        );
    }
}
