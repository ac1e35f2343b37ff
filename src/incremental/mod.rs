//! Incremental: one [`Session`] owns every cache and the last good build, and composes the
//! pure stages so that a rebuild re-reads, re-renders and re-checks only what changed.
//! Takes the site's root and the paths that changed; gives the same `Built` a fresh build
//! would give (the tests hold it to that, byte for byte).

mod bodies;
mod files;
mod fingerprint;
mod outputs;
mod patch;

use crate::base::diagnostic::Diagnostics;
use crate::build::{self, Built, LinkPolicy, Modelled, Phases};
use crate::input::theme::Theme;
use crate::model::{self, BuildOptions, Site};
use crate::render::templates::Templates;
use bodies::BodyMemo;
use files::Files;
pub use outputs::Pending;
use outputs::{Change, OutputMemo};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What one build leaves for the next: files read, Markdown rendered, files rendered, each
/// reused only when its inputs are unchanged, and the last good model to edit in place.
#[derive(Debug)]
pub struct Session {
    root: PathBuf,
    links: LinkPolicy,
    files: Files,
    bodies: BodyMemo,
    outputs: OutputMemo,
    last: Option<LastGood>,
    /// Whether the last build edited the model in place instead of building it.
    in_place: bool,
    /// The model a full build replaced, until the caller takes it to free (see `spent`).
    spent: Option<Spent>,
}

/// A model no longer used, to be freed when it costs nothing (after a reload is sent).
#[derive(Debug)]
pub struct Spent(#[allow(dead_code)] LastGood); // held only to be freed

/// What an edit in place starts from: the last good build's model, the warnings of loading
/// and modelling it, and its theme and templates (an edit of content leaves them alone).
#[derive(Debug)]
struct LastGood {
    site: Arc<Site>,
    modelled: Diagnostics,
    theme: Theme,
    templates: Templates,
}

/// How the last build went, for `serve`'s log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// The model was edited in place (every address unchanged).
    pub in_place: bool,
    /// HTML files rendered.
    pub rendered: usize,
    /// HTML files taken unchanged from the previous build.
    pub reused: usize,
}

impl Session {
    /// A session on the site at `root`, judging broken links by `links`.
    pub fn new(root: &Path, links: LinkPolicy) -> Session {
        Session {
            root: root.to_path_buf(),
            links,
            files: Files::default(),
            bodies: BodyMemo::default(),
            outputs: OutputMemo::default(),
            last: None,
            in_place: false,
            spent: None,
        }
    }

    /// Tells the next build which paths changed (as the watcher saw them). Without it, the
    /// next build compares every file's modification time and size.
    pub fn changed(&mut self, paths: Vec<PathBuf>) {
        self.files.changed(paths);
    }

    /// The model the last build replaced, for the caller to free later (it is freed at the
    /// next build otherwise).
    pub fn spent(&mut self) -> Option<Spent> {
        self.spent.take()
    }

    /// Leaves the search index out of the next builds' files when it changed (`serve` makes
    /// it after the reload: on a large site it takes longer than the rest of an edit).
    pub fn search_later(&mut self, later: bool) {
        self.outputs.search_later = later;
    }

    /// The search index the last build left out, to make with `Pending::files` and give
    /// back with `searched`.
    pub fn pending_search(&mut self) -> Option<Pending> {
        self.outputs.pending.take()
    }

    /// The files of an index that `pending_search` gave, kept for the next builds.
    pub fn searched(&mut self, fp: u64, files: Vec<crate::render::Output>) {
        self.outputs.searched(fp, files);
    }

    /// How the last build went.
    pub fn stats(&self) -> Stats {
        Stats {
            in_place: self.in_place,
            rendered: self.outputs.rendered,
            reused: self.outputs.reused,
        }
    }

    /// Builds the site in memory, reusing what is unchanged since the last build.
    pub fn build(&mut self, opts: &BuildOptions) -> Result<Built, Diagnostics> {
        let mut phases = Phases::start();
        self.in_place = false;
        if let Some(built) = self.build_in_place(opts, &mut phases) {
            return built;
        }
        // Whatever happens below, a failed build leaves no base to edit. Freeing a large
        // model takes a while, and on two cores slows the build down: it waits in `spent`.
        self.spent = self.last.take().map(Spent);
        let built = self.build_fully(opts, &mut phases);
        match built.is_ok() {
            true => self.bodies.commit(),
            false => self.bodies.merge(),
        }
        built
    }

    fn build_fully(
        &mut self,
        opts: &BuildOptions,
        phases: &mut Phases,
    ) -> Result<Built, Diagnostics> {
        let (loaded, diags) = self.files.load(&self.root);
        phases.mark("load");
        let bodies = &self.bodies;
        let Modelled {
            site,
            mut diags,
            theme,
            templates,
        } = build::model_and_templates(&self.root, loaded, diags, opts, &|loaded, opts| {
            model::build_with(loaded, opts, bodies)
        })
        .map_err(|mut diags| {
            // As a fresh build does: the links of the files without problems, checked too.
            let more = build::partial::link_problems(&self.root, opts, self.links, &diags);
            diags.extend(more);
            diags
        })?;
        phases.mark("model");
        let site = Arc::new(site);
        let modelled = diags.clone();
        let outputs = self
            .outputs
            .render(&site, &theme, &templates, Change::Unknown)
            .map_err(|e| {
                diags.extend(e);
                diags.clone()
            })?;
        phases.mark("render");
        let built = build::finish(site, outputs, diags, self.links, phases)?;
        self.last = Some(LastGood {
            site: Arc::clone(&built.site),
            modelled,
            theme,
            templates,
        });
        Ok(built)
    }

    /// The rebuild after edits that keep every address (see `patch`): the changed files are
    /// read, the last model is edited in place, and rendering is told which pages changed and
    /// whether lists did. `None` when a full build is needed.
    fn build_in_place(
        &mut self,
        opts: &BuildOptions,
        phases: &mut Phases,
    ) -> Option<Result<Built, Diagnostics>> {
        // Before `last` is taken: a full build frees the old model on another thread.
        let edits = self.files.read_changed(&self.root)?;
        // Taken out: whatever happens next, it is put back only after a good build.
        let mut last = self.last.take()?;
        phases.mark("load");
        // Shared only with the previous `Built`, which is gone by now: no copy is made.
        let site = Arc::make_mut(&mut last.site);
        let patched = patch::patch(site, &edits, opts, &self.bodies);
        phases.mark("patch");
        let Some((reach, changed, warnings)) = patched else {
            self.bodies.merge();
            self.last = Some(last);
            return None;
        };
        self.files.accept(&edits);
        let touched: Vec<PathBuf> = edits.iter().map(files::Edit::display).collect();
        last.modelled.retain(|d| !touched.contains(&d.path));
        last.modelled.extend(warnings);
        let mut diags = last.modelled.clone();
        phases.mark("model");
        let change = match &reach {
            patch::Reach::Pages => Change::Pages(&changed),
            patch::Reach::Lists => Change::Lists(&changed),
            patch::Reach::Regrouped(moves) => Change::Regrouped(&changed, moves),
        };
        let outputs = self
            .outputs
            .render(site, &last.theme, &last.templates, change);
        let outputs = match outputs {
            Ok(o) => o,
            Err(e) => {
                self.bodies.merge();
                diags.extend(e);
                return Some(Err(diags));
            }
        };
        phases.mark("render");
        let built = build::finish(Arc::clone(&last.site), outputs, diags, self.links, phases);
        // Bodies made in place join the others, whether or not the build succeeded.
        self.bodies.merge();
        if built.is_ok() {
            self.last = Some(last);
            self.in_place = true;
        }
        Some(built)
    }
}
