//! Typed ids for cross-references inside the model: a section's id cannot stand for a page's
//! or for a count, and indexing the site's lists with them reads as what it means.

use super::{Page, Section};
use std::ops::{Index, IndexMut};

/// A section of the site, by its place in `Site::sections`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SectionId(pub usize);

impl SectionId {
    /// Its place in `Site::sections`.
    pub fn index(self) -> usize {
        self.0
    }
}

impl Index<SectionId> for [Section] {
    type Output = Section;

    fn index(&self, id: SectionId) -> &Section {
        &self[id.0]
    }
}

impl IndexMut<SectionId> for [Section] {
    fn index_mut(&mut self, id: SectionId) -> &mut Section {
        &mut self[id.0]
    }
}

impl Index<SectionId> for Vec<Section> {
    type Output = Section;

    fn index(&self, id: SectionId) -> &Section {
        &self[id.0]
    }
}

impl IndexMut<SectionId> for Vec<Section> {
    fn index_mut(&mut self, id: SectionId) -> &mut Section {
        &mut self[id.0]
    }
}

/// A page of the site, by its place in `Site::pages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct PageId(pub usize);

impl PageId {
    /// Its place in `Site::pages` (and in lists kept beside it, such as fingerprints).
    pub fn index(self) -> usize {
        self.0
    }
}

impl Index<PageId> for [Page] {
    type Output = Page;

    fn index(&self, id: PageId) -> &Page {
        &self[id.0]
    }
}

impl IndexMut<PageId> for [Page] {
    fn index_mut(&mut self, id: PageId) -> &mut Page {
        &mut self[id.0]
    }
}

impl Index<PageId> for Vec<Page> {
    type Output = Page;

    fn index(&self, id: PageId) -> &Page {
        &self[id.0]
    }
}

impl IndexMut<PageId> for Vec<Page> {
    fn index_mut(&mut self, id: PageId) -> &mut Page {
        &mut self[id.0]
    }
}
