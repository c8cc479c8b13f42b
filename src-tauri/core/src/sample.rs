//! The sample issue a new library starts with (`assets/sample/issue.json`), written for
//! this project to show every part of an issue. Never text from real newsletters.

use serde::Deserialize;

use crate::error::Result;
use crate::model::{Issue, IssueDoc, IssueFields, Item, ItemFields, Story, StoryFields};
use crate::store::Store;

const SAMPLE_JSON: &str = include_str!("../../../assets/sample/issue.json");

#[derive(Deserialize)]
struct Sample {
    publication: Vec<(String, String)>,
    issue: IssueFields,
    stories: Vec<SampleStory>,
}

#[derive(Deserialize)]
struct SampleStory {
    #[serde(flatten)]
    fields: StoryFields,
    #[serde(default)]
    items: Vec<ItemFields>,
}

/// The sample as an issue document (ids are placeholders; inserting assigns real ones).
pub fn sample_doc() -> IssueDoc {
    let sample: Sample = serde_json::from_str(SAMPLE_JSON).expect("the embedded sample issue is valid");
    to_doc(&sample)
}

fn to_doc(sample: &Sample) -> IssueDoc {
    let f = &sample.issue;
    IssueDoc {
        issue: Issue {
            id: 0,
            number: f.number.unwrap_or(1),
            title: f.title.clone(),
            subtitle: f.subtitle.clone(),
            date: f.date.clone(),
            status: f.status.unwrap_or(crate::model::IssueStatus::Draft),
            theme: f.theme.clone(),
            intro: f.intro.clone(),
            closing: f.closing.clone(),
            preheader: f.preheader.clone(),
            created_at: String::new(),
            updated_at: String::new(),
        },
        stories: sample
            .stories
            .iter()
            .enumerate()
            .map(|(n, s)| Story {
                id: 0,
                issue_id: 0,
                ordinal: n as i64,
                fields: s.fields.clone(),
                items: s
                    .items
                    .iter()
                    .enumerate()
                    .map(|(k, it)| Item { id: 0, story_id: 0, ordinal: k as i64, fields: it.clone() })
                    .collect(),
                updated_at: String::new(),
            })
            .collect(),
    }
}

/// Adds the sample issue, and the sample publication settings where none are set yet.
pub fn install(store: &Store) -> Result<Issue> {
    let sample: Sample = serde_json::from_str(SAMPLE_JSON).expect("the embedded sample issue is valid");
    for (key, value) in &sample.publication {
        if store.setting(key)?.is_none() {
            store.set_setting(key, value)?;
        }
    }
    store.insert_issue_doc(&to_doc(&sample))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_sample_parses_and_uses_both_item_kinds() {
        let doc = super::sample_doc();
        assert!(doc.stories.len() >= 3);
        let kinds: std::collections::HashSet<_> =
            doc.stories.iter().flat_map(|s| s.items.iter().map(|i| i.fields.kind)).collect();
        assert_eq!(kinds.len(), 2);
    }
}
