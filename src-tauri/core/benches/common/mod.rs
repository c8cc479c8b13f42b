//! What the benchmarks share: deterministic filler text.

const WORDS: &[&str] = &[
    "lighthouse",
    "harbour",
    "catalogue",
    "open",
    "data",
    "model",
    "release",
    "editor",
    "plugin",
    "folder",
    "weather",
    "station",
    "maps",
    "offline",
    "reader",
    "footnote",
    "library",
    "record",
    "licence",
    "nightly",
];

pub fn text(seed: usize, words: usize) -> String {
    (0..words).map(|i| WORDS[(seed * 7 + i * 13 + i / 3) % WORDS.len()]).collect::<Vec<_>>().join(" ")
}
