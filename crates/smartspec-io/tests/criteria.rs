//! Screening criteria files: the shipped default and the errors, each naming FILE:LINE.

use smartspec_core::transition::{Direction, MinShare, Threshold, Tie};
use smartspec_io::criteria::{default_criteria, parse};

#[test]
fn the_shipped_default_has_seven_justified_criteria() {
    let c = default_criteria();
    assert_eq!(c.criteria.len(), 7);
    assert_eq!(c.start, (2008, 2010));
    // exactly two thirds, written "2/3": with total weight 6 a region with
    // data for 4 is scored (0.6667 would have excluded it)
    assert_eq!(c.min_available, MinShare::TWO_THIRDS);
    assert!(c.min_available.admits(4.0, 6.0));
    let base = &c.criteria[0];
    assert_eq!(base.id, "industrial_base");
    assert_eq!(base.measure, "manufacturing_share_start");
    assert_eq!(base.direction, Direction::Above);
    assert_eq!(base.threshold, Threshold::EuMedian);
    assert_eq!(base.tie, Tie::Meets);
    let total: f64 = c.criteria.iter().map(|c| c.weight).sum();
    assert_eq!(total, 6.0);
    assert_eq!(c.criteria[2].threshold, Threshold::Value(100.0));
}

fn error_of(text: &str) -> String {
    parse("my.toml", text).unwrap_err().to_string()
}

const GOOD: &str = r#"
[[criterion]]
id = "a"
measure = "gdp_per_head_eu"
direction = "below"
threshold = 100
weight = 1
"#;

#[test]
fn a_minimal_file_parses_with_defaults() {
    let c = parse("my.toml", GOOD).unwrap();
    assert_eq!(c.criteria[0].tie, Tie::Fails);
    assert_eq!(c.criteria[0].label, "a");
    assert_eq!(c.min_available, MinShare::TWO_THIRDS);
    // a fraction or a decimal; anything else names the line
    let c = parse("my.toml", &format!("min_available = \"3/4\"\n{GOOD}")).unwrap();
    assert_eq!(c.min_available.value(), 0.75);
    let c = parse("my.toml", &format!("min_available = 0.5\n{GOOD}")).unwrap();
    assert_eq!(c.min_available, MinShare::decimal(0.5));
    let e = error_of(&format!("min_available = \"4/3\"\n{GOOD}"));
    assert!(e.contains("my.toml:1") && e.contains("(0, 1]"), "{e}");
}

#[test]
fn errors_name_the_file_and_line() {
    let e = error_of(&GOOD.replace("gdp_per_head_eu", "gdp_per_head_mars"));
    assert!(
        e.contains("my.toml:4:") && e.contains("unknown measure \"gdp_per_head_mars\""),
        "{e}"
    );
    let e = error_of(&GOOD.replace("\"below\"", "\"under\""));
    assert!(
        e.contains("my.toml:5:") && e.contains("direction \"under\""),
        "{e}"
    );
    let e = error_of(&GOOD.replace("threshold = 100", "threshold = \"eu_average\""));
    assert!(
        e.contains("my.toml:6:") && e.contains("threshold \"eu_average\""),
        "{e}"
    );
    let e = error_of(&GOOD.replace("weight = 1", "weight = -2"));
    assert!(e.contains("my.toml:7:") && e.contains("weight -2"), "{e}");
    let e = error_of(&format!(
        "{GOOD}{}",
        GOOD.replace("gdp_per_head_eu", "population")
    ));
    assert!(
        e.contains("my.toml:10:") && e.contains("duplicate criterion id \"a\" (first at line 3)"),
        "{e}"
    );
    // a TOML syntax error
    let e = error_of(&GOOD.replace("weight = 1", "weight = = 1"));
    assert!(e.contains("my.toml:7:"), "{e}");
    // a misspelt key is refused, not ignored
    let e = error_of(&GOOD.replace("weight = 1", "wieght = 1"));
    assert!(e.contains("my.toml:") && e.contains("wieght"), "{e}");
    let e = error_of(&GOOD.replace("weight = 1", "weight = 0"));
    assert!(e.contains("every weight is 0"), "{e}");
    let e = error_of("min_available = 1.5\n");
    assert!(
        e.contains("no [[criterion]]") && e.contains("min_available 1.5"),
        "{e}"
    );
    let e = error_of(&format!("start = [2010, 2008]\n{GOOD}"));
    assert!(e.contains("my.toml:1:") && e.contains("start"), "{e}");
}
