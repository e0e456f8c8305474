//! The Eurostat tables smartspec uses, with what each is for.
//!
//! `smartspec data fetch` accepts any dataflow code; these are the ones the
//! current-data build (`dataset build --from-cache`) knows how to use.

/// One table of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    /// Eurostat's dataflow code.
    pub code: &'static str,
    /// What the table holds.
    pub title: &'static str,
    /// What smartspec takes from it.
    pub used_for: &'static str,
}

/// The tables of the current-data build.
pub const TABLES: &[Table] = &[
    Table { code: "sbs_r_nuts2021", title: "SBS by NUTS 2 region and NACE Rev. 2, 2021 onwards", used_for: "the panel after 2020 (EMP_LOC_NR persons employed in local units)" },
    Table { code: "sbs_r_nuts06_r2", title: "SBS by NUTS 2 region and NACE Rev. 2, 2008-2020", used_for: "the panel to 2020 (V16110 persons employed)" },
    Table { code: "nama_10r_3gdp", title: "GDP at current market prices by NUTS 3 region", used_for: "GDP, GDP per head (PPS): income anchors and criteria" },
    Table { code: "nama_10r_2gdp", title: "GDP at current market prices by NUTS 2 region", used_for: "GDP of NUTS 2 regions" },
    Table { code: "nama_10r_3empers", title: "Employment by NUTS 3 region (regional accounts)", used_for: "employment totals" },
    Table { code: "lfst_r_lfe2en2", title: "Employment by NACE A*10 and NUTS 2 region (LFS)", used_for: "sector employment of the transition screen" },
    Table { code: "lfst_r_lfu3rt", title: "Unemployment rates by NUTS 2 region", used_for: "unemployment criterion" },
    Table { code: "rd_e_gerdreg", title: "R&D expenditure by sector of performance and NUTS 2 region", used_for: "innovation index (GERD)" },
    Table { code: "htec_emp_reg2", title: "Employment in technology and knowledge-intensive sectors by NUTS 2 region", used_for: "knowledge-intensive share (validity anchor)" },
    Table { code: "hrst_st_rcat", title: "Human resources in science and technology by NUTS 2 region", used_for: "innovation index (HRST)" },
    Table { code: "pat_ep_rtot", title: "EPO patent applications by NUTS 3 region", used_for: "innovation index (patents)" },
    Table { code: "bd_size_r3", title: "Business demography by size class and NUTS 3 region", used_for: "business dynamism" },
];

/// The catalogue entry of `code`, if smartspec knows it.
pub fn table(code: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.code == code)
}
