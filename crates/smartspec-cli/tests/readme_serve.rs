//! The README's first command starts the dashboard: `cargo run --release --
//! serve`. Run as written (the built binary, `serve`), on a free port and a
//! temporary database: it prints its address, `/` answers with the
//! dashboard's HTML and the page's assets are served with their types.

#[path = "../../smartspec-server/tests/common/http.rs"]
#[allow(dead_code)]
mod http;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};

/// The first command of the README's first `sh` block.
fn readme_first_command() -> String {
    let readme = include_str!("../../../README.md");
    let block = readme.split("```sh\n").nth(1).unwrap_or_default();
    block.lines().next().unwrap_or_default().trim().to_string()
}

#[test]
fn the_readme_first_command_serves_the_dashboard() {
    let first = readme_first_command();
    assert_eq!(
        first, "cargo run --release -- serve",
        "README's first command"
    );
    let args: Vec<&str> = first
        .split_once(" -- ")
        .map(|(_, a)| a.split_whitespace().collect())
        .unwrap_or_default();

    let dir = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_smartspec"))
        .args(&args)
        .args(["--addr", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("readme.db"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn smartspec serve");
    let mut out = BufReader::new(child.stdout.take().expect("stdout"));
    let mut line = String::new();
    // the address line, possibly after other lines
    let addr: SocketAddr = loop {
        line.clear();
        let n = out.read_line(&mut line).expect("read stdout");
        assert!(n > 0, "smartspec serve ended without an address line");
        if let Some(a) = line.trim().strip_prefix("listening on http://") {
            break a.parse().expect("an address");
        }
    };

    let page = http::request(addr, "GET", "/", None, None);
    let js = http::request(addr, "GET", "/assets/app.js", None, None);
    let css = http::request(addr, "GET", "/assets/app.css", None, None);
    let missing = http::request(addr, "GET", "/assets/nope.js", None, None);
    let _ = child.kill();
    let _ = child.wait();

    let page = page.expect("GET /");
    assert_eq!(page.status, 200);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert!(
        page.text.contains("<title>smartspec dashboard</title>"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains(r#"src="/assets/app.js""#),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("© EuroGeographics"),
        "attribution missing"
    );
    let js = js.expect("GET /assets/app.js");
    assert_eq!(
        (js.status, js.content_type.as_str()),
        (200, "text/javascript; charset=utf-8")
    );
    let css = css.expect("GET /assets/app.css");
    assert_eq!(
        (css.status, css.content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    assert_eq!(missing.expect("GET a missing asset").status, 404);
}
