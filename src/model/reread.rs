//! One page read again in the context of a built site, for edits that may keep its shape,
//! and pages resolved against it.

use super::build::{check_page_images, copied_outputs};
use super::page::{self, Resolved};
use super::{Bodies, BuildOptions, Page, SectionId, Site};
use crate::base::diagnostic::Diagnostics;
use crate::input::Source;
use std::collections::HashMap;
use std::sync::Arc;

/// The page `src` as `site` would hold it, with its body rendered by `bodies` and its images
/// checked; `None` when it is not published (a draft, a future post). Its place in lists
/// (`neighbours`) and its lead image's size are those of `old`, the version it replaces.
pub fn reread_page(
    site: &Site,
    old: &Page,
    src: &Arc<Source>,
    opts: &BuildOptions,
    bodies: &impl Bodies,
) -> Option<(Page, Diagnostics)> {
    let (
        Resolved {
            page: mut new,
            link_base,
            ..
        },
        mut d,
    ) = resolve_in(site, src, opts)?;
    let rendered = bodies.render(src, &link_base, &site.links);
    new.take_body(rendered);
    (new.image_len, new.neighbours) = (old.image_len, old.neighbours);
    check_page_images(&new, &copied_outputs(&site.copied), &mut d);
    Some((new, d))
}

/// The page `src` resolved against `site`'s settings, units and sections, with its problems;
/// `None` when this build leaves it out (a draft, a future post).
pub(super) fn resolve_in(
    site: &Site,
    src: &Source,
    opts: &BuildOptions,
) -> Option<(Resolved, Diagnostics)> {
    let by_dir: HashMap<String, SectionId> = site
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.dir.clone(), SectionId(i)))
        .collect();
    let page_site = page::Site::new(&site.config, &site.units, &site.sections, &by_dir, opts);
    let mut d = Diagnostics::new();
    let resolved = page::resolve(src, &page_site, &mut d);
    resolved.included.then_some((resolved, d))
}
