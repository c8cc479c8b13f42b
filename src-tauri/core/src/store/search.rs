//! Full-text search over the library (the FTS5 `search` table that triggers keep in sync).

use super::Store;
use crate::error::Result;
use crate::model::{HitKind, SearchHit};

impl Store {
    /// Ranked hits of every kind (issues, stories, items, links) for what the author typed.
    ///
    /// The query is taken as words, not FTS5 syntax: each word must appear (prefix match
    /// on the last one, so results come while typing), and quotes or operators in it are
    /// treated as text, never as a syntax error.
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

/// Quotes every word so FTS5 sees plain terms; the last becomes a prefix query.
fn to_fts_query(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-' && c != '_')
        .map(|w| w.trim_matches(|c| c == '\'' || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"", w.replace('"', "")))
        .collect();
    let (last, rest) = words.split_last()?;
    let mut out = rest.join(" ");
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(last);
    out.push('*');
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::to_fts_query;

    #[test]
    fn words_are_quoted_and_the_last_is_a_prefix() {
        assert_eq!(to_fts_query("open glass").as_deref(), Some("\"open\" \"glass\"*"));
        assert_eq!(to_fts_query("AND OR \"NEAR(\"").as_deref(), Some("\"AND\" \"OR\" \"NEAR\"*"));
        assert_eq!(to_fts_query("  ::  "), None);
    }
}
