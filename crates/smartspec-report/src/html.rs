//! A one-file HTML report: headings, paragraphs, tables and inline SVG, with
//! its style inlined, so it reads offline and prints cleanly.

use crate::chart::esc;
use smartspec_io::write::Table;

/// Page style: readable on screen and paper, no web fonts.
const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:2px solid #3b6fb6;padding-bottom:.2em;margin-top:2em}\
h3{font-size:1.05em;margin-bottom:.3em}.sub{color:#555;margin-top:0}table{border-collapse:collapse;margin:.6em 0;font-size:.9em}\
th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f3f5f8}\
td.num{text-align:right;font-variant-numeric:tabular-nums}.yes{color:#b03a2e;font-weight:bold}.no{color:#1e7b45}\
.note{color:#555;font-size:.9em}.cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}\
.card{border:1px solid #ddd;border-radius:6px;padding:.5em .9em;min-width:9em}.card b{display:block;font-size:1.3em}\
svg{max-width:100%;height:auto;display:block;margin:.4em 0}footer{margin-top:3em;color:#666;font-size:.85em}";

/// An HTML page being written.
pub struct Page {
    body: String,
    title: String,
}

impl Page {
    /// A page with a title (also the first heading) and a subtitle.
    pub fn new(title: &str, subtitle: &str) -> Page {
        Page {
            body: format!(
                "<h1>{}</h1><p class=\"sub\">{}</p>",
                esc(title),
                esc(subtitle)
            ),
            title: title.to_string(),
        }
    }

    /// A section heading.
    pub fn h2(&mut self, text: &str, id: &str) {
        self.body
            .push_str(&format!("<h2 id=\"{}\">{}</h2>", esc(id), esc(text)));
    }

    /// A sub-heading.
    pub fn h3(&mut self, text: &str) {
        self.body.push_str(&format!("<h3>{}</h3>", esc(text)));
    }

    /// A paragraph of plain text.
    pub fn p(&mut self, text: &str) {
        self.body.push_str(&format!("<p>{}</p>", esc(text)));
    }

    /// A note in smaller print.
    pub fn note(&mut self, text: &str) {
        self.body
            .push_str(&format!("<p class=\"note\">{}</p>", esc(text)));
    }

    /// Key figures as cards: (label, value).
    pub fn cards(&mut self, items: &[(String, String)]) {
        self.body.push_str("<div class=\"cards\">");
        for (label, value) in items {
            self.body.push_str(&format!(
                "<div class=\"card\"><b>{}</b>{}</div>",
                esc(value),
                esc(label)
            ));
        }
        self.body.push_str("</div>");
    }

    /// A table; numbers are right-aligned and shown with `decimals`; in a
    /// column named `meets`, `yes` / `no` are coloured.
    pub fn table(&mut self, t: &Table, decimals: usize) {
        let meets = t.columns.iter().position(|c| c == "meets");
        self.body.push_str("<table><thead><tr>");
        for c in &t.columns {
            self.body.push_str(&format!("<th>{}</th>", esc(c)));
        }
        self.body.push_str("</tr></thead><tbody>");
        for row in &t.rows {
            self.body.push_str("<tr>");
            for (i, v) in row.iter().enumerate() {
                let (class, text) = v.display(decimals);
                let coloured = meets == Some(i);
                let class = match (class, text.as_str()) {
                    (_, "yes") if coloured => " class=\"yes\"",
                    (_, "no") if coloured => " class=\"no\"",
                    (true, _) => " class=\"num\"",
                    _ => "",
                };
                self.body
                    .push_str(&format!("<td{class}>{}</td>", esc(&text)));
            }
            self.body.push_str("</tr>");
        }
        self.body.push_str("</tbody></table>");
    }

    /// An SVG figure made by [`crate::figures`] or [`crate::chart`] (trusted markup).
    pub fn svg(&mut self, svg: &str) {
        self.body.push_str(svg);
    }

    /// The finished document, with a footer.
    pub fn finish(self, footer: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body>{}<footer>{}</footer></body></html>\n",
            esc(&self.title),
            self.body,
            esc(footer)
        )
    }
}
