//! An open-loop HTTP load client: requests are *scheduled* at a fixed rate
//! and each latency is measured from its scheduled time, so a slow server
//! cannot slow the client down and hide its queueing (no coordinated
//! omission). Keep-alive connections, GET only.
//!
//! `cargo run --release -p smartspec-server --example open_loop -- ADDR PATH RATE SECONDS CONNECTIONS`
//! e.g. `open_loop 127.0.0.1:8080 /v1/regions/ITC1/profile 5000 30 64`

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

struct Outcome {
    latencies_us: Vec<u64>,
    errors: u64,
}

fn find(h: &[u8], pat: &[u8]) -> Option<usize> {
    h.windows(pat.len()).position(|w| w == pat)
}

/// Sends one request on `s` and reads the whole response; returns the status.
async fn exchange(s: &mut TcpStream, req: &[u8], buf: &mut Vec<u8>) -> std::io::Result<u16> {
    s.write_all(req).await?;
    buf.clear();
    let mut chunk = [0u8; 16384];
    let head_end = loop {
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = find(buf, b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| std::io::Error::other("no content-length"))?;
    while buf.len() < head_end + len {
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(status)
}

fn pct(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i] as f64 / 1000.0
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 6 {
        eprintln!("usage: open_loop ADDR PATH RATE SECONDS CONNECTIONS");
        std::process::exit(2);
    }
    let parse = |i: usize| -> u64 {
        args[i].parse().unwrap_or_else(|_| {
            eprintln!("argument {i} must be a number, got {:?}", args[i]);
            std::process::exit(2)
        })
    };
    let (addr, path) = (args[1].clone(), args[2].clone());
    let (rate, secs, conns) = (parse(3).max(1), parse(4).max(1), parse(5).max(1));
    let total = rate * secs;
    let req = Arc::new(format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").into_bytes());
    let next = Arc::new(AtomicU64::new(0));
    let t0 = Instant::now() + Duration::from_millis(100);
    let mut tasks = Vec::new();
    for _ in 0..conns {
        let (addr, req, next) = (addr.clone(), req.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut out = Outcome {
                latencies_us: Vec::new(),
                errors: 0,
            };
            let mut conn: Option<TcpStream> = None;
            let mut buf = Vec::with_capacity(65536);
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    return out;
                }
                let due = t0 + Duration::from_nanos(i * 1_000_000_000 / rate);
                tokio::time::sleep_until(due).await;
                if conn.is_none() {
                    conn = TcpStream::connect(&addr).await.ok();
                    if let Some(c) = &conn {
                        let _ = c.set_nodelay(true);
                    }
                }
                let ok = match conn.as_mut() {
                    Some(c) => matches!(exchange(c, &req, &mut buf).await, Ok(200)),
                    None => false,
                };
                if ok {
                    out.latencies_us.push(due.elapsed().as_micros() as u64);
                } else {
                    out.errors += 1;
                    conn = None;
                }
            }
        }));
    }
    let mut lat = Vec::with_capacity(total as usize);
    let mut errors = 0;
    for t in tasks {
        if let Ok(o) = t.await {
            lat.extend(o.latencies_us);
            errors += o.errors;
        }
    }
    let wall = (Instant::now() - t0).as_secs_f64();
    lat.sort_unstable();
    println!(
        "scheduled {total} at {rate}/s over {secs} s on {conns} connections: {} ok, {errors} errors, {:.0} ok/s",
        lat.len(),
        lat.len() as f64 / wall
    );
    println!(
        "latency from schedule (ms): p50 {:.3}  p90 {:.3}  p99 {:.3}  p99.9 {:.3}  max {:.3}",
        pct(&lat, 50.0),
        pct(&lat, 90.0),
        pct(&lat, 99.0),
        pct(&lat, 99.9),
        lat.last().map_or(f64::NAN, |m| *m as f64 / 1000.0)
    );
}
