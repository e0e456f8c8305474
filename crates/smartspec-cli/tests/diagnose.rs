//! `smartspec diagnose`: the one-page HTML report, checked against the
//! commands whose results it gathers.

mod common;
use common::smartspec;

fn first_csv_row(args: &[&str]) -> Vec<(String, String)> {
    let out = smartspec(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    let row = rdr.records().next().unwrap().unwrap();
    headers
        .iter()
        .map(String::from)
        .zip(row.iter().map(String::from))
        .collect()
}

fn field(row: &[(String, String)], name: &str) -> String {
    row.iter().find(|(k, _)| k == name).unwrap().1.clone()
}

#[test]
fn the_diagnostic_gathers_screening_structure_peers_opportunities_and_skills() {
    let dir = std::env::temp_dir().join(format!("smartspec-diagnose-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("itc1.html");
    let run = smartspec(&["diagnose", "ITC1", "--out", out.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("ITC1 Piemonte: regional diagnostic")
    );
    for id in [
        "screening",
        "structure",
        "peers",
        "opportunities",
        "skills",
        "sources",
    ] {
        assert!(html.contains(&format!("<h2 id=\"{id}\">")), "section {id}");
    }
    // offline: no script, no external resource
    assert!(!html.contains("<script"));
    assert!(!html.contains("https://") && !html.contains("<link"));
    assert!(!html.contains("NaN") && !html.contains("inf<"));
    // one strip per criterion (7), the ECI strip, two skills strips; section and
    // RCA bars; the scatter; the innovation profile
    assert_eq!(html.matches("<svg").count(), 7 + 1 + 2 + 2 + 1 + 1);
    // the innovation and skills sections say what `smartspec innovation` / `skills` say
    assert!(
        html.contains("innovator; rank "),
        "innovation group and rank"
    );
    assert!(html.contains("tertiary share of employment 25-64: actual "));
    assert_eq!(html.matches("class=\"region\"").count(), 7 + 1 + 2);
    // the same screening rank as `smartspec transition`
    let tr = smartspec(&["transition", "--format", "csv"]);
    let text = String::from_utf8(tr.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("ITC1,")).unwrap();
    let rank = line.split(',').nth(4).unwrap();
    assert!(html.contains(&format!("(rank {rank} of ")), "rank {rank}");
    // the same top opportunity as `smartspec opportunities`
    let top = first_csv_row(&["opportunities", "ITC1", "--year", "2014", "--format", "csv"]);
    let activity = field(&top, "activity");
    let first_row = html.split("<h2 id=\"opportunities\">").nth(1).unwrap();
    let first_cell = first_row.split("<tbody><tr><td>").nth(1).unwrap();
    assert!(
        first_cell.starts_with(&format!("{activity}<")),
        "{activity} vs {}",
        &first_cell[..20]
    );
    // the nearest peer is the one `smartspec peers` finds
    let peer = first_csv_row(&["peers", "ITC1", "--year", "2014", "--format", "csv"]);
    let peers = html.split("<h2 id=\"peers\">").nth(1).unwrap();
    let first_peer = peers.split("<tbody><tr><td>").nth(1).unwrap();
    assert!(first_peer.starts_with(&format!("{}<", field(&peer, "region"))));
}

#[test]
fn an_unknown_region_is_a_clear_error() {
    let run = smartspec(&["diagnose", "XX99", "--out", "/nonexistent/x.html"]);
    assert!(!run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("XX99"), "{err}");
}
