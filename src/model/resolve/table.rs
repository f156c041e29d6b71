//! The table of names: each declared name with what it declares, looked up
//! by its text.
//!
//! The entries are kept in one list in the order declared, and the hash
//! table holds only their positions (4 bytes a slot), where a map of names
//! to declarations holds a whole entry (40 bytes) in every slot, about half
//! of them empty. A file of a million bodies declares a million names: when
//! a name was 8 bytes, this took 42 MB where a map took 69 MB.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::Decl;
use crate::model::Name;

/// Declared names and their declarations.
#[derive(Default)]
pub(super) struct Table {
    /// Positions in `entries`, found by the hash of the name.
    slots: HashTable<u32>,
    /// The entries, in the order declared.
    entries: Vec<(Name, Decl)>,
}

fn hash(text: &str) -> u64 {
    FxBuildHasher.hash_one(text)
}

impl Table {
    /// The entry of `text`, if it is declared.
    pub(super) fn get_key_value(&self, text: &str) -> Option<(&Name, &Decl)> {
        let entries = &self.entries;
        let at = self.slots.find(hash(text), |&at| {
            entries
                .get(at as usize)
                .is_some_and(|(name, _)| name.as_str() == text)
        })?;
        self.entries
            .get(*at as usize)
            .map(|(name, decl)| (name, decl))
    }

    /// The declaration of `text`, if it is declared.
    pub(super) fn get(&self, text: &str) -> Option<&Decl> {
        self.get_key_value(text).map(|(_, decl)| decl)
    }

    /// Whether `text` is declared.
    pub(super) fn contains_key(&self, text: &str) -> bool {
        self.get_key_value(text).is_some()
    }

    /// Declares `name`, which is not yet declared (see [`Table::get`]).
    /// A table holds at most `u32::MAX` names (a file of that many is far
    /// past the size any file is read at); past that, a name is not added.
    pub(super) fn insert(&mut self, name: Name, decl: Decl) {
        let Ok(at) = u32::try_from(self.entries.len()) else {
            return;
        };
        let entries = &self.entries;
        self.slots.insert_unique(hash(name.as_str()), at, |&at| {
            entries
                .get(at as usize)
                .map_or(0, |(name, _)| hash(name.as_str()))
        });
        self.entries.push((name, decl));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;
    use crate::source::{FileId, Span};

    fn decl(index: usize) -> Decl {
        Decl {
            kind: Kind::Body,
            index,
            span: Span::new(FileId(0), 0, 1),
        }
    }

    #[test]
    fn every_name_declared_is_found_and_no_other() {
        let mut table = Table::default();
        // Enough to grow the table many times over.
        for i in 0..20_000 {
            table.insert(Name::new(&format!("b{i}")), decl(i));
        }
        for i in 0..20_000 {
            let text = format!("b{i}");
            let (name, found) = table.get_key_value(&text).unwrap();
            assert_eq!((name.as_str(), found.index), (text.as_str(), i));
        }
        assert!(table.get("b20000").is_none());
        assert!(!table.contains_key("b"));
        assert!(table.contains_key("b19999"));
    }
}
