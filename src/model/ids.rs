//! Typed ids for cross-references inside the model: a section's id cannot stand for a page's
//! or for a count, and indexing the site's lists with them reads as what it means.

use super::{Page, Section};
use std::ops::{Index, IndexMut};

/// An id that is a place in one of the site's lists, and indexes that list.
macro_rules! place_id {
    ($(#[$doc:meta])* $id:ident, $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $id(pub usize);

        impl $id {
            /// Its place in the list (and in lists kept beside it, such as fingerprints).
            pub fn index(self) -> usize {
                self.0
            }

            /// For each of `len` places, whether `ids` names it.
            pub fn marks(ids: &[$id], len: usize) -> Vec<bool> {
                let mut marks = vec![false; len];
                ids.iter().for_each(|i| marks[i.0] = true);
                marks
            }
        }

        impl Index<$id> for [$item] {
            type Output = $item;

            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }

        impl IndexMut<$id> for [$item] {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.0]
            }
        }

        impl Index<$id> for Vec<$item> {
            type Output = $item;

            fn index(&self, id: $id) -> &$item {
                &self[id.0]
            }
        }

        impl IndexMut<$id> for Vec<$item> {
            fn index_mut(&mut self, id: $id) -> &mut $item {
                &mut self[id.0]
            }
        }
    };
}

place_id!(
    /// A section of the site, by its place in `Site::sections`.
    SectionId,
    Section
);
place_id!(
    /// A page of the site, by its place in `Site::pages`.
    PageId,
    Page
);
