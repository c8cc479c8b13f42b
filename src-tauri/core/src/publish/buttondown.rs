//! Buttondown: `POST /v1/emails` with `Authorization: Token …`, then `PATCH
//! /v1/emails/{id}` (<https://docs.buttondown.com/api-emails-create>, api-emails-update).
//! `status` is always sent as `draft` on create: on older API versions a missing status
//! sends the email to the whole list. The body is the email's HTML, which Buttondown
//! wraps in the newsletter's template; the first line tells its editor it is HTML.
//!
//! Sending is a `PATCH` of the draft's status: `about_to_send` now, or `scheduled` with a
//! `publish_date` (<https://docs.buttondown.com/drafting-emails-via-the-api>,
//! scheduling-emails-via-the-api); never `send-draft`, which is a test send to named people.
//! The audience is the count of regular and premium subscribers
//! (<https://docs.buttondown.com/api-subscribers-list>).

use serde_json::{json, Value};

use super::{Api, Audience, Content, PublishState, Published, Remote, When};
use crate::{Error, Result};

pub(super) async fn publish(api: &Api, c: &Content, before: Option<&Published>) -> Result<Remote> {
    let body = format!("<!-- buttondown-editor-mode: fancy -->\n{}", c.html);
    let request = match before {
        None => api
            .client
            .post(format!("{}/v1/emails", api.base))
            .json(&json!({ "subject": c.subject, "body": body, "status": "draft", "description": c.preheader })),
        // A partial update: the status is left as it is (a scheduled email stays scheduled).
        Some(p) => api
            .client
            .patch(format!("{}/v1/emails/{}", api.base, p.remote_id))
            .json(&json!({ "subject": c.subject, "body": body, "description": c.preheader })),
    };
    let answer = api.send(request.header("Authorization", format!("Token {}", api.key)), explain).await?;
    let id =
        answer["id"].as_str().ok_or_else(|| Error::Publish("Buttondown answered without the draft's id".into()))?;
    Ok(Remote { id: id.to_owned(), url: format!("https://buttondown.com/emails/{id}") })
}

pub(super) async fn send(api: &Api, remote_id: &str, when: &When) -> Result<()> {
    let fields = match when {
        When::Now => json!({ "status": "about_to_send" }),
        When::At(_) => json!({ "status": "scheduled", "publish_date": when.stamp() }),
    };
    let request = api.client.patch(format!("{}/v1/emails/{remote_id}", api.base)).json(&fields);
    api.send(request.header("Authorization", format!("Token {}", api.key)), explain).await?;
    Ok(())
}

/// Uploads a library image (`POST /v1/images`, the file as `image`,
/// <https://docs.buttondown.com/api-images-create>); the address Buttondown serves it at.
pub(super) async fn upload(api: &Api, image: super::Image) -> Result<String> {
    let form = reqwest::multipart::Form::new().part("image", image.part()?);
    let request = api.client.post(format!("{}/v1/images", api.base)).multipart(form);
    let answer = api.send(request.header("Authorization", format!("Token {}", api.key)), explain).await?;
    answer["image"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::Publish("Buttondown answered the image upload without its address".into()))
}

/// Where the email stands (`GET /v1/emails/{id}`, its `status`).
pub(super) async fn state(api: &Api, remote_id: &str) -> Result<PublishState> {
    let request = api.client.get(format!("{}/v1/emails/{remote_id}", api.base));
    let answer = api.send(request.header("Authorization", format!("Token {}", api.key)), explain).await?;
    Ok(match answer["status"].as_str().unwrap_or_default() {
        "sent" | "in_flight" | "about_to_send" | "throttled" | "resending" => PublishState::Sent,
        "draft" => PublishState::Draft,
        _ => PublishState::Scheduled,
    })
}

pub(super) async fn audience(api: &Api) -> Result<Audience> {
    let request = api.client.get(format!("{}/v1/subscribers?type=regular&type=premium", api.base));
    let answer = api.send(request.header("Authorization", format!("Token {}", api.key)), explain).await?;
    Ok(Audience::of(api, "your Buttondown list, regular and premium".into(), answer["count"].as_u64()))
}

/// `{"code", "detail"}`, or a list of field errors `{"detail": [{"loc": […], "msg"}]}`.
fn explain(v: &Value) -> Option<String> {
    match &v["detail"] {
        Value::String(s) => Some(match v["code"].as_str() {
            Some(code) => format!("{s} ({code})"),
            None => s.clone(),
        }),
        Value::Array(list) => Some(
            list.iter()
                .map(|e| {
                    let field =
                        e["loc"].as_array().and_then(|l| l.last()).map(|f| f.to_string().trim_matches('"').to_owned());
                    let msg = e["msg"].as_str().or(e["type"].as_str()).unwrap_or("is not accepted");
                    format!("{} {msg}", field.unwrap_or_else(|| "a field".into()))
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => None,
    }
}
