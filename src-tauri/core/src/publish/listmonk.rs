//! listmonk: `POST /api/campaigns` with HTTP Basic (an API user and its token), then `PUT
//! /api/campaigns/{id}` (<https://listmonk.app/docs/apis/campaigns/>). A new campaign is
//! always a draft. It gets the whole email as `body` (meant for a template that is only
//! `{{ template "content" . }}`, set as the target's template) and the plain text as
//! `altbody`; the unsubscribe link is listmonk's `{{ UnsubscribeURL }}`, and the author's own
//! braces are written so that Go's template prints them as typed.

use serde_json::{json, Value};

use super::{Api, Content, Published, Remote};
use crate::{Error, Result};

pub(super) async fn publish(api: &Api, c: &Content, before: Option<&Published>) -> Result<Remote> {
    if api.target.api_user.trim().is_empty() {
        return Err(Error::Invalid(format!("target “{}” needs its listmonk API user (--user)", api.target.name)));
    }
    let lists: Vec<i64> = api.target.lists.split(',').filter_map(|l| l.trim().parse().ok()).collect();
    if lists.is_empty() {
        return Err(Error::Invalid(format!(
            "target “{}” needs the ids of the listmonk lists to send to (--lists 1,2)",
            api.target.name
        )));
    }
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

/// `{"message": "…"}`.
fn explain(v: &Value) -> Option<String> {
    v["message"].as_str().map(str::to_owned)
}
