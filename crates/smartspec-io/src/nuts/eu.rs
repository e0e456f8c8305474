//! Which countries count as "EU".
//!
//! smartspec's reference data cover 2008–2015, when the EU had 28 Member
//! States (Croatia joined on 1 July 2013; the UK left on 31 January 2020).
//! "EU" therefore means the EU28; other countries (Norway, Switzerland, ...)
//! are shown but not counted in EU figures or Member-State rules.

/// The EU28 Member States as NUTS country codes (Greece is `EL`, the United
/// Kingdom `UK`, as in NUTS and Eurostat).
pub const EU28: [&str; 28] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "UK",
];

/// True when `country` (a NUTS country code) is an EU28 Member State.
pub fn is_eu28(country: &str) -> bool {
    EU28.contains(&country)
}

/// The position (0–27) of a NUTS code's country in [`EU28`]; `None` outside
/// the EU28 (the Member-State rule of partnerships counts these).
pub fn eu28_index(code: &str) -> Option<u8> {
    let country = super::country_of(code);
    EU28.iter().position(|m| *m == country).map(|i| i as u8)
}

/// For each NUTS code, whether its country is an EU28 Member State.
pub fn eu28_mask<'a>(codes: impl IntoIterator<Item = &'a str>) -> Vec<bool> {
    codes
        .into_iter()
        .map(|c| is_eu28(super::country_of(c)))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn eu28_uses_nuts_country_codes() {
        assert_eq!(super::EU28.len(), 28);
        assert!(super::is_eu28("EL") && super::is_eu28("UK") && super::is_eu28("HR"));
        assert!(!super::is_eu28("GR") && !super::is_eu28("NO") && !super::is_eu28("CH"));
    }
}
