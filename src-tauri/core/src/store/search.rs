//! Full-text search over the library (the FTS5 `search` table that triggers keep in sync).

use super::Store;
use crate::error::Result;
use crate::model::{HitKind, SearchHit};

impl Store {
    /// Ranked hits of every kind (issues, stories, items, links) for what the author typed.
    ///
    /// The query is taken as words, not FTS5 syntax: each word must appear (prefix match
    /// on the last one, so results come while typing), and quotes or operators in it are
    /// treated as text, never as a syntax error. A long query (a pasted paragraph) counts
    /// by its first distinct words, so every query costs about the same.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let Some(fts) = to_fts_query(query) else {
            return Ok(Vec::new());
        };
        self.read(|tx| {
            // Titles weigh more than bodies: a headline match is what the author means.
            let mut stmt = tx.prepare_cached(
                "SELECT kind, ref_id, issue_id, title,
                        snippet(search, 4, '[', ']', '…', 12),
                        bm25(search, 0.0, 0.0, 0.0, 4.0, 1.0) AS rank
                 FROM search WHERE search MATCH ?1 ORDER BY rank LIMIT ?2",
            )?;
            let rows = stmt.query_map(rusqlite::params![fts, limit as i64], |r| {
                let kind: String = r.get(0)?;
                Ok(SearchHit {
                    kind: match kind.as_str() {
                        "issue" => HitKind::Issue,
                        "story" => HitKind::Story,
                        "item" => HitKind::Item,
                        _ => HitKind::Link,
                    },
                    id: r.get(1)?,
                    issue_id: r.get(2)?,
                    title: r.get(3)?,
                    snippet: r.get::<_, String>(4)?.split_whitespace().collect::<Vec<_>>().join(" "),
                    rank: r.get(5)?,
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
    }
}

/// At most this many words of a query count: a pasted paragraph searches by its first
/// words, as fast as a typed phrase (the palette searches on every keystroke).
const MAX_WORDS: usize = 8;
/// A word is cut to this many characters (the longest real words are shorter).
const MAX_WORD_CHARS: usize = 40;
/// Words too common to narrow a search: left out while the query has others.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "is", "it", "its",
    "not", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "with",
];

/// The FTS5 query for what the author typed: each distinct word quoted, so FTS5 sees
/// plain terms (never its syntax), common words left out when there are others, at most
/// [`MAX_WORDS`] of them, and the last word a prefix when the query ends in it (it is
/// being typed).
fn to_fts_query(query: &str) -> Option<String> {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '\'' || c == '-' || c == '_';
    let mut words: Vec<String> = Vec::new();
    let mut common: Vec<String> = Vec::new();
    let mut cut = false;
    for raw in query.split(|c: char| !is_word_char(c)) {
        let w = raw.trim_matches(|c| c == '\'' || c == '-' || c == '_');
        if w.is_empty() {
            continue;
        }
        let w: String = w.chars().filter(|c| *c != '"').take(MAX_WORD_CHARS).collect::<String>().to_lowercase();
        let list = if STOP_WORDS.contains(&w.as_str()) { &mut common } else { &mut words };
        if !list.contains(&w) && list.len() < MAX_WORDS {
            list.push(w);
        }
        if words.len() == MAX_WORDS {
            cut = true;
            break;
        }
    }
    let words = if words.is_empty() { common } else { words };
    let (last, rest) = words.split_last()?;
    let typing = !cut && query.trim_end().chars().last().is_some_and(is_word_char);
    let mut out: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
    // A one-letter prefix would match most of the library: it waits for a second letter.
    out.push(if typing && last.chars().count() > 1 { format!("\"{last}\"*") } else { format!("\"{last}\"") });
    Some(out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::to_fts_query;

    #[test]
    fn words_are_quoted_and_the_last_is_a_prefix() {
        assert_eq!(to_fts_query("open glass").as_deref(), Some("\"open\" \"glass\"*"));
        // FTS5's operators are words like any other (here, common ones, left out).
        assert_eq!(to_fts_query("AND OR \"NEAR(\"").as_deref(), Some("\"near\""));
        assert_eq!(to_fts_query("AND OR NEAR").as_deref(), Some("\"near\"*"));
        assert_eq!(to_fts_query("  ::  "), None);
    }

    #[test]
    fn long_queries_keep_a_few_distinct_words() {
        assert_eq!(to_fts_query(&"a ".repeat(5000)).as_deref(), Some("\"a\""), "only common words: they count");
        assert_eq!(to_fts_query("the harbour and the lighthouse").as_deref(), Some("\"harbour\" \"lighthouse\"*"));
        let paragraph =
            "Sixteen cranes arrived at the harbour on Tuesday, and the port authority said more would follow. "
                .repeat(1000);
        let q = to_fts_query(&paragraph).unwrap();
        assert_eq!(q, "\"sixteen\" \"cranes\" \"arrived\" \"harbour\" \"tuesday\" \"port\" \"authority\" \"said\"");
        let long = "x".repeat(100_000);
        assert_eq!(to_fts_query(&long).unwrap().len(), 40 + 3, "a word is cut to 40 characters (and a prefix)");
        assert_eq!(to_fts_query("h").as_deref(), Some("\"h\""), "no one-letter prefix");
    }
}
