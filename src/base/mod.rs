//! Base: what every stage uses and that knows nothing of sites — diagnostics, YAML with
//! positions, slugs, XML escaping, Vietnamese text (tones, collation, numbers) and dates.

pub mod date;
pub mod diagnostic;
pub mod free;
pub mod hash;
pub mod id;
pub mod slug;
pub mod url_key;
pub mod vi;
pub mod xml;
pub mod yaml;
