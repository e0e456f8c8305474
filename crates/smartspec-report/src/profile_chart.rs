//! A region's innovation indicators against the EU and its country, as a
//! self-contained SVG bar chart: one row per indicator, the region's and
//! the country's value as a percentage of the EU value (EU = 100, the
//! dashed line), the region's value and year printed beside its bar.

use crate::chart::esc;
use smartspec_core::innovation::InnovationProfile;
use std::fmt::Write as _;

/// Bars longer than this (% of the EU) are cut, with the number printed.
const CAP: f64 = 300.0;

fn relative(v: Option<f64>, eu: Option<f64>) -> Option<f64> {
    match (v, eu) {
        (Some(v), Some(e)) if e > 0.0 && v.is_finite() => Some(100.0 * v / e),
        _ => None,
    }
}

/// The chart (`title` on top, `source` at the bottom).
pub fn innovation_bars(p: &InnovationProfile, title: &str, source: &str) -> String {
    let rows = p.indicators.len();
    let (ml, mr, mt, row_h) = (340.0, 150.0, 92.0, 40.0);
    let plot_w = 460.0;
    let w = ml + plot_w + mr;
    let h = mt + row_h * rows as f64 + 80.0;
    let max = p
        .indicators
        .iter()
        .flat_map(|l| {
            [
                relative(l.value.map(|o| o.value), l.eu.map(|o| o.value)),
                relative(l.country.map(|o| o.value), l.eu.map(|o| o.value)),
            ]
        })
        .flatten()
        .fold(150.0f64, f64::max)
        .min(CAP);
    let sx = |v: f64| ml + v.min(max) / max * plot_w;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="{}">"#,
        esc(title)
    );
    let _ = writeln!(s, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r##"<text x="20" y="28" font-size="18" font-weight="bold" fill="#1b2631">{}</text>"##,
        esc(title)
    );
    let score = match (p.relative_to_eu, p.group, p.rank) {
        (Some(rel), Some(g), Some(rank)) => format!(
            "Composite: {rel:.0} % of the EU, {} innovator, rank {rank} of {}. Bars: % of the EU value (EU = 100).",
            g.name(),
            p.scored
        ),
        _ => "Composite: not scored. Bars: % of the EU value (EU = 100).".to_string(),
    };
    let _ = writeln!(
        s,
        r##"<text x="20" y="50" font-size="13" fill="#4d5656">{}</text>"##,
        esc(&score)
    );
    // legend
    let _ = writeln!(
        s,
        r##"<rect x="20" y="62" width="14" height="10" fill="#1f618d"/><text x="40" y="71" font-size="12" fill="#1b2631">{}</text><rect x="130" y="62" width="14" height="10" fill="#aab7b8"/><text x="150" y="71" font-size="12" fill="#1b2631">country ({})</text><line x1="260" y1="67" x2="280" y2="67" stroke="#c0392b" stroke-width="2" stroke-dasharray="4,3"/><text x="286" y="71" font-size="12" fill="#1b2631">EU28 = 100</text>"##,
        esc(&p.region),
        esc(smartspec_io::nuts::country_of(&p.region))
    );
    // grid
    let mut g = 0.0;
    while g <= max + 1e-9 {
        let x = sx(g);
        let _ = writeln!(
            s,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#eaeded"/><text x="{x:.1}" y="{:.1}" font-size="11" fill="#4d5656" text-anchor="middle">{g:.0}</text>"##,
            mt - 6.0,
            mt + row_h * rows as f64,
            mt + row_h * rows as f64 + 16.0
        );
        g += if max > 200.0 { 50.0 } else { 25.0 };
    }
    for (i, l) in p.indicators.iter().enumerate() {
        let y = mt + row_h * i as f64;
        let eu = l.eu.map(|o| o.value);
        let label = if l.weight > 0.0 {
            format!("{} *", l.name)
        } else {
            l.name.clone()
        };
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#1b2631" text-anchor="end">{}</text><text x="{:.1}" y="{:.1}" font-size="10" fill="#7f8c8d" text-anchor="end">{}</text>"##,
            ml - 8.0,
            y + 15.0,
            esc(&label),
            ml - 8.0,
            y + 28.0,
            esc(&l.unit)
        );
        let bars = [
            (relative(l.value.map(|o| o.value), eu), "#1f618d", y + 5.0),
            (
                relative(l.country.map(|o| o.value), eu),
                "#aab7b8",
                y + 20.0,
            ),
        ];
        for (v, colour, by) in bars {
            if let Some(v) = v {
                let _ = writeln!(
                    s,
                    r##"<rect x="{ml}" y="{by:.1}" width="{:.1}" height="12" fill="{colour}"/>"##,
                    (sx(v) - ml).max(0.5)
                );
            }
        }
        let text = match (l.value, eu) {
            (Some(o), Some(_)) => format!(
                "{:.2} ({}){}",
                o.value,
                o.year,
                relative(Some(o.value), eu).map_or(String::new(), |r| if r > max {
                    format!(", {r:.0} %")
                } else {
                    String::new()
                })
            ),
            (Some(o), None) => format!("{:.2} ({}), no EU value", o.value, o.year),
            (None, _) => "no data".to_string(),
        };
        let tx = l
            .value
            .and_then(|o| relative(Some(o.value), eu))
            .map_or(ml + 4.0, |r| sx(r) + 4.0);
        let _ = writeln!(
            s,
            r##"<text x="{tx:.1}" y="{:.1}" font-size="11" fill="#1b2631">{}</text>"##,
            y + 15.0,
            esc(&text)
        );
    }
    let x100 = sx(100.0);
    let _ = writeln!(
        s,
        r##"<line x1="{x100:.1}" y1="{:.1}" x2="{x100:.1}" y2="{:.1}" stroke="#c0392b" stroke-width="2" stroke-dasharray="4,3"/>"##,
        mt - 6.0,
        mt + row_h * rows as f64
    );
    let _ = writeln!(
        s,
        r##"<text x="20" y="{:.1}" font-size="11" fill="#4d5656">* in the composite index. Values: latest within three years of {}; a country or EU value the source lacks is the population-weighted mean of its regions.</text><text x="20" y="{:.1}" font-size="10" fill="#7f8c8d">{}</text>"##,
        h - 30.0,
        p.year,
        h - 14.0,
        esc(source)
    );
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use smartspec_core::innovation::{EuSource, IndicatorLine, Observation};

    #[test]
    fn bars_are_relative_to_the_eu_and_missing_is_said() {
        let line = |v: Option<f64>| IndicatorLine {
            code: "X".into(),
            name: "x & y".into(),
            dataset: "d".into(),
            unit: "%".into(),
            weight: 1.0,
            value: v.map(|value| Observation { value, year: 2015 }),
            country: Some(Observation {
                value: 1.0,
                year: 2015,
            }),
            eu: Some(Observation {
                value: 2.0,
                year: 2015,
            }),
            eu_source: EuSource::Published,
            percentile: None,
        };
        let p = InnovationProfile {
            region: "ITC1".into(),
            year: 2015,
            score: None,
            eu_score: None,
            relative_to_eu: None,
            group: None,
            rank: None,
            scored: 0,
            rank_range: None,
            indicators: vec![line(Some(3.0)), line(None)],
            missing: vec![],
            coverage: 0.5,
            balance: None,
        };
        let svg = innovation_bars(&p, "t", "s");
        assert!(svg.contains("x &amp; y *"));
        assert!(svg.contains("3.00 (2015)"));
        assert!(svg.contains("no data"));
        // the region's bar is 150 % of the EU on a 150 % axis: the full width
        assert!(svg.contains(r##"width="460.0" height="12" fill="#1f618d""##));
        assert!(!svg.contains("NaN"));
    }
}
