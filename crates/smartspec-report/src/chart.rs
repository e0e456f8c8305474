//! Charts as self-contained SVG (no fonts or scripts to fetch), for
//! strategy documents and the dashboard.

use smartspec_core::opportunities::Opportunities;
use std::fmt::Write as _;

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub(crate) fn ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let raw = (hi - lo) / n as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(raw);
    let start = (lo / step).ceil() * step;
    (0..=n * 2)
        .map(|k| start + k as f64 * step)
        .take_while(|v| *v <= hi + 1e-12)
        .collect()
}

/// The feasibility × complexity scatter of a region's candidates, the top
/// `top` labelled: feasibility is the entry probability (in %) when the
/// entry model scores the candidates, else the relatedness density; the
/// quadrants are those of the ranking (`smartspec_core::opportunities`). `code_of` names activities; `title` heads the chart;
/// `y_label` names the complexity axis.
pub fn opportunity_scatter(
    o: &Opportunities,
    top: usize,
    code_of: &dyn Fn(usize) -> String,
    title: &str,
    y_label: &str,
    source: &str,
) -> String {
    let (w, h) = (860.0, 600.0);
    let (ml, mr, mt, mb) = (80.0, 40.0, 70.0, 80.0);
    let pct = if o.feasibility_by_model { 100.0 } else { 1.0 };
    let fx = |c: &smartspec_core::opportunities::Candidate| c.feasibility * pct;
    let mut xs: Vec<f64> = o.candidates.iter().map(fx).collect();
    xs.push(o.feasibility_cut * pct);
    let ys: Vec<f64> = o.candidates.iter().map(|c| c.complexity).collect();
    let range = |v: &[f64]| crate::figures::range(v.iter().copied(), 0.06);
    let (x0, x1) = range(&xs);
    let (y0, y1) = range(&ys);
    let sx = |x: f64| ml + (x - x0) / (x1 - x0) * (w - ml - mr);
    let sy = |y: f64| h - mb - (y - y0) / (y1 - y0) * (h - mt - mb);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="{}">"#,
        esc(title)
    );
    let _ = writeln!(s, r##"<rect width="{w}" height="{h}" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r##"<text x="{ml}" y="26" font-size="19" font-weight="bold" fill="#1b2631">{}</text>"##,
        esc(title)
    );
    let _ = writeln!(
        s,
        r##"<text x="{ml}" y="46" font-size="13" fill="#4d5656">Each dot is an activity the region is not yet specialised in; the {} best-scored are labelled.</text>"##,
        top.min(o.candidates.len())
    );
    // quadrant background and cut lines
    let (cx, cy) = (
        sx((o.feasibility_cut * pct).clamp(x0, x1)),
        sy(o.complexity_cut.clamp(y0, y1)),
    );
    if o.ranked_by_value {
        let _ = writeln!(
            s,
            r##"<rect x="{cx:.1}" y="{mt}" width="{:.1}" height="{:.1}" fill="#eaf4ea"/>"##,
            w - mr - cx,
            cy - mt
        );
    }
    let _ = writeln!(
        s,
        r##"<line class="cut" x1="{cx:.1}" y1="{mt}" x2="{cx:.1}" y2="{:.1}" stroke="#7f8c8d" stroke-dasharray="5,4"/>"##,
        h - mb
    );
    if o.ranked_by_value {
        let _ = writeln!(
            s,
            r##"<line class="cut" x1="{ml}" y1="{cy:.1}" x2="{:.1}" y2="{cy:.1}" stroke="#7f8c8d" stroke-dasharray="5,4"/>"##,
            w - mr
        );
    }
    let corner = |s: &mut String, x: f64, y: f64, anchor: &str, text: &str| {
        let _ = writeln!(
            s,
            r##"<text class="quadrant" x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" font-size="12" fill="#7b7d7d">{text}</text>"##
        );
    };
    let corners: [&str; 4] = if o.ranked_by_value {
        [
            "feasible and complex: best bets",
            "complex but less feasible: long shots",
            "feasible but simple: safe, low value",
            "less feasible and simple",
        ]
    } else {
        [
            "more feasible",
            "less feasible",
            "complexity fails validity: not ranked by",
            "",
        ]
    };
    corner(&mut s, w - mr - 6.0, mt - 6.0, "end", corners[0]);
    corner(&mut s, ml + 6.0, mt - 6.0, "start", corners[1]);
    corner(&mut s, w - mr - 6.0, h - mb - 8.0, "end", corners[2]);
    corner(&mut s, ml + 6.0, h - mb - 8.0, "start", corners[3]);
    // axes
    let _ = writeln!(
        s,
        r##"<line x1="{ml}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#2c3e50"/>"##,
        h - mb,
        w - mr,
        h - mb
    );
    let _ = writeln!(
        s,
        r##"<line x1="{ml}" y1="{mt}" x2="{ml}" y2="{:.1}" stroke="#2c3e50"/>"##,
        h - mb
    );
    for t in ticks(x0, x1, 5) {
        let x = sx(t);
        let _ = writeln!(
            s,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#2c3e50"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" font-size="12" fill="#2c3e50">{}</text>"##,
            h - mb,
            h - mb + 5.0,
            h - mb + 20.0,
            fmt_tick(t)
        );
    }
    for t in ticks(y0, y1, 5) {
        let y = sy(t);
        let _ = writeln!(
            s,
            r##"<line x1="{:.1}" y1="{y:.1}" x2="{ml}" y2="{y:.1}" stroke="#2c3e50"/><text x="{:.1}" y="{:.1}" text-anchor="end" font-size="12" fill="#2c3e50">{}</text>"##,
            ml - 5.0,
            ml - 8.0,
            y + 4.0,
            fmt_tick(t)
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="14" fill="#1b2631">{}</text>"##,
        (ml + w - mr) / 2.0,
        h - mb + 44.0,
        if o.feasibility_by_model {
            "Feasibility: the entry model's probability of entering within 2 years (%)"
        } else {
            "Feasibility: relatedness density (how close to what the region already does)"
        }
    );
    let _ = writeln!(
        s,
        r##"<text transform="translate(22,{:.1}) rotate(-90)" text-anchor="middle" font-size="14" fill="#1b2631">{}</text>"##,
        (mt + h - mb) / 2.0,
        esc(y_label)
    );
    // points: the others first, then the labelled top candidates on top
    for c in o.candidates.iter().skip(top) {
        let _ = writeln!(
            s,
            r##"<circle class="candidate" cx="{:.2}" cy="{:.2}" r="3.5" fill="#aab7b8" fill-opacity="0.8"><title>{}</title></circle>"##,
            sx(fx(c)),
            sy(c.complexity),
            esc(&code_of(c.activity))
        );
    }
    // labels: right of the point, or left near the right edge; nudged down
    // when they would overlap a label already placed
    let mut placed: Vec<(f64, f64, f64)> = Vec::new(); // (x0, x1, baseline y)
    for (k, c) in o.candidates.iter().take(top).enumerate() {
        let code = esc(&code_of(c.activity));
        let (x, y) = (sx(fx(c)), sy(c.complexity));
        let _ = writeln!(
            s,
            r##"<circle class="top" data-rank="{}" data-activity="{code}" cx="{x:.2}" cy="{y:.2}" r="6" fill="#c0392b" stroke="#ffffff" stroke-width="1.5"><title>{code}: feasibility {:.3}, density {:.3}, complexity {:.3}</title></circle>"##,
            k + 1,
            c.feasibility,
            c.density,
            c.complexity
        );
        let text = format!("{}. {code}", k + 1);
        let width = 7.0 * text.chars().count() as f64;
        let left = x + 8.0 + width > w - mr;
        let (lx0, anchor) = if left {
            (x - 8.0 - width, "end")
        } else {
            (x + 8.0, "start")
        };
        let mut ly = y - 6.0;
        for _ in 0..12 {
            let clash = placed
                .iter()
                .any(|&(a, b, py)| (py - ly).abs() < 13.0 && lx0 < b && lx0 + width > a);
            if !clash {
                break;
            }
            ly += 13.0;
        }
        placed.push((lx0, lx0 + width, ly));
        let tx = if left { x - 8.0 } else { x + 8.0 };
        let _ = writeln!(
            s,
            r##"<text class="label" data-activity="{code}" x="{tx:.1}" y="{ly:.1}" text-anchor="{anchor}" font-size="12" font-weight="bold" fill="#922b21">{text}</text>"##
        );
    }
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="end" font-size="11" fill="#7b7d7d">{}</text>"##,
        w - mr,
        h - 14.0,
        esc(source)
    );
    s.push_str("</svg>\n");
    s
}

pub(crate) fn fmt_tick(t: f64) -> String {
    let r = (t * 1000.0).round() / 1000.0;
    if r == 0.0 {
        "0".into()
    } else {
        format!("{r}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ticks_cover_the_range_with_round_steps() {
        let t = super::ticks(0.03, 0.97, 5);
        assert_eq!(t.first().copied(), Some(0.2));
        assert!(t.windows(2).all(|w| ((w[1] - w[0]) - 0.2).abs() < 1e-12));
        assert!(*t.last().unwrap() <= 0.97);
    }
}
