//! The one printing layer: every command's result goes out either as text for a person or,
//! with `--json`, as pretty JSON for a script, through [`out`]. Notes about the work (what
//! was written where, progress) go to standard error, so standard output stays the result.

use serde::Serialize;

/// Prints `value` as pretty JSON when `json`, else as `text` writes it.
pub fn out<T: Serialize + ?Sized>(json: bool, value: &T, text: impl FnOnce(&T)) {
    if json {
        self::json(value);
    } else {
        text(value);
    }
}

/// Prints `value` as pretty JSON on standard output.
pub fn json<T: Serialize + ?Sized>(value: &T) {
    // Masthead's types are structs, lists and string-keyed maps: serializing them to JSON
    // cannot fail.
    println!("{}", serde_json::to_string_pretty(value).expect("Masthead's values serialize to JSON"));
}

/// Prints `items` as a JSON array, each object with one more field, `key`, set to
/// `value(item)` (an issue's publication name, a publication's number of issues).
pub fn json_rows<T: Serialize>(items: &[T], key: &str, value: impl Fn(&T) -> serde_json::Value) {
    let rows: Vec<serde_json::Value> = items
        .iter()
        .map(|item| {
            let mut row = serde_json::to_value(item).expect("Masthead's values serialize to JSON");
            row[key] = value(item);
            row
        })
        .collect();
    json(&rows);
}

/// `1 story`, `2 stories`: a count with its noun (`many` for any count but one).
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the person wrote, or `fallback` when that is only blanks.
pub fn or<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    let t = text.trim();
    if t.is_empty() {
        fallback
    } else {
        t
    }
}
