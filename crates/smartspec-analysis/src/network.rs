//! The product space of a dataset (`GET /v1/product-space`, the dashboard's
//! network view): the activities as nodes sized by employment, linked by the
//! backbone of their proximity (the maximum spanning tree plus the strongest
//! other links, about two per node; `smartspec_core::indicators::network`).

use crate::{Analysis, AnalysisError};
use smartspec_core::indicators::network::{backbone, Link};
use smartspec_core::Cell;

/// The product space of one year.
pub struct ProductSpace {
    /// The year.
    pub year: i32,
    /// The activities drawn (an activity no region specialises in has no
    /// proximity and is left out) with their employment over all regions.
    pub nodes: Vec<(usize, f64)>,
    /// The backbone's links.
    pub links: Vec<Link>,
}

impl Analysis {
    /// The product space of `year` (default: the dataset's default year).
    pub fn product_space(&self, year: Option<i32>) -> Result<ProductSpace, AnalysisError> {
        let ds = self.dataset();
        let (year, y) = crate::region::year(ds, year)?;
        let yi = self.year(y);
        let panel = ds.panel();
        let (na, nr) = (panel.activities().len(), panel.regions().len());
        let phi = |p: usize, q: usize| yi.proximity.get(p, q);
        let drawn: Vec<usize> = (0..na)
            .filter(|&p| (0..na).any(|q| q != p && phi(p, q).is_finite()))
            .collect();
        let links = backbone(&drawn, phi, 2 * drawn.len());
        let nodes = drawn
            .into_iter()
            .map(|p| {
                let emp: f64 = (0..nr)
                    .filter_map(|r| match panel.cell(y, r, p) {
                        Cell::Value(v) => Some(v),
                        _ => None,
                    })
                    .sum();
                (p, emp)
            })
            .collect();
        Ok(ProductSpace { year, nodes, links })
    }
}
