//! loa: a static-site generator for the digital-transformation campaign of Lai Châu province.
//!
//! Stages, each depending only on those before it:
//! [`base`] -> [`input`] -> [`markdown`] -> [`model`] -> [`search`] -> [`render`] / [`report`] -> [`build`]
//! -> [`incremental`] -> [`serve`]; [`new`] writes new posts from the input and model, and
//! [`import`] adds what units publish on their own websites to `imported/`. Only
//! `incremental` keeps anything from one build to the next.

pub mod base;
pub mod build;
pub mod import;
pub mod incremental;
pub mod input;
pub mod markdown;
pub mod model;
pub mod new;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
