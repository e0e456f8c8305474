//! One question, one answer: the command line (`--format json`), the HTTP
//! API and `diagnose --format json`, each with its own defaults, give the
//! same innovation score and rank, skills share, transition score and rank,
//! peers and opportunities for eight regions in six countries, and the same
//! partners per seed theme. Every surface reads the dataset's default year
//! (2014 on the embedded data); before the analysis layer, `innovation
//! FR41` said rank 106 (2015) and `diagnose FR41` rank 130 (2014).

mod common;
#[path = "../../smartspec-server/tests/common/http.rs"]
#[allow(dead_code)]
mod http;

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

/// Regions of FR, IT, DE, UK, AT, PL and ES (two of Germany).
const REGIONS: [&str; 8] = [
    "FR41", "ITC1", "DEA5", "UKC1", "DE21", "AT11", "PL21", "ES51",
];

struct Server {
    child: Child,
    addr: SocketAddr,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_smartspec"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(dir.path().join("c.db"))
            .args(extra)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        let addr = loop {
            line.clear();
            assert!(out.read_line(&mut line).unwrap() > 0, "serve ended");
            if let Some(a) = line.trim().strip_prefix("listening on http://") {
                break a.parse().unwrap();
            }
        };
        Server {
            child,
            addr,
            _dir: dir,
        }
    }

    fn get(&self, path: &str) -> Value {
        let r = http::request(self.addr, "GET", path, None, None).unwrap();
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        serde_json::from_str(&r.text).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cli(args: &[&str]) -> Value {
    let out = common::smartspec(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn find<'a>(rows: &'a Value, key: &str, code: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r[key] == code)
        .unwrap_or_else(|| panic!("{code} not in the list"))
}

fn codes(rows: &Value, key: &str) -> Vec<String> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| r[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn cli_api_and_diagnose_agree_for_eight_regions() {
    let s = Server::start(&[]);
    let transition_cli = cli(&["transition", "--format", "json"]);
    let transition_api = s.get("/v1/transition");
    assert_eq!(transition_cli["year"], 2014);
    assert_eq!(transition_api["year"], 2014);
    for r in REGIONS {
        let d = cli(&["diagnose", r, "--format", "json"]);
        assert_eq!(d["year"], 2014, "{r}");

        // innovation: score and rank
        let i_cli = cli(&["innovation", r, "--format", "json"]);
        let i_api = s.get(&format!("/v1/regions/{r}/innovation"));
        for k in ["score", "rank", "year", "relative_to_eu"] {
            assert_eq!(i_cli[k], i_api[k], "{r} innovation {k}");
            assert_eq!(
                i_cli[k], d["innovation"][k],
                "{r} innovation {k} (diagnose)"
            );
        }
        assert_eq!(i_api["year"], 2014);

        // skills: the tertiary share of employment and its expected value
        let k_cli = cli(&["skills", r, "--format", "json"]);
        let k_api = s.get(&format!("/v1/regions/{r}/skills"));
        for k in ["actual", "expected", "gap", "year"] {
            assert_eq!(k_cli[k], k_api[k], "{r} skills {k}");
            assert_eq!(k_cli[k], d["skills"][k], "{r} skills {k} (diagnose)");
        }

        // transition: score and rank
        let t_cli = find(&transition_cli["regions"], "region", r);
        let t_api = find(&transition_api["regions"], "region", r);
        assert_eq!(t_cli["score"], t_api["score"], "{r} transition score");
        assert_eq!(t_cli["rank"], t_api["rank"], "{r} transition rank");
        assert_eq!(t_cli["score"], d["screening"]["score"], "{r} (diagnose)");
        assert_eq!(t_cli["rank"], d["screening"]["rank"], "{r} (diagnose)");

        // peers: the same list (diagnose shows the first six)
        let p_cli = cli(&["peers", r, "--format", "json"]);
        let p_api = s.get(&format!("/v1/regions/{r}/peers"));
        let pc = codes(&p_cli["peers"], "region");
        assert_eq!(pc, codes(&p_api["peers"], "region"), "{r} peers");
        assert_eq!(
            pc[..6],
            codes(&d["peers"]["peers"], "region")[..],
            "{r} peers (diagnose)"
        );
        assert_eq!(p_cli["year"], p_api["year"]);

        // opportunities: the same ranked activities and scores
        let o_cli = cli(&["opportunities", r, "--format", "json"]);
        let o_api = s.get(&format!("/v1/regions/{r}/opportunities"));
        let oc = codes(&o_cli["opportunities"], "activity");
        assert_eq!(
            oc,
            codes(&o_api["opportunities"], "activity"),
            "{r} opportunities"
        );
        assert_eq!(
            oc,
            codes(&d["opportunities"]["opportunities"], "activity"),
            "{r} opportunities (diagnose)"
        );
        for (a, b) in o_cli["opportunities"]
            .as_array()
            .unwrap()
            .iter()
            .zip(o_api["opportunities"].as_array().unwrap())
        {
            assert_eq!(a["score"], b["score"], "{r} {}", a["activity"]);
        }
    }
}

#[test]
fn partners_per_seed_theme_cli_and_api() {
    let s = Server::start(&[]);
    for theme in [
        "big-data",
        "bioeconomy",
        "resource-efficiency",
        "connected-mobility",
        "advanced-manufacturing",
    ] {
        let c = cli(&["partners", "ITC1", "--theme", theme, "--format", "json"]);
        let a = s.get(&format!("/v1/themes/{theme}/partners/ITC1"));
        assert_eq!(a["year"], 2014);
        let (c, a) = (c.as_array().unwrap(), a["partners"].as_array().unwrap());
        assert_eq!(c.len(), a.len(), "{theme}");
        for (x, y) in c.iter().zip(a) {
            assert_eq!(x["region"], y["region"], "{theme}");
            assert_eq!(x["score"], y["score"], "{theme} {}", x["region"]);
            assert_eq!(x["rank"], y["rank"], "{theme}");
        }
    }
}
