//! Links: turning a URL into a card. So far the offline half: decoding a page's bytes
//! (`charset`) and extracting its metadata (`extract`). Fetching, the inbox and social
//! posts build on these (see docs/roadmap.md).

pub mod charset;
pub mod extract;

pub use extract::{extract, PageMeta};
