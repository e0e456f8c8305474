//! A local Eurostat: a std TcpListener HTTP/1.1 server in the test process,
//! serving the real `nama_10r_3gdp` TSV (current API format) from
//! `tests/fixtures/`, its SDMX structure message generated from the file's own
//! codes, and the faults a fetch must survive.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const FIXTURE: &[u8] = include_bytes!("../fixtures/nama_10r_3gdp_2000_2022_nuts2021.tsv.gz");

/// What the server does with data requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    /// ETag-less responses (validators from the catalogue date only).
    NoValidators,
    /// 429 with `Retry-After: 1` on the first data request, then normal.
    TooManyOnce,
    /// The gzip body cut in half (with a matching Content-Length).
    Truncated,
    /// An HTML page with `text/html`.
    Html,
    /// The head is sent after 2 s.
    Slow,
}

pub struct Server {
    pub base: String,
    pub data_requests: Arc<AtomicUsize>,
    pub mode: Arc<Mutex<Mode>>,
}

fn text() -> String {
    let mut s = String::new();
    flate2::read::GzDecoder::new(FIXTURE).read_to_string(&mut s).unwrap();
    s
}

/// The fixture's code lists per dimension (freq, unit, geo).
fn codes(tsv: &str) -> [Vec<String>; 3] {
    let mut out: [Vec<String>; 3] = Default::default();
    for line in tsv.lines().skip(1) {
        let key = line.split('\t').next().unwrap();
        for (i, c) in key.split(',').enumerate() {
            if !out[i].iter().any(|x| x == c) {
                out[i].push(c.to_string());
            }
        }
    }
    out
}

pub fn structure_xml() -> String {
    let lists = codes(&text());
    let names = ["freq", "unit", "geo"];
    let mut x = String::from(r#"<?xml version="1.0" encoding="UTF-8"?><m:Structure xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message" xmlns:s="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure" xmlns:c="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"><m:Structures><s:Dataflows><s:Dataflow id="nama_10r_3gdp" agencyID="ESTAT"><c:Annotations><c:Annotation><c:AnnotationTitle>2024-04-18T23:00:00+0200</c:AnnotationTitle><c:AnnotationType>UPDATE_DATA</c:AnnotationType></c:Annotation></c:Annotations></s:Dataflow></s:Dataflows><s:Codelists>"#);
    for (name, list) in names.iter().zip(&lists) {
        x.push_str(&format!(r#"<s:Codelist id="{}" agencyID="ESTAT">"#, name.to_uppercase()));
        for c in list {
            x.push_str(&format!(r#"<s:Code id="{c}"/>"#));
        }
        x.push_str("</s:Codelist>");
    }
    x.push_str(r#"</s:Codelists><s:DataStructures><s:DataStructure id="NAMA_10R_3GDP"><s:DataStructureComponents><s:DimensionList>"#);
    for (i, name) in names.iter().enumerate() {
        x.push_str(&format!(r#"<s:Dimension id="{name}" position="{}"><s:LocalRepresentation><s:Enumeration><Ref id="{}" agencyID="ESTAT" class="Codelist"/></s:Enumeration></s:LocalRepresentation></s:Dimension>"#, i + 1, name.to_uppercase()));
    }
    x.push_str(r#"<s:TimeDimension id="TIME_PERIOD" position="4"/></s:DimensionList></s:DataStructureComponents></s:DataStructure></s:DataStructures></m:Structures></m:Structure>"#);
    x
}

/// The fixture filtered as the API would: by key (`A.EUR_HAB+MIO_EUR.`) and
/// start period, gzip-compressed.
pub fn data(key: &str, since: Option<i32>) -> Vec<u8> {
    let tsv = text();
    let wanted: Vec<Vec<&str>> = key.split('.').map(|p| p.split('+').filter(|c| !c.is_empty()).collect()).collect();
    let mut lines = tsv.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let keep: Vec<usize> = (0..header.len())
        .filter(|&i| i == 0 || since.is_none_or(|y| header[i].trim().parse::<i32>().unwrap() >= y))
        .collect();
    let mut out = String::new();
    let row = |cells: &[&str]| keep.iter().map(|&i| cells[i]).collect::<Vec<_>>().join("\t") + "\n";
    out.push_str(&row(&header));
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        let ok = key.is_empty()
            || cells[0].split(',').zip(&wanted).all(|(c, w)| w.is_empty() || w.contains(&c));
        if ok {
            out.push_str(&row(&cells));
        }
    }
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(out.as_bytes()).unwrap();
    e.finish().unwrap()
}

fn respond(mut s: TcpStream, status: &str, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = s.write_all(head.as_bytes());
    let _ = s.write_all(body);
}

fn handle(stream: TcpStream, mode: Mode, data_requests: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap_or(0);
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut if_none_match = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(v.trim().to_string());
            }
        }
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let path = path.trim_start_matches("/api");
    if path == "/sdmx/2.1/dataflow/ESTAT/nama_10r_3gdp/latest" {
        return respond(stream, "200 OK", &[("Content-Type", "application/vnd.sdmx.structure+xml".into())], structure_xml().as_bytes());
    }
    let Some(rest) = path.strip_prefix("/sdmx/2.1/data/nama_10r_3gdp") else {
        return respond(stream, "404 Not Found", &[("Content-Type", "application/xml".into())], b"<S:Error>No results found</S:Error>");
    };
    let n = data_requests.fetch_add(1, Ordering::SeqCst);
    let key = rest.trim_start_matches('/');
    let since = query.split('&').find_map(|kv| kv.strip_prefix("startPeriod=")).and_then(|y| y.parse().ok());
    let body = data(key, since);
    let etag = format!("\"v1-{}\"", body.len());
    match mode {
        Mode::TooManyOnce if n == 0 => {
            return respond(stream, "429 Too Many Requests", &[("Retry-After", "1".into())], b"slow down");
        }
        Mode::Html => {
            return respond(stream, "200 OK", &[("Content-Type", "text/html".into())], b"<html><body>Maintenance</body></html>\n");
        }
        Mode::Truncated => {
            return respond(stream, "200 OK", &[("Content-Type", "application/octet-stream".into())], &body[..body.len() / 2]);
        }
        Mode::Slow => std::thread::sleep(Duration::from_secs(2)),
        _ => {}
    }
    if mode != Mode::NoValidators && if_none_match.as_deref() == Some(etag.as_str()) {
        return respond(stream, "304 Not Modified", &[("ETag", etag)], b"");
    }
    let mut headers = vec![("Content-Type", "application/octet-stream".to_string())];
    if mode != Mode::NoValidators {
        headers.push(("ETag", etag));
    }
    respond(stream, "200 OK", &headers, &body);
}

pub fn start(mode: Mode) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/api", listener.local_addr().unwrap());
    let data_requests = Arc::new(AtomicUsize::new(0));
    let mode = Arc::new(Mutex::new(mode));
    let (count, m) = (data_requests.clone(), mode.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (count, m) = (count.clone(), *m.lock().unwrap());
            std::thread::spawn(move || handle(stream, m, &count));
        }
    });
    Server { base, data_requests, mode }
}
