//! The whole build, stage after stage: load -> model -> render -> (check) -> write.

use crate::check::{check_links, check_output_urls};
use crate::diagnostic::{Diagnostic, Diagnostics, Pos, Severity};
use crate::load::{self, theme::Theme};
use crate::model::{self, BuildOptions, Site};
use crate::render::templates::Templates;
use crate::render::{self, Output, RenderCache};
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
    build_with_cache(root, opts, links, None)
}

/// Phase times printed to standard error when `LOA_PROFILE` is set (for benchmarks).
struct Phases {
    on: bool,
    last: std::time::Instant,
}

impl Phases {
    fn start() -> Phases {
        Phases {
            on: std::env::var_os("LOA_PROFILE").is_some(),
            last: std::time::Instant::now(),
        }
    }

    fn mark(&mut self, name: &str) {
        if self.on {
            eprintln!(
                "loa-profile {name} {:.1} ms",
                self.last.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.last = std::time::Instant::now();
    }
}

/// What one build leaves for the next in `serve`: files read, Markdown rendered, pages
/// rendered, each reused only when its inputs are unchanged.
#[derive(Debug, Default)]
pub struct Caches {
    pub load: load::LoadCache,
    pub markdown: model::MarkdownCache,
    pub render: RenderCache,
    /// The last build when it succeeded: the base that edits in place start from.
    last: Option<LastGood>,
    /// Whether the last build edited the model in place instead of building it.
    pub patched: bool,
}

/// What an edit in place starts from: the last good build's model, the warnings of loading
/// and modelling it, and its theme and templates (an edit of content leaves them alone).
#[derive(Debug)]
struct LastGood {
    site: Arc<Site>,
    modelled: Diagnostics,
    theme: Theme,
    templates: Templates,
}

/// `build_in_memory` reusing what `cache` holds from the previous build (for `serve`).
pub fn build_with_cache(
    root: &Path,
    opts: &BuildOptions,
    links: LinkPolicy,
    mut cache: Option<&mut Caches>,
) -> Result<Built, Diagnostics> {
    let mut phases = Phases::start();
    if let Some(c) = cache.as_deref_mut() {
        c.patched = false;
        if let Some(built) = build_in_place(opts, links, c, &mut phases) {
            return built;
        }
        // Whatever happens below, a failed build leaves no base to edit.
        c.last = None;
    }
    let (loaded, mut diags) =
        load::load_with_cache(root, cache.as_deref_mut().map(|c| &mut c.load));
    phases.mark("load");
    let Some(mut loaded) = loaded else {
        return Err(diags);
    };
    if let Some(b) = &opts.base_url {
        loaded.config.base_url = b.trim_end_matches('/').to_string();
    }
    if let Some(r) = opts.relative {
        loaded.config.relative_urls = r;
    }
    // Templates are parsed before the model is built, so their syntax errors are reported
    // together with the content's.
    let theme = Theme::load(root, &loaded.config.theme).and_then(|theme| {
        let templates = Templates::new(&theme, loaded.config.offset, &loaded.config.base_url)?;
        Ok((theme, templates))
    });
    phases.mark("templates");
    let site = model::build_with_cache(loaded, opts, cache.as_deref_mut().map(|c| &mut c.markdown));
    phases.mark("model");
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
    let site = Arc::new(site);
    let modelled = diags.clone();
    let outputs = render::render_site(
        &site,
        &theme,
        &templates,
        cache.as_deref_mut().map(|c| &mut c.render),
        None,
    )
    .map_err(|e| {
        diags.extend(e);
        diags.clone()
    })?;
    phases.mark("render");
    let built = finish(site, outputs, diags, links, &mut phases)?;
    if let Some(c) = cache {
        c.last = Some(LastGood {
            site: Arc::clone(&built.site),
            modelled,
            theme,
            templates,
        });
    }
    Ok(built)
}

/// The rebuild after edits that leave the site's shape alone (see `model::patch_pages`): the
/// changed files are read, the last model is edited in place, and rendering is told which
/// pages changed. `None` when a full build is needed.
fn build_in_place(
    opts: &BuildOptions,
    links: LinkPolicy,
    c: &mut Caches,
    phases: &mut Phases,
) -> Option<Result<Built, Diagnostics>> {
    // Taken out: whatever happens next, it is put back only after a good build.
    let mut last = c.last.take()?;
    let read = c.load.read_changed()?;
    phases.mark("load");
    let sources: Vec<_> = read.iter().map(|(_, _, s)| Arc::clone(s)).collect();
    // Shared only with the previous `Built`, which is gone by now: no copy is made.
    let site = Arc::make_mut(&mut last.site);
    let (changed, warnings) = model::patch_pages(site, &sources, opts, &mut c.markdown)?;
    c.load.accept(&read);
    last.modelled
        .retain(|d| !sources.iter().any(|s| d.path == s.display));
    last.modelled.extend(warnings);
    let mut diags = last.modelled.clone();
    phases.mark("model");
    let outputs = render::render_site(
        site,
        &last.theme,
        &last.templates,
        Some(&mut c.render),
        Some(&changed),
    );
    let outputs = match outputs {
        Ok(o) => o,
        Err(e) => {
            diags.extend(e);
            return Some(Err(diags));
        }
    };
    phases.mark("render");
    let built = finish(Arc::clone(&last.site), outputs, diags, links, phases);
    if built.is_ok() {
        c.last = Some(last);
        c.patched = true;
    }
    Some(built)
}

/// The link check after rendering, shared by every build.
fn finish(
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
