//! HTTP with short timeouts and retries: the only place smartspec opens a connection.
//!
//! A GET is retried on 429 and 503 (and 502/504), waiting as the server's
//! `Retry-After` says (seconds, capped at `max_wait`) or, without one, 1 s, 2 s,
//! 4 s …; other statuses are answered at once. Connection failures are not
//! retried: the user is told to use `--offline` or `--base-url`.

use std::time::Duration;

use crate::FetchError;

/// Network settings (the `data fetch` flags).
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Base of the dissemination API, e.g. `https://ec.europa.eu/eurostat/api/dissemination`.
    pub base_url: String,
    pub connect_timeout: Duration,
    /// Longest wait for the response head and for each read of the body.
    pub read_timeout: Duration,
    /// Attempts after the first, for 429/502/503/504.
    pub retries: u32,
    /// Longest wait between attempts.
    pub max_wait: Duration,
}

/// Eurostat's dissemination API.
pub const EUROSTAT: &str = "https://ec.europa.eu/eurostat/api/dissemination";
/// The environment variable that overrides the base URL.
pub const BASE_URL_VAR: &str = "SMARTSPEC_EUROSTAT_URL";

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            base_url: std::env::var(BASE_URL_VAR).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| EUROSTAT.to_string()),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            retries: 4,
            max_wait: Duration::from_secs(60),
        }
    }
}

/// Validators of a cached response, for a conditional request.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A response: 304, or a body to read.
pub enum Reply {
    NotModified,
    Body { content_type: String, validators: Validators, body: ureq::Body },
}

/// A configured HTTP client.
pub struct Client {
    agent: ureq::Agent,
    pub options: ClientOptions,
}

impl Client {
    pub fn new(options: ClientOptions) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(options.connect_timeout))
            .timeout_recv_response(Some(options.read_timeout))
            .timeout_per_read(Some(options.read_timeout))
            .user_agent(concat!("smartspec/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { agent, options }
    }

    /// The URL of `path` under the base URL.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.options.base_url.trim_end_matches('/'), path)
    }

    /// GETs `url`; `code` names the dataset in a 404.
    pub fn get(&self, url: &str, code: &str, cond: &Validators) -> Result<Reply, FetchError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let mut req = self.agent.get(url);
            if let Some(e) = &cond.etag {
                req = req.header("If-None-Match", e);
            }
            if let Some(m) = &cond.last_modified {
                req = req.header("If-Modified-Since", m);
            }
            let resp = req.call().map_err(|e| self.failure(url, e))?;
            let status = resp.status().as_u16();
            let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
            match status {
                200 => {
                    let validators = Validators { etag: header("etag"), last_modified: header("last-modified") };
                    let content_type = header("content-type").unwrap_or_else(|| "none".into());
                    return Ok(Reply::Body { content_type, validators, body: resp.into_body() });
                }
                304 => return Ok(Reply::NotModified),
                404 => return Err(FetchError::UnknownDataset { code: code.to_string(), url: url.to_string() }),
                429 | 502 | 503 | 504 if attempt <= self.options.retries => {
                    let wait = header("retry-after")
                        .and_then(|s| s.trim().parse::<u64>().ok())
                        .map(Duration::from_secs)
                        .unwrap_or_else(|| Duration::from_secs(1 << (attempt - 1).min(6)));
                    std::thread::sleep(wait.min(self.options.max_wait));
                }
                _ => {
                    let hint = match status {
                        413 => "; the query is too large: narrow it with --select (e.g. geo=..., nace_r2=...) or --since".to_string(),
                        429 | 502 | 503 | 504 => "; the server is busy, try again later".to_string(),
                        _ => String::new(),
                    };
                    return Err(FetchError::Status { url: url.to_string(), status, attempts: attempt, hint });
                }
            }
        }
    }

    fn failure(&self, url: &str, e: ureq::Error) -> FetchError {
        match e {
            ureq::Error::Timeout(t) => {
                let phase = format!("{t:?}");
                let flag = if phase.contains("Connect") || phase.contains("Resolve") { "connect-timeout" } else { "read-timeout" };
                FetchError::Timeout { url: url.to_string(), phase: phase.to_lowercase(), flag }
            }
            other => FetchError::Unreachable { url: url.to_string(), reason: other.to_string() },
        }
    }
}
