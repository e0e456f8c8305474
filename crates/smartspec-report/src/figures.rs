//! Small self-contained SVG figures for reports: a strip plot that places one
//! region in a distribution, and horizontal bars with a comparison marker.
//! No fonts, scripts or styles to fetch: they render offline, in a browser
//! or with `rsvg-convert`.

use crate::chart::{esc, fmt_tick, ticks};
use std::fmt::Write as _;

/// How a value of a strip plot is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Another region (grey).
    Other,
    /// A region of the same country (blue).
    Country,
    /// The region itself (red, labelled).
    Region,
}

const GREY: &str = "#b8b8b8";
const BLUE: &str = "#3b6fb6";
const RED: &str = "#c0392b";
const INK: &str = "#333";

/// The span of the finite `values`, padded by `pad` of its width on both
/// sides (a unit span around a constant; 0–1 when there is none).
pub(crate) fn range(values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
            (a.min(x), b.max(x))
        });
    if !lo.is_finite() {
        (0.0, 1.0)
    } else if hi - lo < 1e-12 {
        (lo - 0.5, hi + 0.5)
    } else {
        let pad = (hi - lo) * pad;
        (lo - pad, hi + pad)
    }
}

/// A strip plot: every value as a dot on one axis (jittered vertically, by
/// index, so the figure is reproducible), the region in red, its country's
/// regions in blue, and an optional dashed threshold line.
pub fn strip(
    title: &str,
    unit: &str,
    values: &[(f64, Mark)],
    threshold: Option<(f64, &str)>,
) -> String {
    let (w, h) = (640.0, 132.0);
    let (ml, mr, top, axis_y) = (16.0, 16.0, 48.0, 100.0);
    let (lo, hi) = range(
        values.iter().map(|v| v.0).chain(threshold.map(|t| t.0)),
        0.04,
    );
    let x = |v: f64| ml + (v - lo) / (hi - lo) * (w - ml - mr);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" role="img" aria-label="{}">"##,
        esc(title)
    );
    let _ = write!(
        s,
        r##"<text x="{ml}" y="16" font-size="13" fill="{INK}" font-weight="bold">{}</text><text x="{ml}" y="30" font-size="11" fill="#666">{}</text>"##,
        esc(title),
        esc(unit)
    );
    let _ = write!(
        s,
        r##"<line x1="{ml}" x2="{}" y1="{axis_y}" y2="{axis_y}" stroke="#999"/>"##,
        w - mr
    );
    for t in ticks(lo, hi, 5) {
        let _ = write!(
            s,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{axis_y}" y2="{1}" stroke="#999"/><text x="{0:.1}" y="{2}" font-size="10" fill="#555" text-anchor="middle">{3}</text>"##,
            x(t),
            axis_y + 4.0,
            axis_y + 16.0,
            fmt_tick(t)
        );
    }
    if let Some((t, label)) = threshold {
        let _ = write!(
            s,
            r##"<line class="threshold" x1="{0:.1}" x2="{0:.1}" y1="{top}" y2="{axis_y}" stroke="{INK}" stroke-dasharray="4 3"/><text x="{0:.1}" y="{1}" font-size="10" fill="{INK}" text-anchor="middle">{2}</text>"##,
            x(t),
            top - 4.0,
            esc(label)
        );
    }
    // others first, the region last so it is on top
    for pass in [Mark::Other, Mark::Country, Mark::Region] {
        for (i, &(v, m)) in values.iter().enumerate() {
            if m != pass || !v.is_finite() {
                continue;
            }
            let jitter = ((i as u64).wrapping_mul(2_654_435_761) % 1000) as f64 / 1000.0;
            let (fill, r, y) = match m {
                Mark::Other => (GREY, 2.5, top + 8.0 + jitter * 36.0),
                Mark::Country => (BLUE, 3.5, top + 8.0 + jitter * 36.0),
                Mark::Region => (RED, 6.0, top + 26.0),
            };
            let _ = write!(
                s,
                r##"<circle class="{}" cx="{:.1}" cy="{y:.1}" r="{r}" fill="{fill}" fill-opacity="{}"/>"##,
                match m {
                    Mark::Other => "other",
                    Mark::Country => "country",
                    Mark::Region => "region",
                },
                x(v),
                if m == Mark::Region { "1" } else { "0.75" }
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// One bar: label, value, and an optional comparison value drawn as a
/// black tick (e.g. the EU28 share).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// Label left of the bar.
    pub label: String,
    /// Its length.
    pub value: f64,
    /// A comparison marker.
    pub compare: Option<f64>,
}

/// Horizontal bars from zero, with an optional reference line (e.g. RCA = 1)
/// and a legend for the comparison markers.
pub fn bars(
    title: &str,
    unit: &str,
    items: &[Bar],
    reference: Option<(f64, &str)>,
    compare_label: &str,
) -> String {
    let row = 20.0;
    let (w, ml, mr, top) = (640.0, 250.0, 60.0, 40.0);
    let h = top + row * items.len() as f64 + 34.0;
    let hi = items
        .iter()
        .flat_map(|b| [b.value, b.compare.unwrap_or(0.0)])
        .chain(reference.map(|r| r.0))
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max)
        .max(1e-9)
        * 1.05;
    let x = |v: f64| ml + v.max(0.0) / hi * (w - ml - mr);
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" role="img" aria-label="{}">"##,
        esc(title)
    );
    let _ = write!(
        s,
        r##"<text x="8" y="16" font-size="13" fill="{INK}" font-weight="bold">{}</text><text x="{}" y="16" font-size="11" fill="#666" text-anchor="end">{}</text>"##,
        esc(title),
        w - mr,
        esc(unit)
    );
    if items.iter().any(|b| b.compare.is_some()) && !compare_label.is_empty() {
        let _ = write!(
            s,
            r##"<line x1="8" x2="8" y1="22" y2="32" stroke="#000" stroke-width="2"/><text x="14" y="31" font-size="10" fill="#555">{}</text>"##,
            esc(compare_label)
        );
    }
    for (i, b) in items.iter().enumerate() {
        let y = top + row * i as f64;
        let label: String = if b.label.chars().count() > 38 {
            b.label
                .chars()
                .take(37)
                .chain(std::iter::once('…'))
                .collect()
        } else {
            b.label.clone()
        };
        let _ = write!(
            s,
            r##"<text x="{}" y="{:.1}" font-size="11" fill="{INK}" text-anchor="end">{}</text><rect class="bar" x="{ml}" y="{:.1}" width="{:.1}" height="{}" fill="{BLUE}"/><text x="{:.1}" y="{:.1}" font-size="10" fill="#555">{}</text>"##,
            ml - 6.0,
            y + 13.0,
            esc(&label),
            y + 3.0,
            x(b.value) - ml,
            row - 6.0,
            x(b.value) + 4.0,
            y + 13.0,
            fmt_tick((b.value * 100.0).round() / 100.0)
        );
        if let Some(c) = b.compare.filter(|c| c.is_finite()) {
            let _ = write!(
                s,
                r##"<line x1="{0:.1}" x2="{0:.1}" y1="{1:.1}" y2="{2:.1}" stroke="#000" stroke-width="2"/>"##,
                x(c),
                y + 1.0,
                y + row - 1.0
            );
        }
    }
    if let Some((r, label)) = reference {
        let _ = write!(
            s,
            r##"<line x1="{0:.1}" x2="{0:.1}" y1="{1}" y2="{2:.1}" stroke="{RED}" stroke-dasharray="4 3"/><text x="{0:.1}" y="{3:.1}" font-size="10" fill="{RED}" text-anchor="middle">{4}</text>"##,
            x(r),
            top - 2.0,
            top + row * items.len() as f64,
            top + row * items.len() as f64 + 14.0,
            esc(label)
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strip_has_one_dot_per_finite_value_and_the_region_on_top() {
        let v = [
            (1.0, Mark::Other),
            (f64::NAN, Mark::Other),
            (2.0, Mark::Country),
            (3.0, Mark::Region),
        ];
        let s = strip("t", "u", &v, Some((2.5, "EU median")));
        assert_eq!(s.matches("<circle").count(), 3);
        assert_eq!(s.matches("class=\"region\"").count(), 1);
        assert!(s.rfind("class=\"region\"") > s.rfind("class=\"country\""));
        assert!(s.contains("class=\"threshold\"") && !s.contains("NaN"));
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let items = [
            Bar {
                label: "a".into(),
                value: 2.0,
                compare: Some(1.0),
            },
            Bar {
                label: "b<c".into(),
                value: 1.0,
                compare: None,
            },
        ];
        let s = bars("t", "u", &items, Some((1.0, "RCA = 1")), "EU28");
        assert!(s.contains("b&lt;c"));
        // the largest bar spans (640 - 250 - 60) / 1.05 = 314.3 px, the other half of it
        assert!(
            s.contains(r##"width="314.3""##) && s.contains(r##"width="157.1""##),
            "{s}"
        );
    }
}
