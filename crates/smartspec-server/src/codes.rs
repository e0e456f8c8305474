//! The classifications records are checked against: the embedded NUTS
//! registry (any version 2006–2024) and NACE Rev. 2.

use smartspec_io::nace::Nace;
use smartspec_io::nuts::NutsRegistry;
use smartspec_store::Codes;

/// NUTS and NACE from the embedded data.
pub struct EmbeddedCodes;

impl Codes for EmbeddedCodes {
    fn region(&self, code: &str) -> bool {
        !NutsRegistry::embedded().versions_of(code).is_empty()
    }
    fn nace(&self, code: &str) -> bool {
        Nace::embedded().get(code).is_some()
    }
}
