//! The A*10 sector aggregation of NACE Rev. 2 (as in the LFS table
//! `lfst_r_lfe2en2`), and the map from NACE divisions to it, so that an
//! activity (a division of the structural analysis) can be judged against
//! the tertiary intensity of its sector.

/// The ten A*10 sectors, in Eurostat's order.
pub const A10: [&str; 10] = ["A", "B-E", "F", "G-I", "J", "K", "L", "M_N", "O-Q", "R-U"];

/// Plain names of the [`A10`] sectors, in the same order.
pub const A10_NAMES: [&str; 10] = [
    "agriculture, forestry and fishing",
    "industry (mining, manufacturing, energy, water)",
    "construction",
    "trade, transport, hotels and restaurants",
    "information and communication",
    "finance and insurance",
    "real estate",
    "professional, scientific, technical and support services",
    "public administration, education and health",
    "arts, recreation and other services",
];

/// The plain name of an A*10 code.
pub fn a10_name(code: &str) -> Option<&'static str> {
    A10.iter().position(|c| *c == code).map(|i| A10_NAMES[i])
}

/// The A*10 sector of a NACE Rev. 2 section letter.
pub fn a10_of_section(section: char) -> Option<&'static str> {
    Some(match section {
        'A' => "A",
        'B'..='E' => "B-E",
        'F' => "F",
        'G'..='I' => "G-I",
        'J' => "J",
        'K' => "K",
        'L' => "L",
        'M' | 'N' => "M_N",
        'O'..='Q' => "O-Q",
        'R'..='U' => "R-U",
        _ => return None,
    })
}

/// The NACE Rev. 2 section of a division number (01–99).
pub fn section_of_division(division: u32) -> Option<char> {
    Some(match division {
        1..=3 => 'A',
        5..=9 => 'B',
        10..=33 => 'C',
        35 => 'D',
        36..=39 => 'E',
        41..=43 => 'F',
        45..=47 => 'G',
        49..=53 => 'H',
        55 | 56 => 'I',
        58..=63 => 'J',
        64..=66 => 'K',
        68 => 'L',
        69..=75 => 'M',
        77..=82 => 'N',
        84 => 'O',
        85 => 'P',
        86..=88 => 'Q',
        90..=93 => 'R',
        94..=96 => 'S',
        97 | 98 => 'T',
        99 => 'U',
        _ => return None,
    })
}

/// The A*10 sector of a NACE code: a division (`C29`, `29`), a group or
/// class (`C29.1`, `29.10`), or a section letter (`C`). `None` for codes
/// that are none of these.
pub fn a10_of_nace(code: &str) -> Option<&'static str> {
    let code = code.trim();
    let mut chars = code.chars();
    let first = chars.next()?;
    let digits: &str = if first.is_ascii_alphabetic() {
        if code.len() == 1 {
            return a10_of_section(first.to_ascii_uppercase());
        }
        &code[1..]
    } else {
        code
    };
    let div: u32 = digits.get(..2)?.parse().ok()?;
    let section = section_of_division(div)?;
    if first.is_ascii_alphabetic() && first.to_ascii_uppercase() != section {
        return None;
    }
    a10_of_section(section)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn divisions_map_to_their_a10_sector() {
        assert_eq!(a10_of_nace("C29"), Some("B-E"));
        assert_eq!(a10_of_nace("29"), Some("B-E"));
        assert_eq!(a10_of_nace("D35"), Some("B-E"));
        assert_eq!(a10_of_nace("J62"), Some("J"));
        assert_eq!(a10_of_nace("M72"), Some("M_N"));
        assert_eq!(a10_of_nace("N82"), Some("M_N"));
        assert_eq!(a10_of_nace("H49"), Some("G-I"));
        assert_eq!(a10_of_nace("Q86"), Some("O-Q"));
        assert_eq!(a10_of_nace("S95"), Some("R-U"));
        assert_eq!(a10_of_nace("L68"), Some("L"));
        assert_eq!(a10_of_nace("C"), Some("B-E"));
        assert_eq!(a10_of_nace("C62"), None, "division 62 is not in section C");
        assert_eq!(a10_of_nace("04"), None);
        assert_eq!(a10_of_nace(""), None);
        assert_eq!(a10_name("M_N"), Some(A10_NAMES[7]));
    }
}
