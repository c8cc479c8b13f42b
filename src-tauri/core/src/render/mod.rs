//! Rendering an issue's text for readers. So far: the author's Markdown to safe HTML
//! (`markdown`); themes, outputs and preview build on it (see docs/roadmap.md).

pub mod markdown;
