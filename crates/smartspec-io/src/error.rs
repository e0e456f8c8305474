//! Errors and diagnostics of the readers and writers.
//!
//! Every data problem is a [`Problem`] located as `FILE:LINE:COLUMN`:
//!
//! * **CSV**: `LINE` is the 1-based physical line (the header is line 1),
//!   `COLUMN` the 1-based field number; `0` when the problem concerns the
//!   whole line or file.
//! * **Eurostat TSV**: the same, field 1 being the comma-joined key.
//! * **Parquet**: `LINE` is the 1-based row number, `COLUMN` the 1-based
//!   column number in the file schema.

use std::fmt;
use thiserror::Error;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input is used, but something deserves attention.
    Warning,
}

/// One located problem in an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The file as the user named it.
    pub path: String,
    /// 1-based line (or Parquet row); 0 when not tied to a line.
    pub line: u64,
    /// 1-based field number; 0 when not tied to a field.
    pub column: usize,
    /// What is wrong, quoting the offending text.
    pub message: String,
    /// Error or warning.
    pub severity: Severity,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        write!(
            f,
            "{}:{}:{}: {}{}",
            self.path, self.line, self.column, kind, self.message
        )
    }
}

/// Problems collected while reading one file, up to a limit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagnostics {
    path: String,
    problems: Vec<Problem>,
    limit: usize,
    errors: usize,
    warnings: usize,
}

impl Diagnostics {
    /// Collects problems of `path`, keeping at most `limit` of them (the
    /// counts go on).
    pub fn new(path: impl Into<String>, limit: usize) -> Self {
        Diagnostics {
            path: path.into(),
            problems: Vec::new(),
            limit: limit.max(1),
            errors: 0,
            warnings: 0,
        }
    }

    /// The file these problems belong to.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn add(&mut self, line: u64, column: usize, message: String, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
        if self.problems.len() < self.limit {
            self.problems.push(Problem {
                path: self.path.clone(),
                line,
                column,
                message,
                severity,
            });
        }
    }

    /// Records an error.
    pub fn error(&mut self, line: u64, column: usize, message: impl Into<String>) {
        self.add(line, column, message.into(), Severity::Error);
    }

    /// Records a warning.
    pub fn warn(&mut self, line: u64, column: usize, message: impl Into<String>) {
        self.add(line, column, message.into(), Severity::Warning);
    }

    /// Number of errors (all, not only those kept).
    pub fn error_count(&self) -> usize {
        self.errors
    }

    /// Number of warnings (all, not only those kept).
    pub fn warning_count(&self) -> usize {
        self.warnings
    }

    /// True when the error limit is reached: readers stop there.
    pub fn full(&self) -> bool {
        self.errors >= self.limit
    }

    /// The problems kept, in the order found.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Only the warnings kept.
    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|p| p.severity == Severity::Warning)
    }

    /// True when there is no error.
    pub fn is_ok(&self) -> bool {
        self.errors == 0
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors: Vec<&Problem> = self
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        for (i, p) in errors.iter().take(5).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        if self.errors > 5 {
            write!(
                f,
                "\n... and {} more error(s); run `smartspec data validate {}` for the list",
                self.errors - 5,
                self.path
            )?;
        }
        Ok(())
    }
}

/// Errors of `smartspec-io`.
#[derive(Debug, Error)]
pub enum IoError {
    /// A file could not be opened, read or written.
    #[error("{path}: {source}")]
    File {
        /// The file.
        path: String,
        /// The operating-system error.
        #[source]
        source: std::io::Error,
    },
    /// The input has errors; each names file, line and column.
    #[error("{0}")]
    Invalid(Box<Diagnostics>),
    /// The file's format could not be told from its name or content.
    #[error("{path}: unknown format: {hint}")]
    UnknownFormat {
        /// The file.
        path: String,
        /// What was expected.
        hint: String,
    },
    /// Writing failed for a reason other than the operating system.
    #[error("{path}: cannot write: {message}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// An embedded resource is corrupt: a bug in the build, not user input.
    #[error("internal error: embedded {what} is unreadable: {message} (this is a bug; please report it)")]
    Embedded {
        /// Which resource.
        what: String,
        /// Why.
        message: String,
    },
    /// A request that cannot be met (unknown code, version, weight, ...).
    #[error("{0}")]
    Request(String),
}

impl IoError {
    /// The diagnostics of an [`IoError::Invalid`].
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            IoError::Invalid(d) => Some(d),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_print_as_file_line_column() {
        let mut d = Diagnostics::new("x.csv", 2);
        d.error(3, 4, "bad");
        d.warn(5, 0, "odd");
        d.error(6, 1, "worse");
        assert_eq!(d.problems()[0].to_string(), "x.csv:3:4: bad");
        assert_eq!(d.problems()[1].to_string(), "x.csv:5:0: warning: odd");
        assert_eq!(d.problems().len(), 2);
        assert_eq!(d.error_count(), 2);
        assert!(d.full());
    }
}
