//! `fetch` against a local server that answers as Eurostat's API does.

mod common;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use common::Mode;
use smartspec_fetch::{cache, fetch, parse_select, Cache, Client, ClientOptions, FetchError, Format, NoProgress, Outcome, Request};

fn client(base: &str) -> Client {
    Client::new(ClientOptions {
        base_url: base.to_string(),
        connect_timeout: Duration::from_millis(500),
        read_timeout: Duration::from_millis(500),
        retries: 2,
        max_wait: Duration::from_secs(2),
    })
}

fn gdp(select: &[&str], since: Option<i32>) -> Request {
    Request {
        code: "nama_10r_3gdp".into(),
        select: select.iter().map(|s| parse_select(s).unwrap()).collect(),
        since,
        format: Format::Tsv,
    }
}

fn cached_text(c: &Cache, e: &smartspec_fetch::Entry) -> String {
    use std::io::Read;
    let mut s = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(c.data_path(e)).unwrap()).read_to_string(&mut s).unwrap();
    s
}

#[test]
fn a_selection_is_fetched_into_the_cache_with_its_etag_and_checksum() {
    let server = common::start(Mode::Normal);
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::new(dir.path());
    let req = gdp(&["unit=MIO_EUR", "geo=DE300,AT130"], Some(2019));
    let got = fetch(Some(&client(&server.base)), &c, &req, &mut NoProgress).unwrap();
    assert_eq!(got.outcome, Outcome::Downloaded);
    assert_eq!(got.entry.key, ".MIO_EUR.DE300+AT130");
    assert_eq!(got.entry.rows, 2);
    assert!(got.entry.etag.is_some());
    assert_eq!(got.entry.catalogue_updated.as_deref(), Some("2024-04-18T23:00:00+0200"));
    // the published value: Berlin's GDP 2019 = 157,086.01 million EUR (estimated)
    let text = cached_text(&c, &got.entry);
    let berlin = text.lines().find(|l| l.starts_with("A,MIO_EUR,DE300\t")).unwrap();
    assert!(berlin.split('\t').nth(1).unwrap().starts_with("157086.01"), "{berlin}");
    assert_eq!(text.lines().next().unwrap(), "freq,unit,geo\\TIME_PERIOD\t2019 \t2020 \t2021 \t2022 ");
    assert_eq!(cache::sha256_file(&c.data_path(&got.entry)).unwrap(), got.entry.sha256);
    // the record is on disk, and no temporary file is left
    let names: Vec<String> =
        std::fs::read_dir(c.dir("nama_10r_3gdp")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(names.iter().all(|n| !n.starts_with(".part")), "{names:?}");
    assert_eq!(c.entries(), vec![got.entry.clone()]);
}

#[test]
fn a_repeated_fetch_is_conditional_and_offline_reads_the_cache() {
    let server = common::start(Mode::Normal);
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::new(dir.path());
    let req = gdp(&["unit=PPS_EU27_2020_HAB"], None);
    let first = fetch(Some(&client(&server.base)), &c, &req, &mut NoProgress).unwrap();
    let again = fetch(Some(&client(&server.base)), &c, &req, &mut NoProgress).unwrap();
    assert_eq!(again.outcome, Outcome::NotModified);
    assert_eq!(again.entry, first.entry);
    assert_eq!(server.data_requests.load(Ordering::SeqCst), 2);
    let offline = fetch(None, &c, &req, &mut NoProgress).unwrap();
    assert_eq!((offline.outcome, offline.entry.sha256.clone()), (Outcome::Offline, first.entry.sha256.clone()));
    // offline, a query never fetched is refused with what to do
    let err = fetch(None, &c, &gdp(&["unit=EUR_HAB"], None), &mut NoProgress).unwrap_err().to_string();
    assert!(err.starts_with("--offline: this query of nama_10r_3gdp is not in the cache"), "{err}");
    // a damaged cached file is caught by its checksum
    std::fs::write(c.data_path(&first.entry), b"damaged").unwrap();
    assert!(matches!(fetch(None, &c, &req, &mut NoProgress), Err(FetchError::Checksum { .. })));
}

#[test]
fn without_validators_the_catalogue_date_decides() {
    let server = common::start(Mode::NoValidators);
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::new(dir.path());
    let req = gdp(&["geo=SE11"], None);
    let first = fetch(Some(&client(&server.base)), &c, &req, &mut NoProgress).unwrap();
    assert_eq!((first.entry.etag.clone(), first.entry.rows), (None, 7));
    let again = fetch(Some(&client(&server.base)), &c, &req, &mut NoProgress).unwrap();
    assert_eq!(again.outcome, Outcome::CatalogueUnchanged);
    assert_eq!(server.data_requests.load(Ordering::SeqCst), 1);
}

#[test]
fn an_unknown_code_is_refused_against_the_code_lists_before_any_data_request() {
    let server = common::start(Mode::Normal);
    let dir = tempfile::tempdir().unwrap();
    let err = fetch(Some(&client(&server.base)), &Cache::new(dir.path()), &gdp(&["geo=XX99"], None), &mut NoProgress)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("--select geo=XX99: \"XX99\" is not a code of geo in nama_10r_3gdp (1807 codes"), "{err}");
    assert_eq!(server.data_requests.load(Ordering::SeqCst), 0);
}

#[test]
fn faults_get_clear_errors_and_leave_the_cache_clean() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::new(dir.path());
    let req = gdp(&["geo=DE300"], None);

    let server = common::start(Mode::Truncated);
    let err = fetch(Some(&client(&server.base)), &c, &req, &mut NoProgress).unwrap_err();
    assert!(matches!(err, FetchError::Truncated { .. }), "{err}");

    *server.mode.lock().unwrap() = Mode::Html;
    let err = fetch(Some(&client(&server.base)), &c, &req, &mut NoProgress).unwrap_err().to_string();
    assert!(err.ends_with("is neither Eurostat TSV nor SDMX-CSV (content type text/html; it begins \"<html><body>Maintenance</body></html>\")"), "{err}");

    *server.mode.lock().unwrap() = Mode::Slow;
    let err = fetch(Some(&client(&server.base)), &c, &req, &mut NoProgress).unwrap_err();
    assert!(matches!(err, FetchError::Timeout { flag: "read-timeout", .. }), "{err}");

    let unknown = Request { code: "nama_10r_9xyz".into(), ..req.clone() };
    let err = fetch(Some(&client(&server.base)), &c, &unknown, &mut NoProgress).unwrap_err();
    assert!(matches!(err, FetchError::UnknownDataset { ref code, .. } if code == "nama_10r_9xyz"), "{err}");

    // nothing but the structure reached the cache
    let names: Vec<String> =
        std::fs::read_dir(c.dir("nama_10r_3gdp")).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names, ["structure.xml"]);
}

#[test]
fn a_429_is_retried_after_the_time_the_server_asks() {
    let server = common::start(Mode::TooManyOnce);
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let got = fetch(Some(&client(&server.base)), &Cache::new(dir.path()), &gdp(&["geo=DE300"], None), &mut NoProgress).unwrap();
    assert_eq!(got.outcome, Outcome::Downloaded);
    assert_eq!(server.data_requests.load(Ordering::SeqCst), 2);
    assert!(t.elapsed() >= Duration::from_millis(950), "Retry-After: 1 was not honoured");
}

#[test]
fn no_server_means_cannot_reach_with_the_way_out() {
    // a port nothing listens on
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let err = fetch(Some(&client(&format!("http://127.0.0.1:{port}"))), &Cache::new(dir.path()), &gdp(&[], None), &mut NoProgress)
        .unwrap_err()
        .to_string();
    assert!(err.starts_with(&format!("cannot reach http://127.0.0.1:{port}/sdmx/2.1/dataflow/ESTAT/nama_10r_3gdp")), "{err}");
    assert!(err.ends_with("use --offline to read the cache, or --base-url to name another server"), "{err}");
}
