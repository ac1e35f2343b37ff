//! loa: a static-site generator for the digital-transformation campaign of Lai Châu province.
//!
//! Stages, each depending only on those before it:
//! [`base`] -> [`input`] -> [`markdown`] -> [`model`] -> [`search`] -> [`render`] / [`report`] -> [`build`]
//! -> [`incremental`] -> [`serve`]; [`new`] writes new posts from the input and model. Only
//! `incremental` keeps anything from one build to the next.

pub mod base;
pub mod build;
pub mod incremental;
pub mod input;
pub mod markdown;
pub mod model;
pub mod new;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
