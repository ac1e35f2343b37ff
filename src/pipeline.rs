//! The whole build, stage after stage: load -> model -> render -> (check) -> write.

use crate::check::check_links;
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, Severity};
use crate::load::{self, theme::Theme};
use crate::model::{self, BuildOptions, Site};
use crate::render::templates::Templates;
use crate::render::{self, Output};
use std::path::Path;

/// A successful build in memory: the model, the files and the warnings.
pub struct Built {
    pub site: Site,
    pub outputs: Vec<Output>,
    pub warnings: Diagnostics,
}

/// How strictly broken links count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPolicy {
    /// `build`: broken links are warnings.
    Warn,
    /// `check`: broken links are errors.
    Fail,
}

/// Loads and validates the site model only (for `report`): templates are not needed.
pub fn load_model(root: &Path, opts: &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> {
    let (loaded, mut diags) = load::load(root);
    let Some(loaded) = loaded else {
        return Err(diags);
    };
    match model::build(loaded, opts) {
        Ok((site, warnings)) if !diags.has_errors() => {
            diags.extend(warnings);
            Ok((site, diags))
        }
        Ok((_, warnings)) => {
            diags.extend(warnings);
            Err(diags)
        }
        Err(e) => {
            diags.extend(e);
            Err(diags)
        }
    }
}

/// Loads, validates and renders the site at `root`, without writing anything.
pub fn build_in_memory(
    root: &Path,
    opts: &BuildOptions,
    links: LinkPolicy,
) -> Result<Built, Diagnostics> {
    let (loaded, mut diags) = load::load(root);
    let Some(mut loaded) = loaded else {
        return Err(diags);
    };
    if let Some(b) = &opts.base_url {
        loaded.config.base_url = b.trim_end_matches('/').to_string();
    }
    // Templates are parsed before the model is built, so their syntax errors are reported
    // together with the content's.
    let theme = Theme::load(root, &loaded.config.theme).and_then(|theme| {
        let templates = Templates::new(&theme, loaded.config.offset, &loaded.config.base_url)?;
        Ok((theme, templates))
    });
    let site = model::build(loaded, opts);
    let (site, theme) = match (site, theme) {
        (Ok((site, warnings)), Ok(theme)) => {
            diags.extend(warnings);
            (site, theme)
        }
        (site, theme) => {
            diags.extend(site.err().into_iter().flatten());
            diags.extend(theme.err().into_iter().flatten());
            return Err(diags);
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    let (theme, templates) = theme;
    let outputs = render::render_site(&site, &theme, &templates).map_err(|e| {
        diags.extend(e);
        diags.clone()
    })?;
    let report = check_links(&site, &outputs);
    diags.extend(report.missing_images);
    diags.extend(report.broken_links.into_iter().map(|d| match links {
        LinkPolicy::Warn => Diagnostic {
            severity: Severity::Warning,
            ..d
        },
        LinkPolicy::Fail => d,
    }));
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Built {
        site,
        outputs,
        warnings: diags,
    })
}

/// Builds the site at `root` into `out`, atomically; `out` is refused when replacing it
/// would destroy anything but loa's own previous output.
pub fn build_to_disk(root: &Path, out: &Path, opts: &BuildOptions) -> Result<Built, Diagnostics> {
    let out_problem = crate::write::check_output_dir(root, out)
        .err()
        .map(|(msg, hint)| Diagnostic::error(out, Pos::start(), msg).with_hint(hint));
    let built = build_in_memory(root, opts, LinkPolicy::Warn);
    let built = match (built, out_problem) {
        (Ok(built), None) => built,
        (Ok(built), Some(d)) => {
            let mut all = built.warnings;
            all.push(d);
            return Err(all);
        }
        (Err(mut all), d) => {
            all.extend(d);
            return Err(all);
        }
    };
    crate::write::write_atomic(out, &built.outputs).map_err(|e| {
        let mut d = built.warnings.clone();
        d.push(Diagnostic::error(
            out,
            Pos::start(),
            format!(
                "không ghi được thư mục đầu ra: {}",
                crate::diagnostic::io_error_vi(&e)
            ),
        ));
        d
    })?;
    Ok(built)
}
