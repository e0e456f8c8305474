//! The cache: each fetched response with where it came from, its validators
//! (ETag, Last-Modified, or the catalogue's last update) and its checksum.
//!
//! Layout: `{root}/{code}/structure.xml` (the dataflow's structure message) and
//! `{root}/{code}/{stem}.{tsv|csv}.gz` with its record `{stem}.json` ([`Entry`]).
//! The stem names the query: `all`, or the SDMX key and `since` year. Files are
//! written to a temporary file in the same directory and renamed into place,
//! so an interrupted fetch never leaves a half-written file.
//!
//! Root: `--cache DIR`, else `$SMARTSPEC_CACHE`, else
//! `$XDG_CACHE_HOME/smartspec/eurostat`, else `$HOME/.cache/smartspec/eurostat`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{FetchError, Format};

/// The record of one cached response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub code: String,
    /// The SDMX key asked for (empty: everything).
    pub key: String,
    pub since: Option<i32>,
    pub url: String,
    pub format: Format,
    /// File name beside the record.
    pub file: String,
    pub sha256: String,
    /// Size of the stored (gzip) file.
    pub bytes: u64,
    pub rows: u64,
    pub header: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The dataflow's `UPDATE_DATA` at fetch time.
    pub catalogue_updated: Option<String>,
    /// UTC, RFC 3339.
    pub fetched_at: String,
}

/// A cache directory.
#[derive(Debug, Clone)]
pub struct Cache {
    pub root: PathBuf,
}

/// The default cache root (see the module doc).
pub fn default_root() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    var("SMARTSPEC_CACHE")
        .or_else(|| var("XDG_CACHE_HOME").map(|d| d.join("smartspec/eurostat")))
        .or_else(|| var("HOME").map(|d| d.join(".cache/smartspec/eurostat")))
}

/// The stem of a query's files.
pub fn stem(key: &str, since: Option<i32>) -> String {
    let mut s = if key.is_empty() { "all".to_string() } else { key.replace('+', "_").replace('.', "~") };
    if s.len() > 80 {
        s = format!("key-{}", &hex(&Sha256::digest(key.as_bytes()))[..16]);
    }
    if let Some(y) = since {
        s.push_str(&format!("_since{y}"));
    }
    s
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of a file, in hex.
pub fn sha256_file(path: &Path) -> Result<String, FetchError> {
    let mut file = std::fs::File::open(path).map_err(|e| FetchError::cache(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf).map_err(|e| FetchError::cache(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// A file being written; renamed into place by [`Cache::commit`].
pub struct Pending {
    pub file: std::fs::File,
    path: PathBuf,
}

impl Drop for Pending {
    fn drop(&mut self) {
        // a committed file has been renamed away; anything left is a failed fetch
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Cache {
    pub fn new(root: impl Into<PathBuf>) -> Cache {
        Cache { root: root.into() }
    }

    pub fn dir(&self, code: &str) -> PathBuf {
        self.root.join(code)
    }

    fn ensure(&self, code: &str) -> Result<PathBuf, FetchError> {
        let dir = self.dir(code);
        std::fs::create_dir_all(&dir).map_err(|e| FetchError::cache(&dir, e))?;
        Ok(dir)
    }

    /// A new temporary file in `code`'s directory.
    pub fn pending(&self, code: &str) -> Result<Pending, FetchError> {
        let dir = self.ensure(code)?;
        let path = dir.join(format!(".part-{}-{}", std::process::id(), std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())));
        let file = std::fs::File::create(&path).map_err(|e| FetchError::cache(&path, e))?;
        Ok(Pending { file, path })
    }

    /// Moves a pending file to `name` in `code`'s directory.
    pub fn commit(&self, code: &str, pending: Pending, name: &str) -> Result<PathBuf, FetchError> {
        pending.file.sync_all().map_err(|e| FetchError::cache(&pending.path, e))?;
        let target = self.dir(code).join(name);
        std::fs::rename(&pending.path, &target).map_err(|e| FetchError::cache(&target, e))?;
        Ok(target)
    }

    /// Writes `bytes` to `name` atomically.
    pub fn write(&self, code: &str, name: &str, bytes: &[u8]) -> Result<PathBuf, FetchError> {
        let mut p = self.pending(code)?;
        p.file.write_all(bytes).map_err(|e| FetchError::cache(&p.path, e))?;
        self.commit(code, p, name)
    }

    /// The cached structure message of `code`.
    pub fn structure(&self, code: &str) -> Option<String> {
        std::fs::read_to_string(self.dir(code).join("structure.xml")).ok()
    }

    /// Stores a data entry's record (the data file is committed before).
    pub fn record(&self, entry: &Entry) -> Result<(), FetchError> {
        let json = serde_json::to_vec_pretty(entry).map_err(|e| FetchError::cache(&self.root, e))?;
        let name = entry.file.trim_end_matches(".gz").rsplit_once('.').map_or(entry.file.as_str(), |(s, _)| s);
        self.write(&entry.code, &format!("{name}.json"), &json).map(|_| ())
    }

    /// The record of a query, if cached.
    pub fn entry(&self, code: &str, stem: &str) -> Result<Option<Entry>, FetchError> {
        let path = self.dir(code).join(format!("{stem}.json"));
        let Ok(text) = std::fs::read_to_string(&path) else { return Ok(None) };
        serde_json::from_str(&text).map(Some).map_err(|e| FetchError::cache(&path, e))
    }

    /// The path of an entry's data file.
    pub fn data_path(&self, entry: &Entry) -> PathBuf {
        self.dir(&entry.code).join(&entry.file)
    }

    /// Checks an entry's file against its checksum.
    pub fn verify(&self, entry: &Entry) -> Result<PathBuf, FetchError> {
        let path = self.data_path(entry);
        let found = sha256_file(&path)?;
        if found != entry.sha256 {
            return Err(FetchError::Checksum { path, expected: entry.sha256.clone(), found });
        }
        Ok(path)
    }

    /// Every record in the cache, by code then file.
    pub fn entries(&self) -> Vec<Entry> {
        let mut out = Vec::new();
        let Ok(codes) = std::fs::read_dir(&self.root) else { return out };
        for dir in codes.flatten() {
            let Ok(files) = std::fs::read_dir(dir.path()) else { continue };
            for f in files.flatten() {
                let p = f.path();
                if p.extension().is_some_and(|e| e == "json") {
                    if let Some(e) = std::fs::read_to_string(&p).ok().and_then(|t| serde_json::from_str(&t).ok()) {
                        out.push(e);
                    }
                }
            }
        }
        out.sort_by(|a: &Entry, b: &Entry| (&a.code, &a.file).cmp(&(&b.code, &b.file)));
        out
    }
}
