//! The classifications records are checked against: the embedded NUTS
//! registry (any version 2006–2024), NACE Rev. 2, the seed themes (the ones
//! the server loads) and the EU's membership by date.

use smartspec_io::nace::Nace;
use smartspec_io::nuts::{country_of, is_member_on, NutsRegistry};
use smartspec_io::themes::SEED_IDS;
use smartspec_store::Codes;

/// NUTS, NACE, themes and EU membership from the embedded data.
pub struct EmbeddedCodes;

impl Codes for EmbeddedCodes {
    fn region(&self, code: &str) -> bool {
        !NutsRegistry::embedded().versions_of(code).is_empty()
    }
    fn nace(&self, code: &str) -> bool {
        Nace::embedded().get(code).is_some()
    }
    fn theme(&self, id: &str) -> bool {
        SEED_IDS.contains(&id)
    }
    fn theme_ids(&self) -> String {
        SEED_IDS.join(", ")
    }
    fn eu_member_on(&self, region: &str, date: &str) -> bool {
        is_member_on(country_of(region), date)
    }
}
