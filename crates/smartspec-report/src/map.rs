//! Choropleth maps of NUTS-2 values as self-contained SVG, on the embedded
//! GISCO geometry.
//!
//! **Projection**: Lambert azimuthal equal-area centred at 52° N, 10° E with
//! false easting 4,321,000 m and northing 3,210,000 m — ETRS89-LAEA
//! (EPSG:3035) on the sphere of radius 6,371,007 m (the authalic radius; the
//! ellipsoid changes positions by under 0.5 % of the frame, well below a
//! pixel at this scale's needs).
//!
//! **Frame**: mainland Europe, x 2,550–6,600 km, y 1,400–5,420 km of the
//! projection. Polygons wholly outside (the Canaries, the Azores, Madeira,
//! the French overseas regions) are left out and listed; polygons crossing
//! the edge are clipped.
//!
//! **Regions**: each NUTS 2021 polygon shows the value of the dataset region
//! `region_of` maps it to (for NUTS 2013 data, the region holding the largest
//! share of its 2011 population,
//! [`smartspec_io::embedded::map_code_2021_to_2013`]); all polygons of one
//! region form one `<path class="region">` with `data-region` and
//! `data-value`. Regions with no value are drawn grey (`class="nodata"`);
//! polygons with no NUTS 2013 counterpart (candidate countries) are drawn as
//! plain land (`class="background"`).
//!
//! **Classes**: five quantile classes of the values drawn (each holding about
//! a fifth of the regions), a sequential palette light to dark.

use smartspec_io::embedded::nuts2_geometry_geojson;
use smartspec_io::nuts::NutsRegistry;
use smartspec_io::IoError;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// Five sequential colours, low to high (ColorBrewer YlGnBu).
pub const PALETTE: [&str; 5] = ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"];
const NO_DATA: &str = "#d5d8dc";
const BACKGROUND: &str = "#eaeded";

/// Texts of a map.
#[derive(Debug, Clone)]
pub struct MapText<'a> {
    /// Title.
    pub title: &'a str,
    /// A line under the title.
    pub subtitle: &'a str,
    /// Heading of the legend.
    pub legend: &'a str,
    /// Data source line (the boundaries' attribution is always added).
    pub source: &'a str,
}

/// A drawn map.
#[derive(Debug, Clone)]
pub struct Map {
    /// The SVG document.
    pub svg: String,
    /// Regions drawn with a value.
    pub drawn: usize,
    /// NUTS 2013 regions with a value left out of the frame.
    pub outside: Vec<String>,
    /// Regions with a value that no polygon shows.
    pub unmapped: Vec<String>,
}

const FRAME: (f64, f64, f64, f64) = (2_550_000.0, 6_600_000.0, 1_400_000.0, 5_420_000.0);

/// ETRS89-LAEA on the sphere: (lon, lat) in degrees → (x, y) in metres.
pub fn laea(lon: f64, lat: f64) -> (f64, f64) {
    const R: f64 = 6_371_007.0;
    let (l0, p0) = (10f64.to_radians(), 52f64.to_radians());
    let (l, p) = (lon.to_radians(), lat.to_radians());
    let k = (2.0 / (1.0 + p0.sin() * p.sin() + p0.cos() * p.cos() * (l - l0).cos())).sqrt();
    (
        4_321_000.0 + R * k * p.cos() * (l - l0).sin(),
        3_210_000.0 + R * k * (p0.cos() * p.sin() - p0.sin() * p.cos() * (l - l0).cos()),
    )
}

type Ring = Vec<(f64, f64)>;

/// The geometry's polygons by NUTS 2021 code, as projected rings.
fn projected_rings() -> Result<Vec<(String, Vec<Ring>)>, IoError> {
    let raw = nuts2_geometry_geojson()?;
    let bad = |m: &str| IoError::Embedded {
        what: "NUTS-2 geometry".into(),
        message: m.into(),
    };
    let doc: serde_json::Value = serde_json::from_slice(&raw).map_err(|e| bad(&e.to_string()))?;
    let features = doc["features"]
        .as_array()
        .ok_or_else(|| bad("no features"))?;
    let ring = |v: &serde_json::Value| -> Ring {
        v.as_array()
            .map(|pts| {
                pts.iter()
                    .filter_map(|p| Some(laea(p[0].as_f64()?, p[1].as_f64()?)))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for f in features {
        let Some(code) = f["properties"]["NUTS_ID"].as_str() else {
            continue;
        };
        let g = &f["geometry"];
        let polys: Vec<&serde_json::Value> = match g["type"].as_str() {
            Some("Polygon") => vec![&g["coordinates"]],
            Some("MultiPolygon") => g["coordinates"]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let rings: Vec<Ring> = polys
            .iter()
            .filter_map(|p| p.as_array())
            .flat_map(|rs| rs.iter().map(ring))
            .filter(|r| r.len() >= 3)
            .collect();
        out.push((code.to_string(), rings));
    }
    Ok(out)
}

fn in_frame(r: &Ring) -> bool {
    let (x0, x1, y0, y1) = FRAME;
    r.iter()
        .any(|&(x, y)| x >= x0 && x <= x1 && y >= y0 && y <= y1)
}

/// Quantile class breaks (4 inner breaks) of the finite values.
fn breaks(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return vec![0.0; 4];
    }
    (1..5)
        .map(|k| v[((k * v.len()) / 5).min(v.len() - 1)])
        .collect()
}

/// The class (0–4) of `x` given the inner breaks.
pub fn class_of(x: f64, breaks: &[f64]) -> usize {
    breaks.iter().filter(|&&b| x >= b).count()
}

/// Draws `values` (NUTS 2013 code → value) as a choropleth.
///
/// # Errors
/// When the embedded geometry cannot be read (a build bug).
pub fn choropleth(
    values: &HashMap<String, f64>,
    text: &MapText<'_>,
    region_of: &dyn Fn(&str) -> Option<String>,
) -> Result<Map, IoError> {
    let (x0, x1, y0, y1) = FRAME;
    let (w, ml, mt) = (940.0, 16.0, 74.0);
    let map_w = 700.0;
    let scale = map_w / (x1 - x0);
    let map_h = (y1 - y0) * scale;
    let h = mt + map_h + 56.0;
    let px = |(x, y): (f64, f64)| (ml + (x - x0) * scale, mt + (y1 - y) * scale);

    // group rings by the NUTS 2013 region they show
    let mut groups: BTreeMap<String, Vec<Ring>> = BTreeMap::new();
    let mut background: Vec<(String, Vec<Ring>)> = Vec::new();
    let mut outside: BTreeMap<String, ()> = BTreeMap::new();
    for (code21, rings) in projected_rings()? {
        let Some(code) = region_of(&code21) else {
            let inside: Vec<Ring> = rings.into_iter().filter(in_frame).collect();
            if !inside.is_empty() {
                background.push((code21, inside));
            }
            continue;
        };
        let (inside, out): (Vec<Ring>, Vec<Ring>) = rings.into_iter().partition(in_frame);
        if inside.is_empty() && !out.is_empty() {
            outside.insert(code.clone(), ());
        }
        if !inside.is_empty() {
            groups.entry(code).or_default().extend(inside);
        }
    }
    let finite: HashMap<&str, f64> = values
        .iter()
        .filter(|(_, v)| v.is_finite())
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    let drawn_values: Vec<f64> = groups
        .keys()
        .filter_map(|c| finite.get(c.as_str()).copied())
        .collect();
    let br = breaks(&drawn_values);
    let registry = NutsRegistry::embedded();

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h:.0}" viewBox="0 0 {w} {h:.0}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="{}">"#,
        esc(text.title)
    );
    let _ = writeln!(s, r##"<rect width="{w}" height="{h:.0}" fill="#ffffff"/>"##);
    let _ = writeln!(
        s,
        r##"<defs><clipPath id="frame"><rect x="{ml}" y="{mt}" width="{map_w}" height="{map_h:.1}"/></clipPath></defs>"##
    );
    let _ = writeln!(
        s,
        r##"<rect x="{ml}" y="{mt}" width="{map_w}" height="{map_h:.1}" fill="#eef5fb" stroke="#aab7b8" stroke-width="0.8"/>"##
    );
    let _ = writeln!(
        s,
        r##"<text x="{ml}" y="28" font-size="20" font-weight="bold" fill="#1b2631">{}</text>"##,
        esc(text.title)
    );
    let _ = writeln!(
        s,
        r##"<text x="{ml}" y="52" font-size="13" fill="#4d5656">{}</text>"##,
        esc(text.subtitle)
    );
    let _ = writeln!(
        s,
        r##"<g clip-path="url(#frame)" stroke="#ffffff" stroke-width="0.4" stroke-linejoin="round">"##
    );
    let path = |rings: &[Ring]| {
        let mut d = String::new();
        for r in rings {
            let mut last = (f64::NAN, f64::NAN);
            for (i, p) in r.iter().enumerate() {
                let (x, y) = px(*p);
                let q = ((x * 10.0).round() / 10.0, (y * 10.0).round() / 10.0);
                if q == last {
                    continue;
                }
                let _ = write!(d, "{}{:.1},{:.1}", if i == 0 { "M" } else { "L" }, q.0, q.1);
                last = q;
            }
            d.push('Z');
        }
        d
    };
    for (code21, rings) in &background {
        let _ = writeln!(
            s,
            r##"<path class="background" data-nuts2021="{code21}" fill="{BACKGROUND}" d="{}"/>"##,
            path(rings)
        );
    }
    let mut drawn = 0;
    for (code, rings) in &groups {
        let d = path(rings);
        let name = esc(registry.label(code).unwrap_or(""));
        match finite.get(code.as_str()) {
            Some(v) => {
                drawn += 1;
                let _ = writeln!(
                    s,
                    r##"<path class="region" data-region="{code}" data-value="{v:.6}" fill="{}" d="{d}"><title>{code} {name}: {v:.3}</title></path>"##,
                    PALETTE[class_of(*v, &br)]
                );
            }
            None => {
                let _ = writeln!(
                    s,
                    r##"<path class="nodata" data-region="{code}" fill="{NO_DATA}" d="{d}"><title>{code} {name}: no data</title></path>"##
                );
            }
        }
    }
    s.push_str("</g>\n");

    // legend
    let lx = ml + map_w + 24.0;
    let mut ly = mt + 10.0;
    let _ = writeln!(
        s,
        r##"<text x="{lx}" y="{ly}" font-size="13" font-weight="bold" fill="#1b2631">{}</text>"##,
        esc(text.legend)
    );
    ly += 10.0;
    let lo = drawn_values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = drawn_values
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    for k in (0..5).rev() {
        let a = if k == 0 { lo } else { br[k - 1] };
        let b = if k == 4 { hi } else { br[k] };
        if !(a.is_finite() && b.is_finite()) {
            continue;
        }
        let _ = writeln!(
            s,
            r##"<rect class="legend" x="{lx}" y="{ly}" width="22" height="16" fill="{}" stroke="#7f8c8d" stroke-width="0.5"/><text x="{:.0}" y="{:.0}" font-size="12" fill="#2c3e50">{a:.2} – {b:.2}</text>"##,
            PALETTE[k],
            lx + 30.0,
            ly + 12.5
        );
        ly += 22.0;
    }
    let _ = writeln!(
        s,
        r##"<rect x="{lx}" y="{ly}" width="22" height="16" fill="{NO_DATA}" stroke="#7f8c8d" stroke-width="0.5"/><text x="{:.0}" y="{:.0}" font-size="12" fill="#2c3e50">no data</text>"##,
        lx + 30.0,
        ly + 12.5
    );
    ly += 34.0;
    let _ = writeln!(
        s,
        r##"<text x="{lx}" y="{ly}" font-size="11" fill="#4d5656">Classes: quintiles of the</text><text x="{lx}" y="{:.0}" font-size="11" fill="#4d5656">{drawn} regions drawn.</text>"##,
        ly + 14.0
    );
    let outside: Vec<String> = outside
        .into_keys()
        .filter(|c| !groups.contains_key(c) && finite.contains_key(c.as_str()))
        .collect();
    if !outside.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="{lx}" y="{:.0}" font-size="11" fill="#4d5656">Not shown (outermost):</text>"##,
            ly + 34.0
        );
        for (i, line) in outside.chunks(4).enumerate() {
            let _ = writeln!(
                s,
                r##"<text x="{lx}" y="{:.0}" font-size="11" fill="#4d5656">{}</text>"##,
                ly + 48.0 + 14.0 * i as f64,
                line.join(" ")
            );
        }
    }
    let _ = writeln!(
        s,
        r##"<text x="{ml}" y="{:.0}" font-size="11" fill="#7b7d7d">{}</text>"##,
        h - 30.0,
        esc(text.source)
    );
    let _ = writeln!(
        s,
        r##"<text x="{ml}" y="{:.0}" font-size="11" fill="#7b7d7d">© EuroGeographics for the administrative boundaries. Projection ETRS89-LAEA; NUTS 2013 values on NUTS 2021 polygons (GISCO 1:20M).</text>"##,
        h - 14.0
    );
    s.push_str("</svg>\n");
    let unmapped: Vec<String> = finite
        .keys()
        .filter(|c| !groups.contains_key(**c) && !outside.iter().any(|o| o == *c))
        .map(|c| c.to_string())
        .collect();
    Ok(Map {
        svg: s,
        drawn,
        outside,
        unmapped,
    })
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laea_matches_epsg_3035_at_known_points() {
        // the projection centre maps to the false origin
        let (x, y) = laea(10.0, 52.0);
        assert!((x - 4_321_000.0).abs() < 1e-6 && (y - 3_210_000.0).abs() < 1e-6);
        // Paris (2.3522 E, 48.8566 N): EPSG:3035 gives about (3,760,900, 2,889,400)
        let (x, y) = laea(2.3522, 48.8566);
        assert!(
            (x - 3_760_900.0).abs() < 15_000.0 && (y - 2_889_400.0).abs() < 15_000.0,
            "{x} {y}"
        );
    }

    #[test]
    fn quantile_classes_are_monotone() {
        let v: Vec<f64> = (0..10).map(|i| i as f64).collect();
        let b = breaks(&v);
        assert_eq!(b, vec![2.0, 4.0, 6.0, 8.0]);
        assert_eq!(class_of(0.0, &b), 0);
        assert_eq!(class_of(3.0, &b), 1);
        assert_eq!(class_of(9.0, &b), 4);
    }
}
