//! One question, one answer: the command line (`--format json`), the HTTP
//! API and `diagnose --format json`, each with its own defaults, give the
//! same innovation score and rank, skills share, transition score and rank,
//! peers and opportunities for eight regions in six countries, and the same
//! partners per seed theme. Every surface reads the dataset's default year
//! (2014 on the embedded data); before the analysis layer, `innovation
//! FR41` said rank 106 (2015) and `diagnose FR41` rank 130 (2014).

mod common;

use common::Server;
use serde_json::Value;

/// Regions of FR, IT, DE, UK, AT, PL and ES (two of Germany).
const REGIONS: [&str; 8] = [
    "FR41", "ITC1", "DEA5", "UKC1", "DE21", "AT11", "PL21", "ES51",
];

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
    let transition_api = s.json("/v1/transition");
    assert_eq!(transition_cli["year"], 2014);
    assert_eq!(transition_api["year"], 2014);
    // the regions two at a time (the machine's cores)
    std::thread::scope(|scope| {
        for pair in REGIONS.chunks(4) {
            let (s, transition_cli, transition_api) = (&s, &transition_cli, &transition_api);
            scope.spawn(move || {
                for &r in pair {
                    agree(s, transition_cli, transition_api, r);
                }
            });
        }
    });
}

/// Every surface's figures for region `r` (see the module doc).
fn agree(s: &Server, transition_cli: &Value, transition_api: &Value, r: &str) {
    {
        let d = cli(&["diagnose", r, "--format", "json"]);
        assert_eq!(d["year"], 2014, "{r}");

        // innovation: score and rank
        let i_cli = cli(&["innovation", r, "--format", "json"]);
        let i_api = s.json(&format!("/v1/regions/{r}/innovation"));
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
        let k_api = s.json(&format!("/v1/regions/{r}/skills"));
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
        let p_api = s.json(&format!("/v1/regions/{r}/peers"));
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
        let o_api = s.json(&format!("/v1/regions/{r}/opportunities"));
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
        let a = s.json(&format!("/v1/themes/{theme}/partners/ITC1"));
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
