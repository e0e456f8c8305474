use std::collections::HashMap;

/// An interned, ordered set of codes (regions or activities).
///
/// Ids are dense `u32` indices in insertion order; [`CodeSet::sorted`] gives a
/// copy in lexical order, which is the order every output uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeSet {
    codes: Vec<Box<str>>,
    index: HashMap<Box<str>, u32>,
}

impl CodeSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a set from codes (duplicates are merged).
    pub fn from_codes<I, S>(codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut set = Self::new();
        for c in codes {
            set.intern(c.as_ref());
        }
        set
    }

    /// Returns the id of `code`, adding it if new.
    pub fn intern(&mut self, code: &str) -> u32 {
        if let Some(&id) = self.index.get(code) {
            return id;
        }
        let id = self.codes.len() as u32;
        self.codes.push(code.into());
        self.index.insert(code.into(), id);
        id
    }

    /// The id of `code`, if present.
    pub fn id(&self, code: &str) -> Option<u32> {
        self.index.get(code).copied()
    }

    /// The code of `id`.
    ///
    /// # Panics
    /// If `id` was not handed out by this set (a programming error).
    pub fn code(&self, id: u32) -> &str {
        &self.codes[id as usize]
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when there is no code.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Codes in id order.
    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.codes.iter().map(|c| &**c)
    }

    /// True when `code` is in the set.
    pub fn contains(&self, code: &str) -> bool {
        self.index.contains_key(code)
    }

    /// A new set with the same codes in lexical order, and for each new id the
    /// old id (`order[new] = old`).
    pub fn sorted(&self) -> (CodeSet, Vec<u32>) {
        let mut order: Vec<u32> = (0..self.codes.len() as u32).collect();
        order.sort_by(|&a, &b| self.codes[a as usize].cmp(&self.codes[b as usize]));
        let set = CodeSet::from_codes(order.iter().map(|&i| &*self.codes[i as usize]));
        (set, order)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable_and_sorting_maps_back() {
        let mut s = CodeSet::new();
        assert_eq!(s.intern("UKI3"), 0);
        assert_eq!(s.intern("AT11"), 1);
        assert_eq!(s.intern("UKI3"), 0);
        assert_eq!(s.len(), 2);
        let (sorted, order) = s.sorted();
        assert_eq!(sorted.iter().collect::<Vec<_>>(), vec!["AT11", "UKI3"]);
        assert_eq!(order, vec![1, 0]);
        assert_eq!(sorted.id("UKI3"), Some(1));
        assert_eq!(s.id("XX"), None);
    }
}
