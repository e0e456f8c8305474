//! Errors of a fetch: each names the URL or the file concerned and what to do next.

use std::path::PathBuf;

/// What can go wrong when fetching a Eurostat table or reading it from the cache.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("cannot reach {url}: {reason}; use --offline to read the cache, or --base-url to name another server")]
    Unreachable { url: String, reason: String },
    #[error("{url}: timed out ({phase}); raise --{flag} (seconds) or use --offline")]
    Timeout { url: String, phase: String, flag: &'static str },
    #[error("{code}: no such dataset at {url} (HTTP 404); `smartspec data fetch --list` shows the tables smartspec uses")]
    UnknownDataset { code: String, url: String },
    #[error("{url}: HTTP {status} after {attempts} attempt(s){hint}")]
    Status { url: String, status: u16, attempts: u32, hint: String },
    #[error("{url}: the response is neither Eurostat TSV nor SDMX-CSV (content type {content_type}; it begins {start:?})")]
    NotData { url: String, content_type: String, start: String },
    #[error("{url}: the response broke off after {bytes} bytes ({reason}); nothing was written to the cache, fetch again")]
    Truncated { url: String, bytes: u64, reason: String },
    #[error("--select {dim}: {dataset} has no dimension {dim:?} (its dimensions: {dims})")]
    UnknownDimension { dataset: String, dim: String, dims: String },
    #[error("--select {dim}={code}: {code:?} is not a code of {dim} in {dataset} ({count} codes, e.g. {sample})")]
    UnknownCode { dataset: String, dim: String, code: String, count: usize, sample: String },
    #[error("--select {0:?}: expected DIM=CODE[,CODE...]")]
    BadSelect(String),
    #[error("--offline: {what} of {code} is not in the cache {dir}; run `smartspec data fetch {code}` while online first")]
    NotCached { code: String, what: &'static str, dir: PathBuf },
    #[error("{path}: {reason}")]
    Cache { path: PathBuf, reason: String },
    #[error("{path}: checksum mismatch (expected sha256 {expected}, found {found}); the cached file changed, fetch it again")]
    Checksum { path: PathBuf, expected: String, found: String },
    #[error("{url}: not an SDMX structure message: {reason}")]
    Structure { url: String, reason: String },
}

impl FetchError {
    pub(crate) fn cache(path: impl Into<PathBuf>, reason: impl std::fmt::Display) -> Self {
        FetchError::Cache { path: path.into(), reason: reason.to_string() }
    }
}
