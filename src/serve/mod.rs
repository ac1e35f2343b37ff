//! `loa serve`: builds the site into memory, serves it on loopback, watches the sources and
//! rebuilds on change, telling open pages to reload (or to show the errors) over
//! Server-Sent Events. Nothing is written to disk, so `build` output is never touched and
//! the server's own work cannot trigger a rebuild.

pub mod http;
mod poll;
pub mod server;
mod watch;

use crate::base::diagnostic::{io_error_vi, Diagnostic, Diagnostics, Severity};
use crate::build::LinkPolicy;
use crate::incremental::Session;
use crate::model::BuildOptions;
use crate::render::Output;
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

/// What `loa serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub bind: IpAddr,
    pub port: u16,
    pub drafts: bool,
    /// Poll the files instead of waiting for events (network mounts, some containers).
    pub poll: bool,
}

/// One file of the build as the server holds it.
#[derive(Debug, Clone)]
enum Served {
    Bytes(Arc<Vec<u8>>),
    /// Copied files are read from their source when asked for.
    File(PathBuf),
}

/// The site as served between two rebuilds.
pub struct Snapshot {
    /// Shared with the next snapshot when a rebuild fails and the last good files stay.
    files: Arc<FxHashMap<String, Served>>,
    /// The errors of the last build, when it failed; the files are then the last good ones.
    pub errors: Vec<String>,
    generation: u64,
    /// Canonical site root: a copied file must resolve inside it.
    root: PathBuf,
}

impl Snapshot {
    /// Whether the build has a file at `key`.
    pub fn contains(&self, key: &str) -> bool {
        self.files.contains_key(key)
    }

    /// The bytes of `key`; a copied file must still be a regular file inside the site, so a
    /// symbolic link cannot lead a request elsewhere.
    pub fn read(&self, key: &str) -> Option<Vec<u8>> {
        match self.files.get(key)? {
            Served::Bytes(b) => Some(b.as_ref().clone()),
            Served::File(p) => {
                let meta = std::fs::symlink_metadata(p).ok()?;
                let real = p.canonicalize().ok()?;
                (meta.file_type().is_file() && real.starts_with(&self.root))
                    .then(|| std::fs::read(&real).ok())
                    .flatten()
            }
        }
    }

    /// The `state` event a page receives when it connects.
    pub fn state_event(&self) -> String {
        event(
            "state",
            &serde_json::json!({"generation": self.generation, "errors": self.errors}),
        )
    }
}

fn event(name: &str, data: &serde_json::Value) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

/// The open event streams.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Sender<String>>>,
}

impl Hub {
    /// A new listener.
    pub fn subscribe(&self) -> Receiver<String> {
        let (tx, rx) = channel();
        self.clients.lock().expect("hub").push(tx);
        rx
    }

    /// Sends `msg` to every listener, forgetting those whose stream has ended (their
    /// receiver is gone).
    pub fn broadcast(&self, msg: &str) {
        self.clients
            .lock()
            .expect("hub")
            .retain(|tx| tx.send(msg.to_string()).is_ok());
    }
}

/// Files as served, by path.
type Files = FxHashMap<String, Served>;

/// Builds the site in memory for `base_url`, reusing what `session` kept; gives the model
/// too, for the search index made after the reload.
fn build(
    opts: &ServeOptions,
    base_url: &str,
    session: &mut Session,
) -> Result<(Files, Diagnostics, Arc<crate::model::Site>), Diagnostics> {
    let build_opts = BuildOptions {
        drafts: opts.drafts,
        base_url: Some(base_url.to_string()),
        relative: Some(false),
        ..BuildOptions::default()
    };
    let built = session.build(&build_opts)?;
    Ok((served(built.outputs), built.warnings, built.site))
}

/// Outputs as served.
fn served(outputs: Vec<Output>) -> Files {
    outputs
        .into_iter()
        .map(|o| match o {
            Output::Bytes { path, data } => (path, Served::Bytes(data)),
            Output::Copy { path, source } => (path, Served::File(source)),
        })
        .collect()
}

/// Whether `path` is a file of the search index.
fn in_index(path: &str) -> bool {
    path.starts_with(crate::search::index::DIR)
}

/// The errors as the overlay shows them.
fn error_lines(d: &Diagnostics) -> Vec<String> {
    d.clone()
        .sorted()
        .into_iter()
        .filter(|x| x.severity == Severity::Error)
        .map(|x| x.to_string())
        .collect()
}

/// What changed, for the one line printed per rebuild.
fn describe(root: &Path, changed: &BTreeSet<String>) -> String {
    // A tool that saves by writing a temporary file and renaming it (`sed -i` writes
    // `sedQJ7djB`) leaves a name that is gone, with no extension: not worth naming.
    let named: BTreeSet<String> = changed
        .iter()
        .filter(|rel| root.join(rel).exists() || Path::new(rel).extension().is_some())
        .cloned()
        .collect();
    let changed = if named.is_empty() { changed } else { &named };
    match changed.len() {
        0 => "không rõ tệp".into(),
        1 => changed.iter().next().cloned().unwrap_or_default(),
        n => {
            let first: Vec<&str> = changed.iter().take(3).map(String::as_str).collect();
            let more = if n > 3 { ", …" } else { "" };
            format!("{n} tệp ({}{more})", first.join(", "))
        }
    }
}

fn millis(t: Instant) -> String {
    format!("{} ms", t.elapsed().as_millis())
}

/// Starts the server and serves until the process is stopped; the error says why it could
/// not start.
pub fn run(root: &Path, opts: &ServeOptions) -> Result<(), Diagnostic> {
    let server = listen(opts)?;
    let base_url = served_address(&server, opts);
    let root_canon = root.canonicalize().map_err(|e| {
        Diagnostic::arg(
            "--root",
            format!(
                "không mở được thư mục site {}: {}",
                root.display(),
                io_error_vi(&e)
            ),
        )
        .with_hint("kiểm tra --root")
    })?;

    // Watching starts before the first build, so a save made while it runs is not lost.
    let watcher = watch::Watcher::start(root, opts.poll).map_err(|e| {
        let why = match &e.kind {
            notify::ErrorKind::Io(io) => io_error_vi(io),
            notify::ErrorKind::MaxFilesWatch => "hệ thống không cho theo dõi thêm tệp".into(),
            notify::ErrorKind::PathNotFound => "không tìm thấy thư mục".into(),
            _ => "lỗi của bộ theo dõi tệp".into(),
        };
        Diagnostic::general(format!("không theo dõi được thư mục site: {why}"))
            .with_hint("thử thêm --poll")
            .with_detail(e.to_string())
    })?;
    let mut live = Live::start(root, opts, base_url, root_canon);
    spawn_server(server, &live.state, &live.hub);
    announce(opts, &live.base_url);
    while let Some(changed) = watcher.next_batch() {
        live.rebuild(&changed);
    }
    Ok(())
}

/// The listening socket on `--bind` and `--port`, or why it could not open.
fn listen(opts: &ServeOptions) -> Result<std::net::TcpListener, Diagnostic> {
    std::net::TcpListener::bind((opts.bind, opts.port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            Diagnostic::arg(
                "--port",
                format!("cổng {} đang được chương trình khác dùng", opts.port),
            )
            .with_hint(format!(
                "chọn cổng khác, ví dụ --port {}",
                opts.port.saturating_add(1)
            ))
        } else {
            Diagnostic::arg(
                "--bind",
                format!(
                    "không mở được {}:{}: {}",
                    opts.bind,
                    opts.port,
                    io_error_vi(&e)
                ),
            )
            .with_hint("kiểm tra --bind và --port")
            .with_detail(e.to_string())
        }
    })
}

/// The address pages are built for: the port the server got, on a host a browser of this
/// machine can open (`127.0.0.1` when bound to every address).
fn served_address(listener: &std::net::TcpListener, opts: &ServeOptions) -> String {
    let port = listener.local_addr().map_or(opts.port, |a| a.port());
    let host = if opts.bind.is_unspecified() {
        "127.0.0.1".to_string()
    } else if opts.bind.is_ipv6() {
        format!("[{}]", opts.bind)
    } else {
        opts.bind.to_string()
    };
    format!("http://{host}:{port}")
}

/// Answers requests, each from the snapshot current when it arrives.
fn spawn_server(
    listener: std::net::TcpListener,
    state: &Arc<RwLock<Arc<Snapshot>>>,
    hub: &Arc<Hub>,
) {
    let (state, hub) = (Arc::clone(state), Arc::clone(hub));
    let handler: server::Handler = Arc::new(move |req| {
        let snap = Arc::clone(&state.read().expect("state"));
        http::handle(req, &snap, &hub)
    });
    server::spawn(listener, server::Limits::default(), handler);
}

/// Says where the preview is, warning first when other machines can reach it.
fn announce(opts: &ServeOptions, base_url: &str) {
    if !opts.bind.is_loopback() {
        let open = Diagnostic::arg(
            "--bind",
            format!(
                "đang mở ra ngoài máy ({}): máy khác trong mạng xem được cả bài nháp.",
                opts.bind
            ),
        )
        .with_hint("bỏ --bind để chỉ phục vụ trên máy này (127.0.0.1)")
        .with_severity(Severity::Warning);
        Diagnostics::from(open).eprint();
    }
    println!("Đang phục vụ tại {base_url}/ – lưu tệp là trang tự tải lại. Nhấn Ctrl-C để dừng.");
}

/// An index to make: what the build left, its model, its generation.
type IndexJob = (crate::incremental::Pending, Arc<crate::model::Site>, u64);

/// The one thread that makes search indexes after reloads. A job waiting when a newer one
/// comes is dropped, with its model: saves in quick succession never keep several models
/// alive at once for indexes nobody will be served.
struct Indexer {
    next: Mutex<Option<IndexJob>>,
    wake: std::sync::Condvar,
}

impl Indexer {
    /// Starts the thread; it serves each index into `state` and sends it to `done`.
    fn start(state: Arc<RwLock<Arc<Snapshot>>>, done: Sender<(u64, Vec<Output>)>) -> Arc<Indexer> {
        let indexer = Arc::new(Indexer {
            next: Mutex::new(None),
            wake: std::sync::Condvar::new(),
        });
        let me = Arc::clone(&indexer);
        std::thread::spawn(move || loop {
            let (pending, site, generation) = {
                let mut next = me.next.lock().expect("indexer");
                loop {
                    match next.take() {
                        Some(job) => break job,
                        None => next = me.wake.wait(next).expect("indexer"),
                    }
                }
            };
            let outputs = pending.files(&site);
            drop(site);
            serve_index(&state, generation, &outputs);
            if done.send((pending.fp, outputs)).is_err() {
                return;
            }
        });
        indexer
    }

    /// Makes the index of `pending` next, in place of one still waiting.
    fn make(
        &self,
        pending: crate::incremental::Pending,
        site: Arc<crate::model::Site>,
        generation: u64,
    ) {
        *self.next.lock().expect("indexer") = Some((pending, site, generation));
        self.wake.notify_one();
    }
}

/// Serves `outputs`, an index made for build `generation`, unless a newer build came first.
fn serve_index(state: &RwLock<Arc<Snapshot>>, generation: u64, outputs: &[Output]) {
    let mut guard = state.write().expect("state");
    if guard.generation == generation && guard.errors.is_empty() {
        let mut files: Files = guard
            .files
            .iter()
            .filter(|(p, _)| !in_index(p))
            .map(|(p, f)| (p.clone(), f.clone()))
            .collect();
        files.extend(served(outputs.to_vec()));
        *guard = Arc::new(Snapshot {
            files: Arc::new(files),
            errors: Vec::new(),
            generation,
            root: guard.root.clone(),
        });
    }
}

/// The running preview: the snapshot being served, the pages listening, and what a rebuild
/// needs.
struct Live<'a> {
    root: &'a Path,
    opts: &'a ServeOptions,
    base_url: String,
    session: Session,
    /// Warnings are printed when they change, not again on every save.
    shown_warnings: Diagnostics,
    state: Arc<RwLock<Arc<Snapshot>>>,
    hub: Arc<Hub>,
    generation: u64,
    /// Search indexes made after a reload, for the session to keep.
    searched: std::sync::mpsc::Receiver<(u64, Vec<Output>)>,
    /// The index to make next, for the one thread that makes them.
    indexer: Arc<Indexer>,
}

impl<'a> Live<'a> {
    /// The first build, served as generation 1; when it fails, pages show its errors.
    fn start(
        root: &'a Path,
        opts: &'a ServeOptions,
        base_url: String,
        root_canon: PathBuf,
    ) -> Self {
        let started = Instant::now();
        let mut session = Session::new(root, LinkPolicy::Warn);
        let mut shown_warnings = Diagnostics::default();
        let (files, errors) = match build(opts, &base_url, &mut session) {
            Ok((files, warnings, _)) => {
                warnings.eprint();
                shown_warnings = warnings.clone();
                println!("Đã dựng site trong {}.", millis(started));
                (files, Vec::new())
            }
            Err(d) => {
                d.eprint();
                eprintln!("Site có lỗi; trang sẽ hiện danh sách lỗi cho đến khi sửa xong.");
                (FxHashMap::default(), error_lines(&d))
            }
        };
        let state = Arc::new(RwLock::new(Arc::new(Snapshot {
            files: Arc::new(files),
            errors,
            generation: 1,
            root: root_canon,
        })));
        // From now on the search index follows an edit after the reload.
        session.search_later(true);
        let (searched_tx, searched) = std::sync::mpsc::channel();
        let indexer = Indexer::start(Arc::clone(&state), searched_tx);
        Live {
            root,
            opts,
            base_url,
            session,
            shown_warnings,
            state,
            hub: Arc::new(Hub::default()),
            generation: 1,
            searched,
            indexer,
        }
    }

    /// Rebuilds after the files `changed` (relative to the root) and serves the result, or
    /// keeps the last good files and shows the errors.
    fn rebuild(&mut self, changed: &BTreeSet<String>) {
        let started = Instant::now();
        self.generation += 1;
        let css_only = changed.iter().all(|p| p.ends_with(".css"));
        let what = describe(self.root, changed);
        self.session
            .changed(changed.iter().map(|rel| self.root.join(rel)).collect());
        for (fp, files) in self.searched.try_iter() {
            self.session.searched(fp, files);
        }
        match build(self.opts, &self.base_url, &mut self.session) {
            Ok((files, warnings, site)) => {
                self.serve_built(files, warnings, css_only, &what, started);
                self.search_after(site);
            }
            Err(d) => {
                self.session.pending_search();
                self.serve_errors(&d, &what, started)
            }
        }
    }

    /// Makes the search index the last build left out, on another thread, and serves it
    /// with that build's files unless a newer build came first. Until then the previous
    /// index is served whole (queries see one build's index, one edit behind).
    fn search_after(&mut self, site: Arc<crate::model::Site>) {
        if let Some(pending) = self.session.pending_search() {
            self.indexer.make(pending, site, self.generation);
        }
    }

    /// Serves a successful rebuild; pages reload, or only restyle after a CSS-only change to
    /// a site that was not broken.
    fn serve_built(
        &mut self,
        mut files: Files,
        warnings: Diagnostics,
        css_only: bool,
        what: &str,
        started: Instant,
    ) {
        let mut guard = self.state.write().expect("state");
        if warnings != self.shown_warnings {
            warnings.eprint();
            self.shown_warnings = warnings.clone();
        }
        let was_broken = !guard.errors.is_empty();
        // An index left for later: the last one stays until it is made.
        if !files.keys().any(|p| in_index(p)) {
            let old = guard.files.iter().filter(|(p, _)| in_index(p));
            files.extend(old.map(|(p, f)| (p.clone(), f.clone())));
        }
        let new = Arc::new(Snapshot {
            files: Arc::new(files),
            errors: Vec::new(),
            generation: self.generation,
            root: guard.root.clone(),
        });
        let old = std::mem::replace(&mut *guard, new);
        drop(guard);
        let kind = if css_only && !was_broken {
            "css"
        } else {
            "reload"
        };
        let generation = self.generation;
        self.hub
            .broadcast(&event(kind, &serde_json::json!({"generation": generation})));
        // The last build's files and model are freed after the reload, on another thread.
        let spent = self.session.spent();
        crate::base::free::free_later((old, spent));
        println!(
            "Đã dựng lại sau khi {what} thay đổi, trong {} ({} trang dựng lại, {} trang giữ nguyên).",
            millis(started),
            self.session.stats().rendered,
            self.session.stats().reused
        );
    }

    /// Keeps serving the last good files after a failed rebuild, and sends pages its errors.
    fn serve_errors(&mut self, d: &Diagnostics, what: &str, started: Instant) {
        let mut guard = self.state.write().expect("state");
        d.eprint();
        let errors = error_lines(d);
        *guard = Arc::new(Snapshot {
            files: Arc::clone(&guard.files),
            errors: errors.clone(),
            generation: self.generation,
            root: guard.root.clone(),
        });
        drop(guard);
        let generation = self.generation;
        self.hub.broadcast(&event(
            "errors",
            &serde_json::json!({"generation": generation, "errors": errors}),
        ));
        let spent = self.session.spent();
        if let Some(spent) = spent {
            crate::base::free::free_later(spent);
        }
        eprintln!(
            "Có {} lỗi sau khi {what} thay đổi ({}); vẫn phục vụ bản dựng trước.",
            errors.len(),
            millis(started)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_files_of_editing_tools_are_not_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/tin-tuc")).unwrap();
        std::fs::write(dir.path().join("content/tin-tuc/a.md"), "x").unwrap();
        let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
        // `sed -i` wrote `sedQJ7djB`, then renamed it over `a.md`.
        assert_eq!(
            describe(
                dir.path(),
                &set(&["content/tin-tuc/a.md", "content/tin-tuc/sedQJ7djB"])
            ),
            "content/tin-tuc/a.md"
        );
        // A deleted post is still named.
        assert_eq!(
            describe(dir.path(), &set(&["content/tin-tuc/b.md"])),
            "content/tin-tuc/b.md"
        );
    }
}
