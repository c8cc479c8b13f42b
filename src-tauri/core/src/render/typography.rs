//! The publication's typography, one rule for every output: typographic (curly quotes,
//! apostrophes, en and em dashes, ellipses, in the author's Markdown and plain fields
//! alike, and around the quotes a theme adds) or exactly as typed everywhere.

use std::borrow::Cow;

use crate::model::{IssueDoc, Publication, Typography};

/// `"Quoted" -- it's here...` → `“Quoted” – it’s here…`: what comrak's smart punctuation
/// does to Markdown, for the one-line fields that are not Markdown (titles, names, notes,
/// quotes). Unchanged text is borrowed.
pub fn smart_punctuation(s: &str) -> Cow<'_, str> {
    if !(s.contains(['"', '\'']) || s.contains("--") || s.contains("...")) {
        return Cow::Borrowed(s);
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let (c, prev, next) = (chars[i], i.checked_sub(1).map(|p| chars[p]), chars.get(i + 1).copied());
        // A quote opens at the start, after a space or an opening bracket or dash.
        let opens = prev.is_none_or(|p| p.is_whitespace() || "([{–—-“‘/".contains(p));
        match c {
            '"' => out.push(if opens { '“' } else { '”' }),
            // An apostrophe inside a word, or before a year's digits ('90s), is ’.
            '\'' => out.push(if opens && !next.is_some_and(|n| n.is_ascii_digit()) { '‘' } else { '’' }),
            '-' if next == Some('-') => {
                if chars.get(i + 2) == Some(&'-') {
                    out.push('—');
                    i += 3;
                } else {
                    out.push('–');
                    i += 2;
                }
                continue;
            }
            '.' if next == Some('.') && chars.get(i + 2) == Some(&'.') => {
                out.push('…');
                i += 3;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(out)
}

/// The issue and publication with their plain fields set typographically, or `None` when
/// nothing changes (as typed, or nothing to set): the caller then renders the originals.
/// Markdown fields are left to comrak, and links are never touched.
pub(crate) fn typeset(doc: &IssueDoc, publication: &Publication) -> Option<(IssueDoc, Publication)> {
    if publication.typography == Typography::AsTyped || !needs_setting(doc, publication) {
        return None;
    }
    let (mut doc, mut publication) = (doc.clone(), publication.clone());
    let set = |s: &mut String| {
        if let Cow::Owned(smart) = smart_punctuation(s) {
            *s = smart;
        }
    };
    let i = &mut doc.issue;
    for f in [&mut i.title, &mut i.subtitle, &mut i.preheader] {
        set(f);
    }
    for story in &mut doc.stories {
        set(&mut story.fields.section);
        set(&mut story.fields.headline);
        for item in &mut story.items {
            let f = &mut item.fields;
            for field in [&mut f.group_heading, &mut f.source, &mut f.role, &mut f.title, &mut f.quote, &mut f.note] {
                set(field);
            }
        }
    }
    let p = &mut publication;
    for f in [&mut p.name, &mut p.tagline, &mut p.cadence, &mut p.sign_off] {
        set(f);
    }
    Some((doc, publication))
}

/// Whether any plain field would change (cheaper than cloning the issue on every render).
fn needs_setting(doc: &IssueDoc, p: &Publication) -> bool {
    let changes = |s: &str| matches!(smart_punctuation(s), Cow::Owned(_));
    let i = &doc.issue;
    [&i.title, &i.subtitle, &i.preheader, &p.name, &p.tagline, &p.cadence, &p.sign_off].iter().any(|s| changes(s))
        || doc.stories.iter().any(|s| {
            changes(&s.fields.section)
                || changes(&s.fields.headline)
                || s.items.iter().any(|it| {
                    let f = &it.fields;
                    [&f.group_heading, &f.source, &f.role, &f.title, &f.quote, &f.note].iter().any(|s| changes(s))
                })
        })
}

#[cfg(test)]
mod tests {
    use super::smart_punctuation;

    #[test]
    fn quotes_apostrophes_dashes_and_ellipses() {
        for (typed, set) in [
            (r#""Quoted" -- it's here..."#, "“Quoted” – it’s here…"),
            ("She said 'no' --- twice", "She said ‘no’ — twice"),
            ("the '90s (\"then\")", "the ’90s (“then”)"),
            ("rock 'n' roll", "rock ‘n’ roll"),
            ("plain text, nothing to set", "plain text, nothing to set"),
            ("“already” set — fine", "“already” set — fine"),
        ] {
            assert_eq!(smart_punctuation(typed), set, "{typed}");
        }
    }
}
