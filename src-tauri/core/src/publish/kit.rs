//! Kit (ConvertKit) API v4: `POST /v4/broadcasts` with `X-Kit-Api-Key`, then `PUT
//! /v4/broadcasts/{id}` (<https://developers.kit.com/api-reference/broadcasts/create-a-broadcast>,
//! update-a-broadcast). `send_at: null` and `public: false` keep it a private draft. The
//! content is the email's body, which Kit's template wraps; the unsubscribe link is Kit's
//! `{{ unsubscribe_url }}`.

use serde_json::{json, Value};

use super::{Api, Content, Published, Remote};
use crate::{Error, Result};

pub(super) async fn publish(api: &Api, c: &Content, before: Option<&Published>) -> Result<Remote> {
    let mut fields = json!({
        "subject": c.subject,
        "preview_text": c.preheader,
        "description": format!("Issue #{}", c.issue_number),
        "content": c.html,
        "public": false,
        "published_at": null,
        "send_at": null,
    });
    if let Ok(template) = api.target.template.trim().parse::<i64>() {
        fields["email_template_id"] = template.into();
    }
    let request = match before {
        None => api.client.post(format!("{}/v4/broadcasts", api.base)),
        Some(p) => api.client.put(format!("{}/v4/broadcasts/{}", api.base, p.remote_id)),
    };
    let answer = api.send(request.header("X-Kit-Api-Key", &api.key).json(&fields), explain).await?;
    let id = match &answer["broadcast"]["id"] {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return Err(Error::Publish("Kit answered without the broadcast's id".into())),
    };
    Ok(Remote { url: format!("https://app.kit.com/campaigns/{id}/draft"), id })
}

/// `{"errors": ["…", …]}`.
fn explain(v: &Value) -> Option<String> {
    let list = v["errors"].as_array()?;
    Some(list.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("; ")).filter(|s| !s.is_empty())
}
