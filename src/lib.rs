//! loa: a static-site generator for the digital-transformation campaign of Lai Châu province.
//!
//! The pipeline runs in one direction: [`load`] -> [`model`] -> [`render`] -> [`write`].

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod load;
pub mod model;
pub mod new;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod serve;
pub mod slug;
pub mod vi;
pub mod write;
pub mod xml;
pub mod yaml;
