//! # smartspec-report
//!
//! Drawing smartspec's results, with no analysis of its own: every number
//! it draws comes from `smartspec-analysis` (or `smartspec-core`), so a
//! figure on a chart is the figure the command line and the API print.
//!
//! * [`chart`] – the opportunity scatter (density × complexity) and the
//!   shared SVG helpers (ticks, escaping);
//! * [`figures`] – bar charts and strip plots of the one-page diagnostic;
//! * [`profile_chart`] – a region's innovation indicators against the EU
//!   and its country;
//! * [`map`] – NUTS-2 choropleths on the embedded GISCO geometry (LAEA);
//! * [`html`] – the one-page HTML report (`smartspec diagnose`).
#![deny(missing_docs)]

pub mod chart;
pub mod figures;
pub mod html;
pub mod map;
pub mod profile_chart;
