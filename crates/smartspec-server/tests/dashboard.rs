//! The dashboard's endpoints over real HTTP: shapes, values against the
//! library code the command line runs, 404/422, and no NaN anywhere.

mod common;

use common::Server;
use serde_json::Value;
use smartspec_analysis::Dataset;
use smartspec_core::indicators::pipeline::Preset;
use smartspec_io::embedded;

fn get(s: &Server, path: &str) -> common::Reply {
    let r = s.call("GET", path, None, None);
    assert!(!r.text.contains("NaN"), "{path}: NaN in {}", r.text);
    r
}

fn ok(s: &Server, path: &str) -> Value {
    let r = get(s, path);
    assert_eq!(r.status, 200, "{path}: {}", r.text);
    assert_eq!(r.content_type, "application/json", "{path}");
    r.json
}

fn status(s: &Server, path: &str) -> (u16, String) {
    let r = get(s, path);
    (r.status, r.content_type)
}

fn find<'a>(rows: &'a Value, key: &str, code: &str) -> &'a Value {
    rows.as_array()
        .unwrap()
        .iter()
        .find(|x| x[key] == code)
        .unwrap_or_else(|| panic!("{code} not in the list"))
}

#[test]
fn geometry_labels_every_polygon_with_its_2013_region() {
    let s = Server::start();
    let r = get(&s, "/v1/geometry");
    assert_eq!(r.status, 200);
    let features = r.json["features"].as_array().unwrap();
    assert!(features.len() >= 270, "{}", features.len());
    let props = |id: &str| {
        features
            .iter()
            .find(|f| f["properties"]["NUTS_ID"] == id)
            .map(|f| f["properties"].clone())
            .unwrap()
    };
    assert_eq!(props("ITC1")["region"], "ITC1");
    assert_eq!(props("ITC1")["name"], "Piemonte");
    // a 2021 code drawn with its 2013 region's values
    assert_eq!(props("PL91")["region"], "PL12");
    // every EU28 polygon carries a region
    let eu: Vec<&Value> = features
        .iter()
        .filter(|f| {
            let id = f["properties"]["NUTS_ID"].as_str().unwrap();
            smartspec_io::nuts::is_eu28(&id[..2])
        })
        .collect();
    assert!(eu.len() >= 270);
    assert!(eu.iter().all(|f| f["properties"]["region"].is_string()));
    let head = s.call("GET", "/v1/geometry", None, None);
    assert_eq!(head.text, r.text);
}

#[test]
fn geometry_is_cached_publicly_for_a_day() {
    let s = Server::start();
    let mut c = std::net::TcpStream::connect(s.addr).unwrap();
    use std::io::{Read, Write};
    write!(
        c,
        "GET /v1/geometry HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut head = [0u8; 512];
    let n = c.read(&mut head).unwrap();
    let head = String::from_utf8_lossy(&head[..n]).to_ascii_lowercase();
    assert!(
        head.contains("cache-control: public, max-age=86400"),
        "{head}"
    );
}

#[test]
fn map_values_follow_the_pipeline_and_parameters_are_checked() {
    let s = Server::start();
    let ind = ok(&s, "/v1/indicators");
    let ids: Vec<&str> = ind["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "eci",
            "diversity",
            "rca",
            "theme_strength",
            "transition_score",
            "innovation_index",
            "gdp_per_head_eu",
            "manufacturing_share",
            "unemployment_rate"
        ]
    );
    assert_eq!(find(&ind["indicators"], "id", "rca")["needs"], "activity");
    assert_eq!(find(&ind["activities"], "code", "C29")["section"], "C");
    assert_eq!(ind["activities"].as_array().unwrap().len(), 68);
    assert!(find(&ind["themes"], "id", "bioeconomy")["name"].is_string());

    // the map's RCA of ITC1 in C29 is the indicator pipeline's
    let m = ok(&s, "/v1/map?indicator=rca&activity=C29");
    assert_eq!(
        (m["year"].as_i64(), m["higher_is"].as_str()),
        (Some(2014), Some("more"))
    );
    let panel = embedded::default_panel();
    let y = panel.year_index(2014).unwrap();
    let yi = smartspec_analysis::pipeline::compute(
        &Dataset::embedded(),
        y,
        &Preset::GrowthLab.options(),
    );
    let r = panel.regions().id("ITC1").unwrap() as usize;
    let p = panel.activities().id("C29").unwrap() as usize;
    let v = find(&m["values"], "region", "ITC1");
    assert_eq!(v["name"], "Piemonte");
    assert_eq!(v["country"], "IT");
    assert!((v["value"].as_f64().unwrap() - yi.rca.get(r, p)).abs() < 1e-12);
    assert!(v["value"].as_f64().unwrap() > 1.0);
    // one row per NUTS-2 region of the panel
    let n2 = panel.regions().iter().filter(|c| c.len() == 4).count();
    assert_eq!(m["values"].as_array().unwrap().len(), n2);
    let eci = ok(&s, "/v1/map?indicator=eci&year=2012");
    assert_eq!(eci["year"], 2012);
    for id in ids
        .iter()
        .filter(|i| !["rca", "theme_strength"].contains(i))
    {
        let m = ok(&s, &format!("/v1/map?indicator={id}"));
        let with = m["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["value"].is_number())
            .count();
        assert!(with > 200, "{id}: {with} values");
    }
    let t = ok(&s, "/v1/map?indicator=theme_strength&theme=bioeconomy");
    let v = find(&t["values"], "region", "ITC1")["value"]
        .as_f64()
        .unwrap();
    assert!(v > 0.0 && v < 1.0);
    // errors
    assert_eq!(status(&s, "/v1/map?indicator=magic").0, 404);
    assert_eq!(status(&s, "/v1/map?indicator=rca&activity=Z99").0, 404);
    assert_eq!(
        status(&s, "/v1/map?indicator=theme_strength&theme=nope").0,
        404
    );
    assert_eq!(
        status(&s, "/v1/map?indicator=rca"),
        (422, "application/problem+json".into())
    );
    assert_eq!(status(&s, "/v1/map?indicator=theme_strength").0, 422);
    assert_eq!(status(&s, "/v1/map").0, 422);
    assert_eq!(status(&s, "/v1/map?indicator=eci&year=1990").0, 422);
    assert_eq!(status(&s, "/v1/map?indicator=eci&colour=red").0, 400);
}

#[test]
fn transition_screen_is_the_command_lines() {
    let s = Server::start();
    let t = ok(&s, "/v1/transition");
    // the code `smartspec transition` runs
    let lib = smartspec_analysis::screening::run(
        &Dataset::embedded(),
        None,
        smartspec_io::criteria::DEFAULT_NAME.into(),
        smartspec_io::criteria::default_criteria(),
    )
    .unwrap();
    let u = lib.units.iter().position(|u| u.code == "ITC1").unwrap();
    let itc1 = find(&t["regions"], "region", "ITC1");
    assert_eq!(itc1["rank"].as_u64(), lib.scores[u].rank.map(|r| r as u64));
    // regression snapshot: the rank `smartspec transition --format json`
    // prints for ITC1 (2014; 81 since issue 16 annualised the changes, put
    // productivity in PPS and judged proxies among all regions); the check
    // is the equality with the library above
    assert_eq!(itc1["rank"], 81);
    assert!((itc1["score"].as_f64().unwrap() - 200.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        itc1["met"],
        serde_json::json!([
            "industrial_base",
            "deindustrialisation",
            "weak_productivity",
            "rising_unemployment"
        ])
    );
    assert_eq!(itc1["values"]["industrial_base"]["met"], true);
    assert_eq!(itc1["values"]["industrial_base"]["years"], "2008");
    assert_eq!(t["year"], 2014);
    assert_eq!(
        (t["scored_eu28"].as_u64(), t["eu28_regions"].as_u64()),
        (Some(275), Some(276))
    );
    assert_eq!(t["criteria"].as_array().unwrap().len(), 7);
    assert_eq!(t["criteria"][0]["threshold"], "EU median");
    // ranked, the unscored last
    let ranks: Vec<Option<u64>> = t["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rank"].as_u64())
        .collect();
    let scored = ranks.iter().take_while(|r| r.is_some()).count();
    assert!(ranks[..scored].windows(2).all(|w| w[0] <= w[1]));
    assert!(ranks[scored..].iter().all(Option::is_none));
    assert_eq!(status(&s, "/v1/transition?year=1990").0, 422);
}

#[test]
fn themes_partners_and_proposals_are_the_command_lines() {
    let s = Server::start();
    let themes = ok(&s, "/v1/themes");
    let bio = find(&themes, "id", "bioeconomy");
    assert!(!bio["stages"][0]["activities"]
        .as_array()
        .unwrap()
        .is_empty());
    assert!(bio["stages"][0]["why"].is_string());
    // `smartspec partners ITC1 --theme bioeconomy --top 3 --format json`
    let p = ok(&s, "/v1/themes/bioeconomy/partners/ITC1?top=3");
    assert_eq!(
        (p["region"].as_str(), p["year"].as_i64()),
        (Some("ITC1"), Some(2014))
    );
    let list = p["partners"].as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["region"], "HR04");
    assert!((list[0]["score"].as_f64().unwrap() - 0.24414714972358656).abs() < 1e-12);
    assert_eq!(
        list[0]["reason"],
        "strong in primary and chemicals, where you are weak; shares your strength in food, materials and recovery"
    );
    assert_eq!(list[0]["stages"].as_array().unwrap().len(), 5);
    assert_eq!(status(&s, "/v1/themes/nope/partners/ITC1").0, 404);
    assert_eq!(status(&s, "/v1/themes/bioeconomy/partners/QQ11").0, 404);
    assert_eq!(
        status(&s, "/v1/themes/bioeconomy/partners/ITC1?top=0").0,
        422
    );
    // `smartspec partnership propose --theme bioeconomy --size 4 --lead ITC1 --lead DE21`
    let pr = ok(
        &s,
        "/v1/themes/bioeconomy/proposals?size=4&lead=ITC1&lead=DE21",
    );
    let one = &pr["proposals"][0];
    let members: Vec<&str> = one["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["region"].as_str().unwrap())
        .collect();
    assert_eq!(members, ["RO21", "HR04", "ITC1", "DE21"]);
    assert!((one["objective"].as_f64().unwrap() - 0.7671660886305973).abs() < 1e-12);
    assert_eq!(
        (one["method"].as_str(), one["member_states"].as_u64()),
        (Some("exact"), Some(4))
    );
    assert_eq!(status(&s, "/v1/themes/bioeconomy/proposals?size=0").0, 422);
    assert_eq!(
        status(&s, "/v1/themes/bioeconomy/proposals?lead=QQ11").0,
        404
    );
    assert_eq!(status(&s, "/v1/themes/nope/proposals").0, 404);
    assert_eq!(
        status(&s, "/v1/themes/bioeconomy/proposals?colour=red").0,
        400
    );
}

#[test]
fn product_space_is_a_maximum_spanning_tree_plus_strong_links() {
    let s = Server::start();
    let ps = ok(&s, "/v1/product-space");
    let nodes = ps["nodes"].as_array().unwrap();
    let links = ps["links"].as_array().unwrap();
    let n = nodes.len();
    assert!(n > 50, "{n}");
    let tree: Vec<&Value> = links.iter().filter(|l| l["tree"] == true).collect();
    assert_eq!(tree.len(), n - 1);
    assert!(links.len() <= 2 * n && links.len() > n);
    // the tree's weight is the maximum: Kruskal over the pipeline's proximity
    let panel = embedded::default_panel();
    let y = panel.year_index(2014).unwrap();
    let yi = smartspec_analysis::pipeline::compute(
        &Dataset::embedded(),
        y,
        &Preset::GrowthLab.options(),
    );
    let ids: Vec<usize> = nodes
        .iter()
        .map(|n| {
            panel
                .activities()
                .id(n["activity"].as_str().unwrap())
                .unwrap() as usize
        })
        .collect();
    let mut edges: Vec<(f64, usize, usize)> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            edges.push((yi.proximity.get(ids[i], ids[j]), i, j));
        }
    }
    edges.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            i = p[i];
        }
        i
    }
    let mut best = 0.0;
    for (w, i, j) in edges {
        let (a, b) = (root(&mut parent, i), root(&mut parent, j));
        if a != b {
            parent[a] = b;
            best += w;
        }
    }
    let got: f64 = tree.iter().map(|l| l["proximity"].as_f64().unwrap()).sum();
    assert!((got - best).abs() < 1e-9, "tree {got}, maximum {best}");
    // the extra links are the strongest non-tree ones
    let weakest_extra = links
        .iter()
        .filter(|l| l["tree"] == false)
        .map(|l| l["proximity"].as_f64().unwrap())
        .fold(f64::MAX, f64::min);
    assert!(weakest_extra > 0.3, "{weakest_extra}");
    let c29 = find(&ps["nodes"], "activity", "C29");
    assert_eq!(c29["section"], "C");
    assert!(c29["employment"].as_f64().unwrap() > 1e6);
    // specialisations
    let sp = ok(&s, "/v1/regions/ITC1/specialisations");
    let c29 = find(&sp["activities"], "activity", "C29");
    assert_eq!(c29["specialised"], true);
    assert!(c29["rca"].as_f64().unwrap() > 1.0);
    assert_eq!(status(&s, "/v1/regions/QQ11/specialisations").0, 404);
    assert_eq!(status(&s, "/v1/product-space?year=1990").0, 422);
}

#[test]
fn innovation_and_skills_profiles() {
    let s = Server::start();
    let i = ok(&s, "/v1/regions/ITC1/innovation");
    assert_eq!(
        (i["region"].as_str(), i["name"].as_str()),
        (Some("ITC1"), Some("Piemonte"))
    );
    let lib = {
        // the dataset's default year, as every command (2014)
        let ds = Dataset::embedded();
        assert_eq!(ds.default_year(), 2014);
        let a = smartspec_core::innovation::assess(
            smartspec_analysis::context_inputs::innovation_inputs(&ds, 2014),
            &Default::default(),
        );
        a.profile(a.region_id("ITC1").unwrap())
    };
    assert_eq!(i["year"], lib.year);
    assert_eq!(i["rank"].as_u64(), lib.rank.map(|r| r as u64));
    assert!((i["relative_to_eu"].as_f64().unwrap() - lib.relative_to_eu.unwrap()).abs() < 1e-9);
    assert!(!i["indicators"].as_array().unwrap().is_empty());
    // the map's innovation index is the profile's
    let m = ok(&s, "/v1/map?indicator=innovation_index");
    assert_eq!(
        find(&m["values"], "region", "ITC1")["value"],
        i["relative_to_eu"]
    );
    let k = ok(&s, "/v1/regions/ITC1/skills");
    assert_eq!(k["region"], "ITC1");
    assert!(k["gap"].is_number() && k["sectors"].as_array().unwrap().len() > 5);
    for seg in ["innovation", "skills"] {
        assert_eq!(
            status(&s, &format!("/v1/regions/QQ11/{seg}")).0,
            404,
            "{seg}"
        );
        // a region outside the EU28
        assert_eq!(
            status(&s, &format!("/v1/regions/CH01/{seg}")).0,
            404,
            "{seg}"
        );
        assert_eq!(
            status(&s, &format!("/v1/regions/ITC1/{seg}?year=1900")).0,
            422,
            "{seg}"
        );
    }
}

#[test]
fn openapi_lists_the_dashboard() {
    let s = Server::start();
    let doc = ok(&s, "/openapi.json");
    for p in [
        "/v1/geometry",
        "/v1/indicators",
        "/v1/map",
        "/v1/transition",
        "/v1/themes",
        "/v1/themes/{theme}/partners/{region}",
        "/v1/themes/{theme}/proposals",
        "/v1/product-space",
        "/v1/regions/{code}/specialisations",
        "/v1/regions/{code}/innovation",
        "/v1/regions/{code}/skills",
    ] {
        assert!(doc["paths"][p]["get"].is_object(), "{p}");
    }
}

#[test]
fn profile_sections_are_employment_shares_against_the_eu28() {
    use smartspec_core::Cell;
    use smartspec_io::nuts::{country_of, is_eu28};
    let s = Server::start();
    let p = ok(&s, "/v1/regions/ITC1/profile");
    let year = p["year"].as_i64().unwrap() as i32;
    let rows = p["sections"].as_array().unwrap();
    // by hand from the embedded SBS sections panel: manufacturing (C)
    let sp = embedded::sections_panel();
    let sy = sp.year_index(year).unwrap();
    let c = sp.activities().id("C").unwrap() as usize;
    let value = |r: usize, a: usize| match sp.cell(sy, r, a) {
        Cell::Value(v) => v,
        _ => 0.0,
    };
    let ns = sp.activities().len();
    let itc1 = sp.regions().id("ITC1").unwrap() as usize;
    let total: f64 = (0..ns).map(|a| value(itc1, a)).sum();
    let eu: Vec<usize> = (0..sp.regions().len())
        .filter(|&r| is_eu28(country_of(sp.regions().code(r as u32))))
        .collect();
    let eu_c: f64 = eu.iter().map(|&r| value(r, c)).sum();
    let eu_all: f64 = eu
        .iter()
        .flat_map(|&r| (0..ns).map(move |a| (r, a)))
        .map(|(r, a)| value(r, a))
        .sum();
    let row = find(&Value::Array(rows.clone()), "section", "C").clone();
    assert_eq!(row["name"], "Manufacturing");
    assert_eq!(row["employment"].as_f64(), Some(value(itc1, c)));
    let share = row["share"].as_f64().unwrap();
    assert!((share - value(itc1, c) / total).abs() < 1e-12, "{share}");
    // Piemonte is more industrial than the EU28
    let eu_share = row["eu28_share"].as_f64().unwrap();
    assert!((eu_share - eu_c / eu_all).abs() < 1e-12, "{eu_share}");
    assert!(share > eu_share && share > 0.2, "{share} vs {eu_share}");
    // one row per section, the shares of what is reported summing to 1,
    // and the same rows as the library `smartspec diagnose` draws
    assert_eq!(rows.len(), ns);
    let sum: f64 = rows.iter().filter_map(|r| r["share"].as_f64()).sum();
    assert!((sum - 1.0).abs() < 1e-9, "{sum}");
    let lib =
        smartspec_analysis::sections::section_shares(&Dataset::embedded(), "ITC1", year).unwrap();
    for (x, y) in lib.iter().zip(rows) {
        assert_eq!(y["section"], x.section.as_str());
        for (json, lib) in [(&y["share"], x.share), (&y["eu28_share"], x.eu28_share)] {
            match (json.as_f64(), lib) {
                (Some(a), Some(b)) => assert!((a - b).abs() < 1e-15, "{a} vs {b}"),
                (a, b) => assert_eq!(a, b, "{}", x.section),
            }
        }
    }
}
