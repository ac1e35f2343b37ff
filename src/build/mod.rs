//! Build: takes the site's root and options; composes input -> model -> render and reports ->
//! link check, and gives the files in memory, written as they are made into a folder that
//! replaces the output in one rename (`write`), or checked (`check`).

pub mod check;
pub mod partial;
pub mod reports;
pub mod search;
pub mod write;

use crate::base::diagnostic::{Diagnostic, Diagnostics, Pos, Severity};
use crate::build::check::{check_links, check_output_urls, LinkReport};
use crate::input::{self, theme::Theme};
use crate::model::{self, BuildOptions, Site};
use crate::render::templates::Templates;
use crate::render::{self, Output};
use std::path::Path;
use std::sync::Arc;

/// A successful build in memory: the model, the files and the warnings.
pub struct Built {
    /// Shared with the cache of `serve`, which edits it in place for the next save.
    pub site: Arc<Site>,
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
    let (loaded, mut diags) = input::load(root);
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
    build_into(root, opts, links, &|o| Ok(o))
}

/// `build_in_memory`, each file handed to `sink` as soon as it is made.
fn build_into(
    root: &Path,
    opts: &BuildOptions,
    links: LinkPolicy,
    sink: render::Sink,
) -> Result<Built, Diagnostics> {
    let mut phases = Phases::start();
    let (loaded, diags) = input::load(root);
    phases.mark("load");
    let modelled =
        model_and_templates(root, loaded, diags, opts, &model::build).map_err(|mut diags| {
            // The links of the files without problems are checked all the same.
            let more = partial::link_problems(root, opts, links, &diags);
            diags.extend(more);
            diags
        })?;
    phases.mark("model");
    let Modelled {
        site,
        mut diags,
        theme,
        templates,
    } = modelled;
    let outputs = render_all(&site, &theme, &templates, sink).map_err(|e| {
        diags.extend(e);
        diags.clone()
    })?;
    phases.mark("render");
    finish(Arc::new(site), outputs, diags, links, &mut phases)
}

/// Every file of the site: `render::render_site` and the published reports.
pub(crate) fn render_all(
    site: &Site,
    theme: &Theme,
    templates: &Templates,
    sink: render::Sink,
) -> Result<Vec<Output>, Diagnostics> {
    let reports = |r: &render::Renderer| match site.config.publish_reports {
        true => reports::published(site, r),
        false => Ok(Vec::new()),
    };
    render::render_site(site, theme, templates, &reports, sink)
}

/// Phase times printed to standard error when `LOA_PROFILE` is set (for benchmarks).
pub struct Phases {
    on: bool,
    last: std::time::Instant,
}

impl Phases {
    /// Starts timing.
    pub fn start() -> Phases {
        Phases {
            on: std::env::var_os("LOA_PROFILE").is_some(),
            last: std::time::Instant::now(),
        }
    }

    /// Prints the time since the last mark, under `name`.
    pub fn mark(&mut self, name: &str) {
        if self.on {
            eprintln!(
                "loa-profile {name} {:.1} ms",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = std::time::Instant::now();
    }
}

/// A site modelled without errors, with its warnings, theme and templates.
pub struct Modelled {
    pub site: Site,
    pub diags: Diagnostics,
    pub theme: Theme,
    pub templates: Templates,
}

/// How the model is built from what was loaded (`model::build`, or with bodies kept).
pub type ModelFn<'m> =
    &'m (dyn Fn(input::Loaded, &BuildOptions) -> Result<(Site, Diagnostics), Diagnostics> + Sync);

/// The settings of `opts` applied to what was loaded, the templates parsed, and the model
/// built by `build`; the errors of templates and content come together.
pub fn model_and_templates(
    root: &Path,
    loaded: Option<input::Loaded>,
    mut diags: Diagnostics,
    opts: &BuildOptions,
    build: ModelFn,
) -> Result<Modelled, Diagnostics> {
    let Some(mut loaded) = loaded else {
        return Err(diags);
    };
    if let Some(b) = &opts.base_url {
        loaded.config.base_url = b.trim_end_matches('/').to_string();
    }
    if let Some(r) = opts.relative {
        loaded.config.relative_urls = r;
    }
    // Templates are parsed on one core while the model is built on the others; their syntax
    // errors are reported together with the content's.
    let (offset, base_url) = (loaded.config.offset, loaded.config.base_url.clone());
    let theme_name = loaded.config.theme.clone();
    let (theme, site) = rayon::join(
        || {
            Theme::load(root, &theme_name).and_then(|theme| {
                let templates = Templates::new(&theme, offset, &base_url)?;
                Ok((theme, templates))
            })
        },
        || build(loaded, opts),
    );
    let (site, (theme, templates)) = match (site, theme) {
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
    Ok(Modelled {
        site,
        diags,
        theme,
        templates,
    })
}

/// The link check after rendering, shared by every build.
pub fn finish(
    site: Arc<Site>,
    outputs: Vec<Output>,
    mut diags: Diagnostics,
    links: LinkPolicy,
    phases: &mut Phases,
) -> Result<Built, Diagnostics> {
    let report = check_links(&site, &outputs);
    if links == LinkPolicy::Fail {
        diags.extend(check_output_urls(&site, &outputs));
    }
    phases.mark("check");
    diags.extend(link_diagnostics(report, links));
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Built {
        site,
        outputs,
        warnings: diags,
    })
}

/// The problems of a link check: missing images are errors; broken links are errors only
/// for `check`.
pub(crate) fn link_diagnostics(report: LinkReport, links: LinkPolicy) -> Diagnostics {
    let mut diags = Diagnostics::from_iter(report.missing_images);
    diags.extend(report.broken_links.into_iter().map(|d| match links {
        LinkPolicy::Warn => d.with_severity(Severity::Warning),
        LinkPolicy::Fail => d,
    }));
    diags
}

/// Builds the site at `root` into `out`, atomically, each file written as soon as it is made
/// (so the site is never held in memory whole); `out` is refused when replacing it would
/// destroy anything but loa's own previous output.
pub fn build_to_disk(root: &Path, out: &Path, opts: &BuildOptions) -> Result<Built, Diagnostics> {
    let write_error = |e: std::io::Error| {
        use std::io::ErrorKind as K;
        let hint = match e.kind() {
            K::ResourceBusy
                if e.get_ref().is_some_and(|r| r.is::<crate::base::diagnostic::IoVi>()) =>
            {
                "chờ lần dựng kia xong rồi chạy lại, hoặc dựng vào `--out` khác"
            }
            K::StorageFull | K::QuotaExceeded => {
                "giải phóng chỗ trống trên ổ đĩa rồi dựng lại; bản dựng cũ vẫn còn nguyên"
            }
            K::PermissionDenied | K::ReadOnlyFilesystem => {
                "dựng vào thư mục bạn có quyền ghi, ví dụ `--out public`; bản dựng cũ vẫn còn nguyên"
            }
            _ => "bản dựng cũ vẫn còn nguyên",
        };
        Diagnostic::error(
            out,
            Pos::start(),
            format!(
                "không ghi được thư mục đầu ra: {}",
                crate::base::diagnostic::io_error_vi(&e)
            ),
        )
        .with_hint(hint)
    };
    if let Err((msg, hint)) = write::check_output_dir(root, out) {
        // Nothing is written; the content's problems are still reported with it.
        let refused = Diagnostic::error(out, Pos::start(), msg).with_hint(hint);
        let mut all = match build_in_memory(root, opts, LinkPolicy::Warn) {
            Ok(built) => built.warnings,
            Err(all) => all,
        };
        all.push(refused);
        return Err(all);
    }
    let staging = write::Staging::new(out).map_err(|e| Diagnostics::from(write_error(e)))?;
    let sink = |o: Output| staging.put(o).map_err(write_error);
    let mut built = build_into(root, opts, LinkPolicy::Warn, &sink)?;
    if let Err(e) = staging.commit(&mut built.outputs) {
        let mut d = built.warnings.clone();
        d.push(write_error(e));
        return Err(d);
    }
    Ok(built)
}
