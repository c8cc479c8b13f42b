//! What the benchmarks share: deterministic filler text (the core's, so measurements
//! elsewhere use the same words).

pub use masthead_core::sample::filler as text;
