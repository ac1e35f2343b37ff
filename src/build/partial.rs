//! What can still be checked of a site whose content has errors: the files without problems
//! are modelled and rendered in memory, and every link and image of the content (of the files
//! left out too, when they could be read) checked against that, so that one run of `build` or
//! `check` reports broken links beside everything else. Links to the files left out are not
//! reported: their own problems are.

use crate::base::diagnostic::Diagnostics;
use crate::base::slug::slugify;
use crate::build::check::{check_links_except, LeftOut};
use crate::build::{link_diagnostics, model_and_templates, render_all, LinkPolicy};
use crate::input::{self, parent_dir, CONTENT_DIR};
use crate::markdown::Link;
use crate::model::bodies::render_body;
use crate::model::links::{percent_decode, resolve_url};
use crate::model::permalink::Permalink;
use crate::model::{self, BuildOptions};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The link problems of the files of the site at `root` that have none of `errors`; nothing
/// when the errors are outside the content (settings, templates), which every page depends on.
pub fn link_problems(
    root: &Path,
    opts: &BuildOptions,
    links: LinkPolicy,
    errors: &Diagnostics,
) -> Diagnostics {
    let failed: HashSet<&Path> = errors
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.path.as_path())
        .collect();
    let in_content =
        |p: &&Path| p.starts_with(CONTENT_DIR) || p.starts_with(input::imported::IMPORTED_DIR);
    if failed.is_empty() || !failed.iter().all(in_content) {
        return Diagnostics::new();
    }
    let (Some(mut loaded), _) = input::load(root) else {
        return Diagnostics::new();
    };
    let mut gone = Gone {
        base: loaded.config.base_url.clone(),
        ..Gone::default()
    };
    if let Some(b) = &opts.base_url {
        gone.base = b.trim_end_matches('/').to_string();
    }
    for rel in std::mem::take(&mut loaded.unreadable) {
        gone.add(&rel, None, &[]);
    }
    let (sources, mut left): (Vec<_>, Vec<_>) = std::mem::take(&mut loaded.sources)
        .into_iter()
        .partition(|s| !failed.contains(s.display.as_path()));
    loaded.sources = sources;
    for s in &left {
        let aliases: Vec<&str> = s.front.aliases.iter().map(|a| a.value.as_str()).collect();
        gone.add(
            &s.rel,
            s.front.slug.as_ref().map(|x| x.value.as_str()),
            &aliases,
        );
    }
    // A draft's links are checked only when drafts are built, as in a build without errors.
    left.retain(|s| opts.drafts || !s.front.draft);
    let Ok(m) = model_and_templates(root, Some(loaded), Diagnostics::new(), opts, &model::build)
    else {
        // Leaving files out broke others (a section's pages): nothing more is certain.
        return Diagnostics::new();
    };
    let Ok(outputs) = render_all(&m.site, &m.theme, &m.templates, &Ok) else {
        return Diagnostics::new();
    };
    let left_out: Vec<LeftOut> = left
        .iter()
        .map(|src| {
            let slug = src.front.slug.as_ref().map(|x| x.value.as_str());
            let (permalink, link_base) = likely_permalink(&src.rel, slug);
            let (body, _) = render_body(src, &link_base, &m.site.links);
            LeftOut {
                source: src.display.clone(),
                lead_image: src
                    .front
                    .image
                    .clone()
                    .map(|i| (resolve_url(&link_base, &i.value), i))
                    .map(|(url, i)| (i, url)),
                permalink,
                links: body.links,
            }
        })
        .collect();
    let skip = |source: &Path, link: &Link| gone.covers(source, link);
    let report = check_links_except(&m.site, &outputs, &left_out, &skip);
    // A left-out file's image already named by the first pass is not named twice.
    let mut found = link_diagnostics(report, links);
    found.retain(|d| !errors.iter().any(|e| e == d));
    found
}

/// The permalink the Markdown file at `rel` would most likely have, with `slug` when it
/// gives one, and the path its relative links start from.
fn likely_permalink(rel: &str, slug: Option<&str>) -> (Permalink, String) {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let dir = parent_dir(rel);
    match name {
        "_index.md" => {
            let p = Permalink::of_dir(dir);
            let base = p.to_string();
            (p, base)
        }
        "index.md" => {
            let stem = slug.unwrap_or(dir.rsplit('/').next().unwrap_or(dir));
            let p = Permalink::of_dir(parent_dir(dir)).join(&slugify(stem));
            let base = p.to_string();
            (p, base)
        }
        _ => {
            let stem = slug.unwrap_or(name.trim_end_matches(".md"));
            (
                Permalink::of_dir(dir).join(&slugify(stem)),
                Permalink::of_dir(dir).to_string(),
            )
        }
    }
}

/// The files left out of the build, by path under `content/` and by the site path each
/// would most likely have had.
#[derive(Default)]
struct Gone {
    rels: HashSet<String>,
    paths: HashSet<String>,
    /// `base_url`: a full address under it is a link into the site.
    base: String,
}

impl Gone {
    /// Leaves out the Markdown file at `rel` under `content/`, with its `slug:` and
    /// `aliases:` when they could be read.
    fn add(&mut self, rel: &str, slug: Option<&str>, aliases: &[&str]) {
        self.paths.insert(likely_permalink(rel, slug).0.to_string());
        for a in aliases {
            let a = a.trim_end_matches('/');
            self.paths.insert(format!("{a}/"));
        }
        self.rels.insert(rel.to_string());
    }

    /// Whether `link`, written in the file `source`, leads to a file left out (the file
    /// itself, for `#part` of a page left out).
    fn covers(&self, source: &Path, link: &Link) -> bool {
        let written = link.original.split(['#', '?']).next().unwrap_or("");
        if written.is_empty() {
            let rel = source.strip_prefix(CONTENT_DIR).unwrap_or(source);
            return self.rels.contains(&input::slash_path(rel));
        }
        if written.ends_with(".md") {
            let from = source.strip_prefix(CONTENT_DIR).unwrap_or(source);
            let from = input::slash_path(from.parent().unwrap_or(Path::new("")));
            let rel = normalize(&PathBuf::from(from).join(written));
            let rel = if written.starts_with('/') {
                normalize(Path::new(written))
            } else {
                rel
            };
            return self.rels.contains(&rel);
        }
        let resolved = link
            .resolved
            .strip_prefix(self.base.as_str())
            .filter(|r| r.starts_with('/'))
            .unwrap_or(&link.resolved);
        let path = resolved.split(['#', '?']).next().unwrap_or("");
        let path = String::from_utf8_lossy(&percent_decode(path)).into_owned();
        let path = if path.ends_with('/') {
            path
        } else {
            format!("{path}/")
        };
        self.paths.contains(&path)
    }
}

/// `a/./b/../c.md` as `a/c.md`, with `/` between parts and no leading `/`.
fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}
