//! Fetching Eurostat tables: the one part of smartspec that uses the network.
//!
//! Eurostat publishes every table smartspec reads through its dissemination
//! API (SDMX 2.1 REST). A fetch of dataflow `code` takes two requests:
//!
//! 1. the structure, `{base}/sdmx/2.1/dataflow/ESTAT/{code}/latest?references=descendants&detail=referencepartial`,
//!    which gives the dimensions in key order and their code lists — a `--select`
//!    is checked against it ([`structure`]) — and the catalogue's last update;
//! 2. the data, `{base}/sdmx/2.1/data/{code}[/{key}]?format=TSV&compressed=true[&startPeriod=Y]`
//!    (or `format=SDMX-CSV`), where the key holds the selected codes per
//!    dimension (`A.EUR_HAB+PPS_HAB.`).
//!
//! Responses land in a [`cache::Cache`] with their ETag / Last-Modified (or
//! the catalogue's update date) and SHA-256; a repeated fetch asks
//! conditionally and keeps the cached file on 304, or when the catalogue date
//! has not moved and the server sent no validators. `--offline` reads only
//! the cache. Only `smartspec data fetch` calls this crate, and only when a
//! user runs it; every other command and every test stays off the network
//! (the tests serve real-format files from a local server).

pub mod cache;
pub mod catalogue;
pub mod client;
mod error;
pub mod receive;
pub mod structure;

use serde::{Deserialize, Serialize};

pub use cache::{Cache, Entry};
pub use client::{Client, ClientOptions};
pub use error::FetchError;
pub use structure::{parse_select, Selection, Structure};

/// The format asked of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Eurostat TSV (`freq,unit,geo\TIME_PERIOD` then one column per period).
    Tsv,
    /// SDMX-CSV 1.0 (one row per observation).
    Csv,
}

impl Format {
    fn query(self) -> &'static str {
        match self {
            Format::Tsv => "TSV",
            Format::Csv => "SDMX-CSV",
        }
    }
    fn ext(self) -> &'static str {
        match self {
            Format::Tsv => "tsv",
            Format::Csv => "csv",
        }
    }
}

/// Receives progress of a download.
pub trait Progress {
    /// A download of `code` starts; `total` is the Content-Length if sent.
    fn start(&mut self, _code: &str, _total: Option<u64>) {}
    /// `bytes` received so far, `rows` inflated so far.
    fn advance(&mut self, _bytes: u64, _rows: u64) {}
    fn finish(&mut self) {}
}

/// No progress display.
pub struct NoProgress;
impl Progress for NoProgress {}

/// One table to fetch.
#[derive(Debug, Clone)]
pub struct Request {
    pub code: String,
    pub select: Selection,
    pub since: Option<i32>,
    pub format: Format,
}

/// How a fetch was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new file was downloaded.
    Downloaded,
    /// The server answered 304 Not Modified.
    NotModified,
    /// No validators; the catalogue's last update has not moved.
    CatalogueUnchanged,
    /// `--offline`: read from the cache.
    Offline,
}

/// The result of one fetch: the cache record and how it was obtained.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub entry: Entry,
    pub outcome: Outcome,
}

/// The structure of `code`: fetched and cached, or (offline) from the cache.
pub fn structure(client: Option<&Client>, cache: &Cache, code: &str) -> Result<Structure, FetchError> {
    let Some(client) = client else {
        let xml = cache.structure(code).ok_or_else(|| FetchError::NotCached {
            code: code.to_string(),
            what: "the structure",
            dir: cache.root.clone(),
        })?;
        return Structure::parse(code, &xml, &cache.dir(code).join("structure.xml").display().to_string());
    };
    let url = client.url(&format!(
        "sdmx/2.1/dataflow/ESTAT/{code}/latest?references=descendants&detail=referencepartial"
    ));
    let client::Reply::Body { body, .. } = client.get(&url, code, &client::Validators::default())? else {
        return Err(FetchError::Structure { url, reason: "304 without a conditional request".into() });
    };
    let xml = body
        .into_with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()
        .map_err(|e| FetchError::Truncated { url: url.clone(), bytes: 0, reason: e.to_string() })?;
    let s = Structure::parse(code, &xml, &url)?;
    cache.write(code, "structure.xml", xml.as_bytes())?;
    Ok(s)
}

/// Fetches one table into the cache (or, with `client = None`, finds it there).
pub fn fetch(
    client: Option<&Client>,
    cache: &Cache,
    req: &Request,
    progress: &mut dyn Progress,
) -> Result<Fetched, FetchError> {
    let s = structure(client, cache, &req.code)?;
    let key = s.key(&req.select)?;
    let stem = cache::stem(&key, req.since);
    let cached = cache.entry(&req.code, &stem)?.filter(|e| e.format == req.format);
    let Some(client) = client else {
        let entry = cached.ok_or_else(|| FetchError::NotCached {
            code: req.code.clone(),
            what: "this query",
            dir: cache.root.clone(),
        })?;
        cache.verify(&entry)?;
        return Ok(Fetched { entry, outcome: Outcome::Offline });
    };
    // a cached file that fails its checksum is fetched anew, unconditionally
    let cached = cached.filter(|e| cache.verify(e).is_ok());
    if let Some(e) = &cached {
        if e.etag.is_none() && e.last_modified.is_none() && e.catalogue_updated.is_some() && e.catalogue_updated == s.updated
        {
            return Ok(Fetched { entry: e.clone(), outcome: Outcome::CatalogueUnchanged });
        }
    }
    let mut path = format!("sdmx/2.1/data/{}", req.code);
    if !key.is_empty() {
        path.push('/');
        path.push_str(&key);
    }
    path.push_str(&format!("?format={}&compressed=true", req.format.query()));
    if let Some(y) = req.since {
        path.push_str(&format!("&startPeriod={y}"));
    }
    let url = client.url(&path);
    let cond = cached
        .as_ref()
        .map(|e| client::Validators { etag: e.etag.clone(), last_modified: e.last_modified.clone() })
        .unwrap_or_default();
    match client.get(&url, &req.code, &cond)? {
        client::Reply::NotModified => match cached {
            Some(entry) => Ok(Fetched { entry, outcome: Outcome::NotModified }),
            None => Err(FetchError::Status { url, status: 304, attempts: 1, hint: " without a cached copy".into() }),
        },
        client::Reply::Body { content_type, validators, body } => {
            let total = body.content_length();
            progress.start(&req.code, total);
            let mut pending = cache.pending(&req.code)?;
            let got = receive::receive(body.into_reader(), &mut pending.file, &url, &content_type, progress)?;
            progress.finish();
            let file = format!("{stem}.{}.gz", got.format.ext());
            let stored = cache.commit(&req.code, pending, &file)?;
            let entry = Entry {
                code: req.code.clone(),
                key,
                since: req.since,
                url,
                format: got.format,
                file,
                sha256: cache::sha256_file(&stored)?,
                bytes: std::fs::metadata(&stored).map(|m| m.len()).unwrap_or(got.bytes),
                rows: got.rows,
                header: got.header,
                etag: validators.etag,
                last_modified: validators.last_modified,
                catalogue_updated: s.updated.clone(),
                fetched_at: chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            };
            cache.record(&entry)?;
            Ok(Fetched { entry, outcome: Outcome::Downloaded })
        }
    }
}
