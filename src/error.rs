//! Authoring problems: what went wrong, where, and how to fix it.
//!
//! A bad config or matrix is the author's bug, so every problem carries the
//! file, a 1-based line and column, and a hint. The action fails the step
//! with them; nothing here ever panics on input.

use serde::Serialize;
use std::fmt;

/// The class of an authoring problem.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The YAML itself could not be read.
    Syntax,
    /// An input exceeded a documented limit (size, depth, aliases, entries...).
    Limit,
    /// A key that the config language does not know.
    UnknownKey,
    /// A required key is missing.
    MissingKey,
    /// A value has the wrong shape (a list where a string was expected...).
    Type,
    /// A path or value glob does not compile.
    Glob,
    /// A `{field}` template is malformed or names a field an entry lacks.
    Template,
    /// An output name is unsafe, or two outputs share a name.
    OutputName,
    /// The matrix file's content is not a data-only matrix.
    Matrix,
    /// A selection that GitHub would refuse (a matrix of 256 or more jobs).
    MatrixSize,
    /// The core broke its own invariant: a bug, never the author's.
    Internal,
}

/// One authoring problem, with position and hint.
#[cfg_attr(test, derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

/// A position in a source file (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Problem {
    pub fn new(
        kind: ProblemKind,
        file: &str,
        pos: Pos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Problem {
            kind,
            file: file.to_string(),
            line: pos.line,
            column: pos.column,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if !self.hint.is_empty() {
            write!(f, " (hint: {})", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

/// The 1-based line and column (in characters) of byte `at` of `text`,
/// which must lie on a character boundary.
pub fn pos_at(text: &str, at: usize) -> Pos {
    let before = &text[..at];
    Pos {
        line: before.matches('\n').count() + 1,
        column: before[before.rfind('\n').map_or(0, |n| n + 1)..]
            .chars()
            .count()
            + 1,
    }
}

/// The text of a file given as bytes, or a problem at its first byte that
/// is not UTF-8 (a silent U+FFFD would change what the author wrote).
pub fn utf8_text(file: &str, bytes: &[u8]) -> Result<String, Problem> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            // The bytes before the first bad one are valid UTF-8.
            let before = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            Err(Problem::new(
                ProblemKind::Syntax,
                file,
                pos_at(&before, before.len()),
                format!("invalid UTF-8 at byte offset {}", e.valid_up_to()),
                "save the file as UTF-8",
            ))
        }
    }
}

/// Quote untrusted text for logs: JSON string syntax, so a newline can never
/// start a runner command such as `::set-output`.
pub fn quote(text: &str) -> String {
    crate::json::string(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_reported_at_its_line_and_column() {
        let p = utf8_text("m.yml", b"a: 1\nb: x\xffy\n").unwrap_err();
        assert_eq!((p.kind, p.line, p.column), (ProblemKind::Syntax, 2, 5));
        assert!(p.message.contains("byte offset 9"), "{}", p.message);
        let p = utf8_text("m.yml", b"\xc3").unwrap_err();
        assert_eq!((p.line, p.column), (1, 1));
        assert_eq!(utf8_text("m.yml", "é\n".as_bytes()).unwrap(), "é\n");
    }

    #[test]
    fn quote_keeps_newlines_off_the_line_start() {
        assert_eq!(quote("a\n::error::x"), "\"a\\n::error::x\"");
    }
}
