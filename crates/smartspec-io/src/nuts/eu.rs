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

/// When each Member State joined the EU (or its predecessors), and when the
/// one that left did: `(NUTS country code, joined, left)`, dates ISO 8601.
/// Sources: the accession treaties; the UK's withdrawal took effect on
/// 1 February 2020 (the Withdrawal Agreement, OJ L 29, 31.1.2020).
pub const MEMBERSHIP: [(&str, &str, Option<&str>); 28] = [
    ("BE", "1958-01-01", None),
    ("DE", "1958-01-01", None),
    ("FR", "1958-01-01", None),
    ("IT", "1958-01-01", None),
    ("LU", "1958-01-01", None),
    ("NL", "1958-01-01", None),
    ("DK", "1973-01-01", None),
    ("IE", "1973-01-01", None),
    ("UK", "1973-01-01", Some("2020-02-01")),
    ("EL", "1981-01-01", None),
    ("ES", "1986-01-01", None),
    ("PT", "1986-01-01", None),
    ("AT", "1995-01-01", None),
    ("FI", "1995-01-01", None),
    ("SE", "1995-01-01", None),
    ("CY", "2004-05-01", None),
    ("CZ", "2004-05-01", None),
    ("EE", "2004-05-01", None),
    ("HU", "2004-05-01", None),
    ("LT", "2004-05-01", None),
    ("LV", "2004-05-01", None),
    ("MT", "2004-05-01", None),
    ("PL", "2004-05-01", None),
    ("SI", "2004-05-01", None),
    ("SK", "2004-05-01", None),
    ("BG", "2007-01-01", None),
    ("RO", "2007-01-01", None),
    ("HR", "2013-07-01", None),
];

/// True when `country` (a NUTS country code) was an EU Member State on
/// `date` (`YYYY-MM-DD`): the EU28 until 31 January 2020, the EU27 since.
pub fn is_member_on(country: &str, date: &str) -> bool {
    MEMBERSHIP
        .iter()
        .any(|(c, joined, left)| *c == country && *joined <= date && left.is_none_or(|l| date < l))
}

#[cfg(test)]
mod tests {
    #[test]
    fn membership_follows_accessions_and_the_uk_withdrawal() {
        use super::is_member_on;
        assert!(is_member_on("UK", "2020-01-31") && !is_member_on("UK", "2020-02-01"));
        assert!(!is_member_on("HR", "2013-06-30") && is_member_on("HR", "2013-07-01"));
        assert!(is_member_on("EL", "2024-05-01") && !is_member_on("NO", "2024-05-01"));
        let eu27 = super::MEMBERSHIP
            .iter()
            .filter(|m| is_member_on(m.0, "2026-01-01"))
            .count();
        assert_eq!(eu27, 27);
        // the 28 of the membership table are the EU28 of the reference data
        assert!(super::MEMBERSHIP.iter().all(|m| super::is_eu28(m.0)));
    }

    #[test]
    fn eu28_uses_nuts_country_codes() {
        assert_eq!(super::EU28.len(), 28);
        assert!(super::is_eu28("EL") && super::is_eu28("UK") && super::is_eu28("HR"));
        assert!(!super::is_eu28("GR") && !super::is_eu28("NO") && !super::is_eu28("CH"));
    }
}
