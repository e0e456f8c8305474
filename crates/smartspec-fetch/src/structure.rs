//! A dataflow's structure: its dimensions in key order, their code lists, and
//! the catalogue's last-update date.
//!
//! Read from Eurostat's SDMX 2.1 structure message
//! (`dataflow/ESTAT/{code}/latest?references=descendants&detail=referencepartial`):
//! `Dimension` elements (attribute `position`, a `LocalRepresentation/Enumeration/Ref`
//! naming a `Codelist`), the `Codelist`s with their `Code id`s (partial: only the codes
//! the dataflow uses), and the dataflow's `UPDATE_DATA` annotation.

use crate::FetchError;

/// One dimension of a dataflow's series key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dimension {
    pub id: String,
    pub position: usize,
    pub codes: Vec<String>,
}

/// The structure of one dataflow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    pub code: String,
    /// In key order (by `position`).
    pub dimensions: Vec<Dimension>,
    /// The `UPDATE_DATA` annotation (the catalogue's last update), as sent.
    pub updated: Option<String>,
}

/// A selection: per dimension, the codes kept (`--select DIM=CODE,CODE`).
pub type Selection = Vec<(String, Vec<String>)>;

/// Parses `DIM=CODE[,CODE...]` (also `+` between codes, as in an SDMX key).
pub fn parse_select(text: &str) -> Result<(String, Vec<String>), FetchError> {
    let (dim, codes) = text.split_once('=').ok_or_else(|| FetchError::BadSelect(text.to_string()))?;
    let codes: Vec<String> =
        codes.split([',', '+']).map(str::trim).filter(|c| !c.is_empty()).map(String::from).collect();
    if dim.trim().is_empty() || codes.is_empty() {
        return Err(FetchError::BadSelect(text.to_string()));
    }
    Ok((dim.trim().to_string(), codes))
}

fn local(node: &roxmltree::Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

impl Structure {
    /// Parses a structure message; `url` names it in errors.
    pub fn parse(code: &str, xml: &str, url: &str) -> Result<Structure, FetchError> {
        let bad = |reason: String| FetchError::Structure { url: url.to_string(), reason };
        let doc = roxmltree::Document::parse(xml).map_err(|e| bad(e.to_string()))?;
        let mut lists = std::collections::HashMap::new();
        for list in doc.descendants().filter(|n| local(n, "Codelist")) {
            let id = list.attribute("id").unwrap_or_default().to_string();
            let codes: Vec<String> = list
                .children()
                .filter(|n| local(n, "Code"))
                .filter_map(|n| n.attribute("id").map(String::from))
                .collect();
            lists.insert(id, codes);
        }
        let mut dimensions = Vec::new();
        for dim in doc.descendants().filter(|n| local(n, "Dimension")) {
            let id = dim.attribute("id").ok_or_else(|| bad("a Dimension without id".into()))?;
            let position = dim
                .attribute("position")
                .and_then(|p| p.parse().ok())
                .ok_or_else(|| bad(format!("dimension {id} without a numeric position")))?;
            let list = dim
                .descendants()
                .find(|n| local(n, "Ref") && n.parent().is_some_and(|p| local(&p, "Enumeration")))
                .and_then(|r| r.attribute("id"))
                .ok_or_else(|| bad(format!("dimension {id} names no code list")))?;
            let codes = lists
                .get(list)
                .cloned()
                .ok_or_else(|| bad(format!("dimension {id}: code list {list} is not in the message")))?;
            dimensions.push(Dimension { id: id.to_string(), position, codes });
        }
        if dimensions.is_empty() {
            return Err(bad("no dimensions".into()));
        }
        dimensions.sort_by_key(|d| d.position);
        let updated = doc
            .descendants()
            .filter(|n| local(n, "Annotation"))
            .find(|a| a.children().any(|c| local(&c, "AnnotationType") && c.text() == Some("UPDATE_DATA")))
            .and_then(|a| a.children().find(|c| local(c, "AnnotationTitle")).and_then(|t| t.text()))
            .map(|t| t.trim().to_string());
        Ok(Structure { code: code.to_string(), dimensions, updated })
    }

    /// The SDMX series key of a selection (`A.EUR_HAB+PPS_HAB.`: codes joined by
    /// `+`, dimensions by `.`, empty = all), after checking every dimension and
    /// code against the code lists. All unknown codes are reported, the first
    /// as the error and the others in its sample.
    pub fn key(&self, selection: &Selection) -> Result<String, FetchError> {
        for (dim, codes) in selection {
            let Some(d) = self.dimensions.iter().find(|d| d.id.eq_ignore_ascii_case(dim)) else {
                let dims = self.dimensions.iter().map(|d| d.id.as_str()).collect::<Vec<_>>().join(", ");
                return Err(FetchError::UnknownDimension { dataset: self.code.clone(), dim: dim.clone(), dims });
            };
            if let Some(code) = codes.iter().find(|c| !d.codes.contains(c)) {
                let sample = d.codes.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
                return Err(FetchError::UnknownCode {
                    dataset: self.code.clone(),
                    dim: d.id.clone(),
                    code: code.clone(),
                    count: d.codes.len(),
                    sample,
                });
            }
        }
        let parts: Vec<String> = self
            .dimensions
            .iter()
            .map(|d| {
                selection
                    .iter()
                    .filter(|(dim, _)| d.id.eq_ignore_ascii_case(dim))
                    .flat_map(|(_, codes)| codes.iter().cloned())
                    .collect::<Vec<_>>()
                    .join("+")
            })
            .collect();
        Ok(if parts.iter().all(String::is_empty) { String::new() } else { parts.join(".") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<m:Structure xmlns:m="m" xmlns:s="s" xmlns:c="c"><m:Structures>
      <s:Dataflows><s:Dataflow id="nama_10r_3gdp"><c:Annotations><c:Annotation>
        <c:AnnotationTitle>2024-04-18T23:00:00+0200</c:AnnotationTitle><c:AnnotationType>UPDATE_DATA</c:AnnotationType>
      </c:Annotation></c:Annotations></s:Dataflow></s:Dataflows>
      <s:Codelists><s:Codelist id="FREQ"><s:Code id="A"/></s:Codelist>
        <s:Codelist id="UNIT"><s:Code id="EUR_HAB"/><s:Code id="MIO_EUR"/></s:Codelist>
        <s:Codelist id="GEO"><s:Code id="DE300"/><s:Code id="AT130"/></s:Codelist></s:Codelists>
      <s:DataStructures><s:DataStructure id="X"><s:DataStructureComponents><s:DimensionList>
        <s:Dimension id="geo" position="3"><s:LocalRepresentation><s:Enumeration><Ref id="GEO"/></s:Enumeration></s:LocalRepresentation></s:Dimension>
        <s:Dimension id="freq" position="1"><s:LocalRepresentation><s:Enumeration><Ref id="FREQ"/></s:Enumeration></s:LocalRepresentation></s:Dimension>
        <s:Dimension id="unit" position="2"><s:LocalRepresentation><s:Enumeration><Ref id="UNIT"/></s:Enumeration></s:LocalRepresentation></s:Dimension>
        <s:TimeDimension id="TIME_PERIOD" position="4"/>
      </s:DimensionList></s:DataStructureComponents></s:DataStructure></s:DataStructures></m:Structures></m:Structure>"#;

    #[test]
    fn dimensions_come_in_key_order_with_their_codes_and_the_update_date() {
        let s = Structure::parse("nama_10r_3gdp", XML, "u").unwrap();
        let ids: Vec<&str> = s.dimensions.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["freq", "unit", "geo"]);
        assert_eq!(s.dimensions[1].codes, ["EUR_HAB", "MIO_EUR"]);
        assert_eq!(s.updated.as_deref(), Some("2024-04-18T23:00:00+0200"));
    }

    #[test]
    fn a_selection_becomes_an_sdmx_key_and_unknown_codes_are_refused() {
        let s = Structure::parse("nama_10r_3gdp", XML, "u").unwrap();
        let sel = vec![parse_select("unit=EUR_HAB,MIO_EUR").unwrap(), parse_select("geo=AT130").unwrap()];
        assert_eq!(s.key(&sel).unwrap(), ".EUR_HAB+MIO_EUR.AT130");
        assert_eq!(s.key(&vec![]).unwrap(), "");
        let err = s.key(&vec![parse_select("unit=PPS_HAB").unwrap()]).unwrap_err().to_string();
        assert_eq!(
            err,
            "--select unit=PPS_HAB: \"PPS_HAB\" is not a code of unit in nama_10r_3gdp (2 codes, e.g. EUR_HAB, MIO_EUR)"
        );
        let err = s.key(&vec![parse_select("nace_r2=C").unwrap()]).unwrap_err().to_string();
        assert_eq!(err, "--select nace_r2: nama_10r_3gdp has no dimension \"nace_r2\" (its dimensions: freq, unit, geo)");
        assert!(matches!(parse_select("unit"), Err(FetchError::BadSelect(_))));
    }
}
