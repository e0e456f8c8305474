//! Cell flags: Eurostat's flag letters as a set, plus smartspec's own markers.

use std::fmt;

/// A set of flag letters attached to one cell.
///
/// Eurostat writes flags as letters after a value (`123 c`, `: cd`, `45 bp`);
/// a cell may carry several. They are kept as a *set*: order is not
/// significant and they are written back in a canonical order (Eurostat's
/// lower-case letters alphabetically, then smartspec's markers).
///
/// | letter | meaning (Eurostat) |
/// |---|---|
/// | `b` | break in time series |
/// | `c` | confidential |
/// | `d` | definition differs |
/// | `e` | estimated |
/// | `f` | forecast |
/// | `i` | see metadata |
/// | `n` | not significant |
/// | `p` | provisional |
/// | `r` | revised |
/// | `s` | Eurostat estimate |
/// | `u` | low reliability |
/// | `z` | not applicable |
///
/// Any other lower-case letter is kept and reported as unknown (a warning).
/// smartspec's own markers are upper case:
///
/// | marker | meaning (smartspec) |
/// |---|---|
/// | `R` | recoded to another NUTS version (renamed, or merged by summing) |
/// | `S` | apportioned from a split region by a crosswalk weight (an estimate) |
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(u32);

/// Eurostat's documented flag letters.
pub const KNOWN_EUROSTAT_FLAGS: &str = "bcdefinprsuz";

const RECODED_BIT: u32 = 1 << 26;
const SPLIT_BIT: u32 = 1 << 27;

/// Result of parsing a flag string: the set and any letters outside the
/// documented list (kept in the set; callers warn about them).
pub type FlagParse = (Flags, Vec<char>);

impl Flags {
    /// No flag.
    pub const EMPTY: Flags = Flags(0);
    /// smartspec marker `R`: recoded from another NUTS version.
    pub const RECODED: Flags = Flags(RECODED_BIT);
    /// smartspec marker `S`: apportioned from a split region.
    pub const SPLIT: Flags = Flags(SPLIT_BIT);
    /// Eurostat `c`: confidential.
    pub const CONFIDENTIAL: Flags = Flags(1 << (b'c' - b'a'));

    /// Parses flag letters (`"c"`, `"bp"`, `"cR"`); spaces are ignored.
    ///
    /// Returns an error message naming the first character that is not a
    /// letter or is an upper-case letter other than `R`/`S`.
    pub fn parse(text: &str) -> Result<FlagParse, String> {
        let mut bits = 0u32;
        let mut unknown = Vec::new();
        for ch in text.chars() {
            match ch {
                ' ' => {}
                'a'..='z' => {
                    if !KNOWN_EUROSTAT_FLAGS.contains(ch) && !unknown.contains(&ch) {
                        unknown.push(ch);
                    }
                    bits |= 1 << (ch as u32 - 'a' as u32);
                }
                'R' => bits |= RECODED_BIT,
                'S' => bits |= SPLIT_BIT,
                _ => {
                    return Err(format!(
                        "invalid flag character {ch:?} in {text:?}: flags are lower-case letters (Eurostat) or R/S (smartspec)"
                    ))
                }
            }
        }
        Ok((Flags(bits), unknown))
    }

    /// True when no flag is set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True when every flag of `other` is set here.
    pub fn contains(self, other: Flags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Union of two sets.
    pub fn union(self, other: Flags) -> Flags {
        Flags(self.0 | other.0)
    }

    /// True when the Eurostat letter `ch` is set.
    pub fn has_letter(self, ch: char) -> bool {
        ch.is_ascii_lowercase() && self.0 & (1 << (ch as u32 - 'a' as u32)) != 0
    }

    /// The letters, canonical order.
    pub fn letters(self) -> impl Iterator<Item = char> {
        let lower = (0..26u32)
            .filter(move |i| self.0 & (1 << i) != 0)
            .map(|i| (b'a' + i as u8) as char);
        let markers = [(RECODED_BIT, 'R'), (SPLIT_BIT, 'S')]
            .into_iter()
            .filter(move |(bit, _)| self.0 & bit != 0)
            .map(|(_, c)| c);
        lower.chain(markers)
    }
}

impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.letters() {
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Flags({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_sets_round_trip_in_canonical_order() {
        let (f, unknown) = Flags::parse("pc").unwrap();
        assert!(unknown.is_empty());
        assert_eq!(f.to_string(), "cp");
        assert!(f.has_letter('c') && f.has_letter('p') && !f.has_letter('e'));
        assert!(f.contains(Flags::CONFIDENTIAL));
        let (g, _) = Flags::parse(&f.to_string()).unwrap();
        assert_eq!(f, g);
    }

    #[test]
    fn unknown_letters_are_kept_and_reported() {
        let (f, unknown) = Flags::parse("cx").unwrap();
        assert_eq!(unknown, vec!['x']);
        assert_eq!(f.to_string(), "cx");
    }

    #[test]
    fn markers_and_invalid_characters() {
        let (f, _) = Flags::parse("eRS").unwrap();
        assert_eq!(f.to_string(), "eRS");
        assert!(f.contains(Flags::RECODED) && f.contains(Flags::SPLIT));
        assert!(Flags::parse("c1").is_err());
        assert!(Flags::parse("Q").is_err());
        assert!(Flags::parse("").unwrap().0.is_empty());
    }
}
