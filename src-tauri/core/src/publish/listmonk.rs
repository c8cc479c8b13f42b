//! listmonk: `POST /api/campaigns` with HTTP Basic (an API user and its token), then `PUT
//! /api/campaigns/{id}` (<https://listmonk.app/docs/apis/campaigns/>). A new campaign is
//! always a draft. It gets the whole email as `body` (meant for a template that is only
//! `{{ template "content" . }}`, set as the target's template) and the plain text as
//! `altbody`; the unsubscribe link is listmonk's `{{ UnsubscribeURL }}`, and the author's own
//! braces are written so that Go's template prints them as typed.
//!
//! Sending: the campaign's `send_at` set (a time, or cleared for now: listmonk turns
//! `running` into `scheduled` while one is set), then `PUT /api/campaigns/{id}/status`
//! `running` or `scheduled`. The audience is each list's `subscriber_count`
//! (<https://listmonk.app/docs/apis/lists/>), as listmonk counts them.

use serde_json::{json, Value};

use super::{Api, Audience, Content, PublishState, Published, Remote, When};
use crate::{Error, Result};

pub(super) async fn publish(api: &Api, c: &Content, before: Option<&Published>) -> Result<Remote> {
    let fields = fields(api, c)?;
    let request = match before {
        None => api.client.post(format!("{}/api/campaigns", api.base)),
        Some(p) => api.client.put(format!("{}/api/campaigns/{}", api.base, p.remote_id)),
    };
    let answer = api.send(request.basic_auth(&api.target.api_user, Some(&api.key)).json(&fields), explain).await?;
    let id = match &answer["data"]["id"] {
        Value::Number(n) => n.to_string(),
        _ => return Err(Error::Publish("listmonk answered without the campaign's id".into())),
    };
    Ok(Remote { url: format!("{}/admin/campaigns/{id}", api.base), id })
}

pub(super) async fn send(api: &Api, c: &Content, remote_id: &str, when: &When) -> Result<()> {
    let mut fields = fields(api, c)?;
    let (send_at, status) = match when {
        When::Now => (Value::Null, "running"),
        When::At(_) => (when.stamp().into(), "scheduled"),
    };
    fields["send_at"] = send_at;
    let campaign = format!("{}/api/campaigns/{remote_id}", api.base);
    let auth = |r: reqwest::RequestBuilder| r.basic_auth(&api.target.api_user, Some(&api.key));
    api.send(auth(api.client.put(&campaign)).json(&fields), explain).await?;
    api.send(auth(api.client.put(format!("{campaign}/status"))).json(&json!({ "status": status })), explain).await?;
    Ok(())
}

/// Uploads a library image to listmonk's media (`POST /api/media`, the file as `file`,
/// <https://listmonk.app/docs/apis/media/>); the address listmonk serves it at. Releases
/// before v3 answered `{"data": true}` without one.
pub(super) async fn upload(api: &Api, image: super::Image) -> Result<String> {
    let form = reqwest::multipart::Form::new().part("file", image.part()?);
    let request = api.client.post(format!("{}/api/media", api.base)).multipart(form);
    let answer = api.send(request.basic_auth(&api.target.api_user, Some(&api.key)), explain).await?;
    answer["data"]["url"].as_str().map(str::to_owned).ok_or_else(|| {
        Error::Publish(
            "listmonk took the image but did not say where it is (listmonk before v3): upload the images \
             yourself and set Settings › Publication › Image address"
                .into(),
        )
    })
}

/// Where the campaign stands (`GET /api/campaigns/{id}`, its `status`).
pub(super) async fn state(api: &Api, remote_id: &str) -> Result<PublishState> {
    let request = api.client.get(format!("{}/api/campaigns/{remote_id}", api.base));
    let answer = api.send(request.basic_auth(&api.target.api_user, Some(&api.key)), explain).await?;
    Ok(match answer["data"]["status"].as_str().unwrap_or_default() {
        "running" | "finished" => PublishState::Sent,
        "draft" | "paused" | "cancelled" => PublishState::Draft,
        _ => PublishState::Scheduled,
    })
}

pub(super) async fn audience(api: &Api) -> Result<Audience> {
    let mut names = Vec::new();
    let mut count = 0;
    for id in list_ids(api)? {
        let request = api.client.get(format!("{}/api/lists/{id}", api.base));
        let answer = api.send(request.basic_auth(&api.target.api_user, Some(&api.key)), explain).await?;
        names.push(format!("“{}”", answer["data"]["name"].as_str().unwrap_or("?")));
        count += answer["data"]["subscriber_count"].as_u64().unwrap_or(0);
    }
    let list = format!("the listmonk list{} {}", if names.len() == 1 { "" } else { "s" }, names.join(", "));
    let mut audience = Audience::of(api, list, Some(count));
    audience.note =
        "listmonk counts each list's subscribers, unconfirmed ones and people on two lists included.".into();
    Ok(audience)
}

fn list_ids(api: &Api) -> Result<Vec<i64>> {
    let lists: Vec<i64> = api.target.lists.split(',').filter_map(|l| l.trim().parse().ok()).collect();
    if lists.is_empty() {
        return Err(Error::Invalid(format!(
            "target “{}” needs the ids of the listmonk lists to send to (--lists 1,2)",
            api.target.name
        )));
    }
    Ok(lists)
}

/// The whole campaign: listmonk's update takes every field.
fn fields(api: &Api, c: &Content) -> Result<Value> {
    if api.target.api_user.trim().is_empty() {
        return Err(Error::Invalid(format!("target “{}” needs its listmonk API user (--user)", api.target.name)));
    }
    let lists = list_ids(api)?;
    let mut fields = json!({
        "name": format!("Issue #{}: {}", c.issue_number, c.subject),
        "subject": c.subject,
        "lists": lists,
        "type": "regular",
        "content_type": "html",
        "body": c.html,
        "altbody": c.text,
    });
    if let Ok(template) = api.target.template.trim().parse::<i64>() {
        fields["template_id"] = template.into();
    }
    Ok(fields)
}

/// `{"message": "…"}`.
fn explain(v: &Value) -> Option<String> {
    v["message"].as_str().map(str::to_owned)
}
