//! Problems found in the input, each pointing at a file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
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

/// A wrong command-line argument, printed as `lỗi: …` with an optional hint: it has no file
/// position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError {
    pub message: String,
    pub hint: Option<String>,
    /// A mistake in the command line itself (exit status 2), not a value the site does not
    /// have (exit status 1).
    pub usage: bool,
}

impl ArgError {
    /// A value the site does not have (an unknown unit, a closed one, …).
    pub fn value(message: impl Into<String>, hint: Option<String>) -> ArgError {
        ArgError {
            message: message.into(),
            hint,
            usage: false,
        }
    }

    /// A command line that cannot mean anything, whatever the site.
    pub fn usage(message: impl Into<String>, hint: Option<String>) -> ArgError {
        ArgError {
            message: message.into(),
            hint,
            usage: true,
        }
    }
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "lỗi: {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  gợi ý: {h}")?;
        }
        Ok(())
    }
}

/// One problem, printed as `path:line:column: message` with an optional hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub path: PathBuf,
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `pos` in `path`.
    pub fn error(path: impl AsRef<Path>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.as_ref().to_path_buf(),
            pos,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning at `pos` in `path`: shown, but the build goes on.
    pub fn warning(path: impl AsRef<Path>, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    /// Adds a hint shown under the message.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
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
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path.display(),
            self.pos.line,
            self.pos.column,
            label,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  gợi ý: {hint}")?;
        }
        Ok(())
    }
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

    /// The problems sorted by file and position, so output does not depend on thread timing.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.path, a.pos, a.severity, &a.message).cmp(&(&b.path, b.pos, b.severity, &b.message))
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

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// An input/output error in Vietnamese: the operating system's own text is English.
pub fn io_error_vi(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let what = match e.kind() {
        K::NotFound => "không tìm thấy tệp hoặc thư mục",
        K::PermissionDenied => "không có quyền truy cập",
        K::AlreadyExists => "đã có tệp trùng tên",
        K::IsADirectory => "đây là thư mục, không phải tệp",
        K::NotADirectory => "một phần của đường dẫn không phải thư mục",
        K::StorageFull => "ổ đĩa đã đầy",
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho đọc",
        K::InvalidData => "nội dung không đọc được",
        _ => return format!("lỗi hệ thống ({e})"),
    };
    what.to_string()
}

/// "did you mean" for a mistyped identifier: the closest candidate, if close enough.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let wrong_l = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wrong_l, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| format!("bạn có định viết `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_to_position_counts_characters() {
        let text = "ab\nđường x";
        let off = text.find('x').unwrap();
        assert_eq!(Pos::of_offset(text, off, 3), Pos::new(4, 7));
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
