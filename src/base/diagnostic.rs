//! Problems shown to the user: in the input, each pointing at a file, line and column; in
//! the command line, naming the argument; or in neither (the server could not start). All
//! are one type, printed the same way.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    /// A position; `line` and `column` start at 1.
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }

    /// The start of a file.
    pub fn start() -> Self {
        Pos::new(1, 1)
    }

    /// The position of byte `offset` in `text`, with `first_line` being the line `text` starts on.
    pub fn of_offset(text: &str, offset: usize, first_line: usize) -> Self {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + first_line;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos::new(line, before[line_start..].chars().count() + 1)
    }
}

/// Where each line of a text starts, so that the positions of many offsets cost a search
/// each rather than a scan from the start (a 50 MB body has thousands of links).
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(newlines(text).map(|i| i + 1));
        LineIndex { starts }
    }

    /// [`Pos::of_offset`] of `text`, the text this index was made of.
    pub fn pos(&self, text: &str, offset: usize, first_line: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        Pos::new(line + first_line, text[start..offset].chars().count() + 1)
    }
}

/// The byte offsets of the `\n`s of `text`.
fn newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter_map(|(i, b)| (b == b'\n').then_some(i))
}

/// Where a problem is; only a problem in a file has a line and a column to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// At [`Diagnostic::pos`] in the file [`Diagnostic::path`]: printed as
    /// `path:line:column: lỗi: …`.
    File,
    /// In what was typed for a command-line argument: an option such as `--out` or `--unit`,
    /// or a positional one such as `<MỤC>`. Printed as `lỗi: …`, with no position.
    Arg(&'static str),
    /// In no file and no argument (the server could not watch the folder, a report could
    /// not be encoded). Printed as `lỗi: …`.
    None,
}

/// One problem of the content, the command line or the server, printed as
/// `path:line:column: lỗi: message` (the position only for [`Location::File`]), with an
/// optional hint on the next line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    /// The file, for [`Location::File`]; empty otherwise.
    pub path: PathBuf,
    /// The line and column in `path`, for [`Location::File`]; `0:0` otherwise.
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
    /// The library's own words (often English), shown only under `--verbose`; boxed, as most
    /// problems have none.
    pub detail: Option<Box<String>>,
    /// A command line that cannot mean anything, whatever the site (exit status 2), rather
    /// than a problem of the content or a value the site does not have (exit status 1).
    pub usage: bool,
}

impl Diagnostic {
    /// An error at `pos` in `path`.
    pub fn error(path: impl AsRef<Path>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Location::File,
            path: path.as_ref().to_path_buf(),
            pos,
            message: message.into(),
            hint: None,
            detail: None,
            usage: false,
        }
    }

    /// A warning at `pos` in `path`: shown, but the build goes on.
    pub fn warning(path: impl AsRef<Path>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    /// An error in the command-line argument `arg` (`--unit`, `<MỤC>`): a value the site does
    /// not have, unless marked [`usage`](Diagnostic::usage).
    pub fn arg(arg: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            location: Location::Arg(arg),
            ..Diagnostic::general(message)
        }
    }

    /// An error that is in no file and no argument.
    pub fn general(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: Location::None,
            path: PathBuf::new(),
            pos: Pos::default(),
            message: message.into(),
            hint: None,
            detail: None,
            usage: false,
        }
    }

    /// Marks a command line that cannot mean anything, whatever the site (exit status 2).
    pub fn usage(mut self) -> Self {
        self.usage = true;
        self
    }

    /// The same problem with another severity.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// The same problem placed in the command-line argument `arg`, without a file position.
    pub fn in_arg(self, arg: &'static str) -> Self {
        Diagnostic {
            location: Location::Arg(arg),
            path: PathBuf::new(),
            pos: Pos::default(),
            ..self
        }
    }

    /// Adds a hint shown under the message.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Keeps a library's original message, printed only under `--verbose`.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(Box::new(detail.into()));
        self
    }

    /// Adds a hint only when there is one.
    pub fn with_opt_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// Whether this problem fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The file and position, when the problem is in a file.
    pub fn file(&self) -> Option<(&Path, Pos)> {
        (self.location == Location::File).then_some((self.path.as_path(), self.pos))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        if let Some((path, pos)) = self.file() {
            write!(f, "{}:{}:{}: ", path.display(), pos.line, pos.column)?;
        }
        write!(f, "{label}: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  gợi ý: {hint}")?;
        }
        if let Some(detail) = self.detail.as_ref().filter(|_| verbose()) {
            write!(f, "\n  chi tiết (nguyên văn của thư viện): {detail}")?;
        }
        Ok(())
    }
}

/// Whether `--verbose` was given: libraries' original messages are printed.
static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns on printing libraries' original messages (`--verbose`), for the whole process.
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, std::sync::atomic::Ordering::Relaxed);
}

fn verbose() -> bool {
    VERBOSE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Every problem of one run, collected so that all are reported at once.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// An empty collection.
    pub fn new() -> Self {
        Diagnostics(Vec::new())
    }

    /// Records one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Records many problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// The problems, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// Keeps only the problems for which `keep` is true.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.0.retain(keep);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    /// Whether one of the problems is a command line that cannot mean anything.
    pub fn has_usage_errors(&self) -> bool {
        self.0.iter().any(|d| d.usage)
    }

    /// The problems sorted, so output does not depend on thread timing: those of the command
    /// line and the like first, in the order found, then those in files by file and position.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| match (a.file(), b.file()) {
            (Some(x), Some(y)) => (x, a.severity, &a.message).cmp(&(y, b.severity, &b.message)),
            (x, y) => x.is_some().cmp(&y.is_some()),
        });
        self.0.dedup();
        self.0
    }

    /// Prints every problem to standard error, sorted.
    pub fn eprint(&self) {
        for d in self.clone().sorted() {
            eprintln!("{d}");
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The cause of an input/output error that loa itself raises, already in Vietnamese.
#[derive(Debug)]
pub struct IoVi(pub &'static str);

impl fmt::Display for IoVi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for IoVi {}

/// An input/output error in Vietnamese: the operating system's own text is English.
pub fn io_error_vi(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    if let Some(own) = e.get_ref().and_then(|r| r.downcast_ref::<IoVi>()) {
        return own.0.to_string();
    }
    let what = match e.kind() {
        K::NotFound => "không tìm thấy tệp hoặc thư mục",
        K::PermissionDenied => "không có quyền truy cập",
        K::AlreadyExists => "đã có tệp trùng tên",
        K::IsADirectory => "đây là thư mục, không phải tệp",
        K::NotADirectory => "một phần của đường dẫn không phải thư mục",
        K::StorageFull => "ổ đĩa đã đầy",
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        K::InvalidData => "nội dung không đọc được",
        K::ResourceBusy => "tệp hoặc thư mục đang được dùng (có thể là một điểm gắn ổ đĩa)",
        K::QuotaExceeded => "đã dùng hết hạn mức dung lượng",
        K::FileTooLarge => "tệp quá lớn",
        // The system's own words are English: its error number says the same to whoever
        // helps the editor.
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("lỗi hệ thống (mã {code})"),
                None => "lỗi hệ thống".to_string(),
            }
        }
    };
    what.to_string()
}

/// "did you mean" for a mistyped identifier: the closest candidate, if close enough.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(wrong, candidates).map(|c| format!("bạn có định viết `{c}`?"))
}

/// The candidate a mistyped identifier most likely meant, if one is close enough.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_l = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wrong_l, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_to_position_counts_characters() {
        let text = "ab\nđường x";
        let off = text.find('x').unwrap();
        assert_eq!(Pos::of_offset(text, off, 3), Pos::new(4, 7));
        let index = LineIndex::new(text);
        for off in [0, 1, 2, 3, off, text.len()] {
            assert_eq!(
                index.pos(text, off, 3),
                Pos::of_offset(text, off, 3),
                "{off}"
            );
        }
    }

    #[test]
    fn only_a_file_position_is_printed() {
        let file = Diagnostic::error("site.yaml", Pos::new(2, 12), "a").with_hint("b");
        assert_eq!(file.to_string(), "site.yaml:2:12: lỗi: a\n  gợi ý: b");
        let arg = Diagnostic::arg("--unit", "c").with_hint("d");
        assert_eq!(arg.to_string(), "lỗi: c\n  gợi ý: d");
        let none = Diagnostic::general("e").with_severity(Severity::Warning);
        assert_eq!(none.to_string(), "cảnh báo: e");
        // A folder typed for `--out` loses the position a build gave it.
        let out = Diagnostic::error("./public", Pos::start(), "f").in_arg("--out");
        assert_eq!(
            (out.location, out.to_string()),
            (Location::Arg("--out"), "lỗi: f".into())
        );
    }

    #[test]
    fn command_line_problems_come_first_in_the_order_found() {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error("b.md", Pos::start(), "x"));
        d.push(Diagnostic::arg("--to", "z").usage());
        d.push(Diagnostic::error("a.md", Pos::start(), "y"));
        d.push(Diagnostic::arg("--format", "a"));
        assert!(d.has_usage_errors());
        let shown: Vec<String> = d.sorted().iter().map(|x| x.message.clone()).collect();
        assert_eq!(shown, ["z", "a", "y", "x"]);
    }

    #[test]
    fn suggestion_picks_closest() {
        let c = ["bao-lai-chau", "dai-ptth-lai-chau"];
        assert_eq!(
            did_you_mean("bao-lai-chu", c).as_deref(),
            Some("bạn có định viết `bao-lai-chau`?")
        );
        assert_eq!(did_you_mean("zzz", c), None);
    }
}
