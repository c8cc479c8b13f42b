//! Kit (ConvertKit) API v4: `POST /v4/broadcasts` with `X-Kit-Api-Key`, then `PUT
//! /v4/broadcasts/{id}` (<https://developers.kit.com/api-reference/broadcasts/create-a-broadcast>,
//! update-a-broadcast). `send_at: null` and `public: false` keep it a private draft. The
//! content is the email's body, which Kit's template wraps; the unsubscribe link is Kit's
//! `{{ unsubscribe_url }}`.
//!
//! Scheduling sets `public: true` and `send_at` (as the update reference says); Kit has no
//! "send now", so now is a `send_at` of this minute. No `subscriber_filter` is sent: the
//! broadcast goes to every active subscriber, counted with `include_total_count`
//! (<https://developers.kit.com/api-reference/subscribers/list-subscribers>).

use serde_json::{json, Value};

use super::{Api, Audience, Content, PublishState, Published, Remote, When};
use crate::{Error, Result};

pub(super) async fn publish(api: &Api, c: &Content, before: Option<&Published>) -> Result<Remote> {
    // An update of a scheduled broadcast keeps its time (every field is sent: Kit's update
    // takes the whole broadcast).
    let scheduled = before.filter(|p| p.state == PublishState::Scheduled).map(|p| p.send_at.clone());
    let fields = fields(api, c, scheduled);
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

pub(super) async fn send(api: &Api, c: &Content, remote_id: &str, when: &When) -> Result<()> {
    let fields = fields(api, c, Some(when.stamp()));
    let request = api.client.put(format!("{}/v4/broadcasts/{remote_id}", api.base));
    api.send(request.header("X-Kit-Api-Key", &api.key).json(&fields), explain).await?;
    Ok(())
}

/// Where the broadcast stands (`GET /v4/broadcasts/{id}`): Kit sends at `send_at`, so one
/// whose time has passed went out, and one without a time is a draft again.
pub(super) async fn state(api: &Api, remote_id: &str) -> Result<PublishState> {
    let request = api.client.get(format!("{}/v4/broadcasts/{remote_id}", api.base));
    let answer = api.send(request.header("X-Kit-Api-Key", &api.key), explain).await?;
    let send_at = answer["broadcast"]["send_at"].as_str().and_then(|s| s.parse::<jiff::Timestamp>().ok());
    Ok(match send_at {
        None => PublishState::Draft,
        Some(t) if t <= jiff::Timestamp::now() => PublishState::Sent,
        Some(_) => PublishState::Scheduled,
    })
}

pub(super) async fn audience(api: &Api) -> Result<Audience> {
    let request = api.client.get(format!("{}/v4/subscribers?include_total_count=true&per_page=1", api.base));
    let answer = api.send(request.header("X-Kit-Api-Key", &api.key), explain).await?;
    let mut audience = Audience::of(
        api,
        "your Kit list, every active subscriber".into(),
        answer["pagination"]["total_count"].as_u64(),
    );
    audience.note = "Kit also shows a sent broadcast on your public profile.".into();
    Ok(audience)
}

/// The whole broadcast: a private draft, or public and sent at `send_at`.
fn fields(api: &Api, c: &Content, send_at: Option<String>) -> Value {
    let mut fields = json!({
        "subject": c.subject,
        "preview_text": c.preheader,
        "description": format!("Issue #{}", c.issue_number),
        "content": c.html,
        "public": send_at.is_some(),
        "published_at": null,
        "send_at": send_at,
    });
    if let Ok(template) = api.target.template.trim().parse::<i64>() {
        fields["email_template_id"] = template.into();
    }
    fields
}

/// `{"errors": ["…", …]}`.
fn explain(v: &Value) -> Option<String> {
    let list = v["errors"].as_array()?;
    Some(list.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("; ")).filter(|s| !s.is_empty())
}
