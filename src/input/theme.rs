//! The theme: templates and static files, from the binary's default theme, then
//! `themes/<name>/` at the site root, then single templates in the root's `templates/`.

use crate::base::diagnostic::{Diagnostic, Diagnostics, Pos};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

macro_rules! embedded {
    ($kind:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/", $kind, "/", $name)) as &[u8])),*]
    };
}

/// The default theme's templates, compiled into the binary.
const DEFAULT_TEMPLATES: &[(&str, &[u8])] = embedded!("templates":
    "base.html", "macros.html", "post_item.html", "index.html", "section.html", "page.html", "points.html",
    "faq.html", "units.html", "unit.html", "terms.html", "term.html", "404.html", "alias.html",
    "embeds.html", "embed.html", "reports.html", "report.html", "sitemap.html", "search.html",
);

/// The default theme's static files, compiled into the binary.
const DEFAULT_STATIC: &[(&str, &[u8])] =
    embedded!("static": "style.css", "favicon.svg", "site.js", "tim-kiem/tim-kiem.js");

/// One template's text and where it came from.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub text: String,
    /// Shown in messages: `templates/page.html`, or the default theme's path.
    pub display: PathBuf,
}

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// The templates and static files a build uses.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, TemplateSource>,
    /// Output path (relative, `/` separated) -> source.
    pub statics: BTreeMap<String, StaticSource>,
}

impl Theme {
    /// Collects the theme named `name` for the site at `root`.
    pub fn load(root: &Path, name: &str) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::default();
        let mut diags = Diagnostics::new();
        for (n, bytes) in DEFAULT_TEMPLATES {
            theme.templates.insert(
                n.to_string(),
                TemplateSource {
                    text: String::from_utf8_lossy(bytes).into_owned(),
                    display: PathBuf::from("themes/default/templates").join(n),
                },
            );
        }
        for (n, bytes) in DEFAULT_STATIC {
            theme
                .statics
                .insert(n.to_string(), StaticSource::Embedded(bytes));
        }
        let theme_dir = Path::new("themes").join(name);
        if name != "default" && !root.join(&theme_dir).is_dir() {
            diags.push(
                Diagnostic::error(
                    "site.yaml",
                    Pos::start(),
                    format!("không tìm thấy giao diện `{name}` trong `themes/{name}/`"),
                )
                .with_hint("bỏ dòng `theme:` để dùng giao diện mặc định"),
            );
            return Err(diags);
        }
        for dir in [theme_dir.join("templates"), PathBuf::from("templates")] {
            for (rel, abs) in files_under(&root.join(&dir)) {
                match crate::input::read_text(&abs, &dir.join(&rel)) {
                    Ok(text) => {
                        theme.templates.insert(
                            rel.clone(),
                            TemplateSource {
                                text,
                                display: dir.join(&rel),
                            },
                        );
                    }
                    Err(d) => diags.push(d),
                }
            }
        }
        for dir in [theme_dir.join("static"), PathBuf::from("static")] {
            for (rel, abs) in files_under(&root.join(&dir)) {
                theme.statics.insert(rel, StaticSource::File(abs));
            }
        }
        if diags.has_errors() {
            Err(diags)
        } else {
            Ok(theme)
        }
    }
}

/// Files below `dir` as (`/`-separated relative path, absolute path), editor temp files skipped.
fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !crate::input::is_ignored_name(&e.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = crate::input::slash_path(e.path().strip_prefix(dir).unwrap_or(e.path()));
            (rel, e.path().to_path_buf())
        })
        .collect()
}
