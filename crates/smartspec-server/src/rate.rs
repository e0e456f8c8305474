//! The rate limit ([`crate::Limits::rate_limit`]): a token bucket per client
//! address and one per bearer token (the `Authorization` header's value,
//! kept only as a keyed hash), each holding `rate` requests and refilled at
//! `rate` per second. A request takes one from its address's bucket and, if
//! it carries a token, one from the token's; when either is empty neither is
//! taken and the answer is 429 `/problems/rate-limited` with `Retry-After`
//! (whole seconds until the bucket holds a request again). `/health` is not
//! counted. Buckets that have refilled completely are forgotten (checked at
//! most once a second, once there are more than [`PRUNE_ABOVE`]), so the
//! table holds only the clients of the last second or so.

use crate::limits::ClientAddr;
use crate::problem::Problem;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Buckets kept before full ones are forgotten.
pub const PRUNE_ABOVE: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Addr(IpAddr),
    Token(u64),
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

struct Table {
    buckets: HashMap<Key, Bucket>,
    next_prune: Instant,
}

/// The buckets.
pub struct RateLimiter {
    rate: f64,
    hasher: std::collections::hash_map::RandomState,
    table: Mutex<Table>,
}

/// Which bucket was empty, and how long until it holds a request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Throttled {
    /// The token's bucket (else the address's).
    pub by_token: bool,
    /// Until one request is available.
    pub wait: Duration,
}

impl RateLimiter {
    /// `rate` requests per second per key (`rate` > 0).
    pub fn new(rate: u32) -> RateLimiter {
        RateLimiter {
            rate: f64::from(rate.max(1)),
            hasher: Default::default(),
            table: Mutex::new(Table {
                buckets: HashMap::new(),
                next_prune: Instant::now(),
            }),
        }
    }

    fn refilled(&self, b: Option<&Bucket>, now: Instant) -> f64 {
        match b {
            None => self.rate,
            Some(b) => {
                let dt = now.saturating_duration_since(b.at).as_secs_f64();
                (b.tokens + dt * self.rate).min(self.rate)
            }
        }
    }

    /// Takes one request from the buckets of `addr` and `token` at `now`.
    fn take(
        &self,
        addr: Option<IpAddr>,
        token: Option<&[u8]>,
        now: Instant,
    ) -> Result<(), Throttled> {
        let keys = [
            addr.map(Key::Addr),
            token.map(|t| Key::Token(self.hasher.hash_one(t))),
        ];
        let mut t = self.table.lock().unwrap_or_else(|e| e.into_inner());
        let mut levels = [0.0; 2];
        for (i, k) in keys.iter().enumerate() {
            let Some(k) = k else { continue };
            levels[i] = self.refilled(t.buckets.get(k), now);
            if levels[i] < 1.0 {
                return Err(Throttled {
                    by_token: i == 1,
                    wait: Duration::from_secs_f64((1.0 - levels[i]) / self.rate),
                });
            }
        }
        if t.buckets.len() > PRUNE_ABOVE && now >= t.next_prune {
            let rate = self.rate;
            t.buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < rate
            });
            t.next_prune = now + Duration::from_secs(1);
        }
        for (i, k) in keys.into_iter().enumerate() {
            if let Some(k) = k {
                t.buckets.insert(
                    k,
                    Bucket {
                        tokens: levels[i] - 1.0,
                        at: now,
                    },
                );
            }
        }
        Ok(())
    }

    /// Buckets held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.table
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .buckets
            .len()
    }
}

/// The middleware: 429 when the caller's address or token is over the rate.
pub async fn limit(State(rl): State<Arc<RateLimiter>>, req: Request, next: Next) -> Response {
    if req.uri().path() == "/health" {
        return next.run(req).await;
    }
    let addr = req.extensions().get::<ClientAddr>().map(|c| c.0.ip());
    let token = req
        .headers()
        .get(header::AUTHORIZATION)
        .map(|v| v.as_bytes().to_vec());
    match rl.take(addr, token.as_deref(), Instant::now()) {
        Ok(()) => next.run(req).await,
        Err(t) => {
            let secs = t.wait.as_secs_f64().ceil().max(1.0) as u64;
            let mut r = Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                format!(
                    "more than {} requests per second {}; retry after {secs} s",
                    rl.rate,
                    if t.by_token {
                        "with this token"
                    } else {
                        "from this address"
                    }
                ),
            )
            .into_response();
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            r
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_holds_rate_requests_and_refills_at_rate() {
        let rl = RateLimiter::new(4);
        let a = Some(IpAddr::from([10, 0, 0, 1]));
        let t0 = Instant::now();
        for _ in 0..4 {
            assert_eq!(rl.take(a, None, t0), Ok(()));
        }
        let e = rl.take(a, None, t0).unwrap_err();
        assert!(!e.by_token);
        assert_eq!(e.wait, Duration::from_millis(250));
        // another address has its own bucket
        assert_eq!(rl.take(Some(IpAddr::from([10, 0, 0, 2])), None, t0), Ok(()));
        // a quarter of a second later one request is back, not two
        let t1 = t0 + Duration::from_millis(250);
        assert_eq!(rl.take(a, None, t1), Ok(()));
        assert!(rl.take(a, None, t1).is_err());
    }

    #[test]
    fn a_token_is_limited_across_addresses_and_an_empty_bucket_takes_nothing() {
        let rl = RateLimiter::new(2);
        let t0 = Instant::now();
        let tok = Some(&b"Bearer x"[..]);
        let a = |n: u8| Some(IpAddr::from([10, 0, 0, n]));
        assert_eq!(rl.take(a(1), tok, t0), Ok(()));
        assert_eq!(rl.take(a(2), tok, t0), Ok(()));
        let e = rl.take(a(3), tok, t0).unwrap_err();
        assert!(e.by_token);
        // the refused request took nothing from address 3's bucket
        assert_eq!(rl.take(a(3), None, t0), Ok(()));
        assert_eq!(rl.take(a(3), None, t0), Ok(()));
        assert!(rl.take(a(3), None, t0).is_err());
    }

    #[test]
    fn full_buckets_are_forgotten() {
        let rl = RateLimiter::new(10);
        let t0 = Instant::now();
        for i in 0..=PRUNE_ABOVE as u32 {
            rl.take(Some(IpAddr::from(i.to_be_bytes())), None, t0)
                .unwrap();
        }
        assert_eq!(rl.len(), PRUNE_ABOVE + 1);
        // a second later every bucket is full again: one new client prunes them
        rl.take(
            Some(IpAddr::from([255; 4])),
            None,
            t0 + Duration::from_secs(1),
        )
        .unwrap();
        assert_eq!(rl.len(), 1);
    }
}
