//! The choropleth SVG parsed as XML: one shape per region, fills following
//! the values, the outermost regions left out, title, legend and attribution.

use smartspec_io::embedded::default_panel;
use smartspec_report::map::{choropleth, MapText, PALETTE};
use std::collections::HashMap;

#[test]
fn one_shape_per_region_and_fills_follow_the_values() {
    let panel = default_panel();
    // value = the region's position in code order, Norway left without one
    let values: HashMap<String, f64> = panel
        .regions()
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.starts_with("NO"))
        .map(|(i, c)| (c.to_string(), i as f64))
        .collect();
    let text = MapText {
        title: "Test map",
        subtitle: "values",
        legend: "Value",
        source: "Source: test",
    };
    let map = choropleth(
        &values,
        &text,
        &smartspec_io::embedded::map_code_2021_to_2013,
    )
    .unwrap();
    let doc = roxmltree::Document::parse(&map.svg).expect("well-formed SVG");
    let regions: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("class") == Some("region"))
        .collect();
    // one shape per region drawn, no region twice
    let mut codes: Vec<&str> = regions
        .iter()
        .map(|n| n.attribute("data-region").unwrap())
        .collect();
    assert_eq!(codes.len(), map.drawn);
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), map.drawn);
    // every valued region is drawn, except the outermost ones
    for o in ["ES70", "PT20", "PT30", "FRA1", "FRA2", "FRA3", "FRA4"] {
        assert!(
            map.outside.iter().any(|c| c == o),
            "{o} not listed outside: {:?}",
            map.outside
        );
        assert!(!codes.contains(&o));
    }
    assert_eq!(
        map.drawn + map.outside.len() + map.unmapped.len(),
        values.len()
    );
    assert!(map.drawn > 260, "{}", map.drawn);
    // fills follow the values: the palette index never decreases with the value
    let mut pairs: Vec<(f64, usize)> = regions
        .iter()
        .map(|n| {
            let v: f64 = n.attribute("data-value").unwrap().parse().unwrap();
            let fill = n.attribute("fill").unwrap();
            (
                v,
                PALETTE
                    .iter()
                    .position(|p| *p == fill)
                    .expect("palette fill"),
            )
        })
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(pairs.windows(2).all(|w| w[0].1 <= w[1].1));
    assert_eq!(pairs.first().unwrap().1, 0);
    assert_eq!(pairs.last().unwrap().1, 4);
    // Norway is drawn, as no data
    let nodata: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("nodata"))
        .filter_map(|n| n.attribute("data-region"))
        .collect();
    assert!(nodata.contains(&"NO01"));
    let all_text: String = doc
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    for t in [
        "Test map",
        "© EuroGeographics for the administrative boundaries",
        "Source: test",
        "no data",
    ] {
        assert!(all_text.contains(t), "missing {t}");
    }
}
