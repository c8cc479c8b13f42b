//! Ghost Admin API: `POST /ghost/api/admin/posts/?source=html`, then `PUT
//! /ghost/api/admin/posts/{id}/?source=html` with the post's current `updated_at`
//! (<https://docs.ghost.org/admin-api/posts/creating-a-post>, updating-a-post). Each request
//! carries a short-lived HS256 token made from the Admin API key `id:secret`
//! (<https://docs.ghost.org/admin-api#token-authentication>). A draft never emails anyone:
//! sending to a newsletter is a separate, explicit step in Ghost.
//!
//! Sending is that step: the post `published` (or `scheduled` with its `published_at`) with
//! `?newsletter={slug}&email_segment=all` (<https://docs.ghost.org/admin-api/posts/sending-a-post>).
//! The newsletter is the target's (its slug in `lists`), else the site's first active one;
//! its audience is its `count.active_members` (members whose email is not disabled).

use serde_json::{json, Value};

use super::{Api, Audience, Content, PublishState, Published, Remote, When};
use crate::{Error, Result};

/// The token's life: Ghost accepts at most five minutes.
const TOKEN_SECONDS: u64 = 300;

#[derive(serde::Serialize)]
struct Claims {
    iat: u64,
    exp: u64,
    aud: &'static str,
}

/// The `Ghost <token>` an Admin API request carries.
pub(super) fn token(key: &str, now: u64) -> Result<String> {
    let bad = || Error::Invalid("a Ghost Admin API key is its id and secret with a colon between (id:secret)".into());
    let (id, secret) = key.trim().split_once(':').ok_or_else(bad)?;
    let secret = hex(secret).ok_or_else(bad)?;
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(id.to_owned());
    let claims = Claims { iat: now, exp: now + TOKEN_SECONDS, aud: "/admin/" };
    jsonwebtoken::encode(&header, &claims, &jsonwebtoken::EncodingKey::from_secret(&secret))
        .map_err(|e| Error::Internal(format!("signing the Ghost token: {e}")))
}

fn hex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if s.is_empty() || !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Signs a request for the Admin API.
fn signed(api: &Api, r: reqwest::RequestBuilder) -> Result<reqwest::RequestBuilder> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Ok(r.header("Authorization", format!("Ghost {}", token(&api.key, now)?)).header("Accept-Version", "v5.0"))
}

/// The newsletter a target sends to: (slug, name, active members).
async fn newsletter(api: &Api) -> Result<(String, String, Option<u64>)> {
    let url = format!("{}/ghost/api/admin/newsletters/?include=count.active_members&limit=all", api.base);
    let answer = api.send(signed(api, api.client.get(url))?, explain).await?;
    let list = answer["newsletters"].as_array().cloned().unwrap_or_default();
    let wanted = api.target.lists.trim();
    let found = if wanted.is_empty() {
        list.iter().find(|n| n["status"] == "active")
    } else {
        list.iter().find(|n| n["slug"].as_str().is_some_and(|s| s.eq_ignore_ascii_case(wanted)))
    };
    let Some(n) = found else {
        let known: Vec<&str> = list.iter().filter_map(|n| n["slug"].as_str()).collect();
        return Err(Error::Invalid(if wanted.is_empty() {
            format!("the Ghost site of “{}” has no active newsletter to send to", api.target.name)
        } else {
            format!(
                "the Ghost site of “{}” has no newsletter “{wanted}” (it has: {})",
                api.target.name,
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            )
        }));
    };
    let slug = n["slug"].as_str().unwrap_or_default().to_owned();
    let name = n["name"].as_str().unwrap_or(&slug).to_owned();
    Ok((slug, name, n["count"]["active_members"].as_u64()))
}

pub(super) async fn send(api: &Api, remote_id: &str, when: &When) -> Result<()> {
    let (slug, ..) = newsletter(api).await?;
    let post_url = format!("{}/ghost/api/admin/posts/{remote_id}/", api.base);
    let current = api.send(signed(api, api.client.get(&post_url))?, explain).await?;
    let mut post = json!({ "updated_at": current["posts"][0]["updated_at"] });
    match when {
        When::Now => post["status"] = "published".into(),
        When::At(_) => {
            post["status"] = "scheduled".into();
            post["published_at"] = when.stamp().into();
        }
    }
    let url = format!("{post_url}?newsletter={}&email_segment=all", urlencoding(&slug));
    let answer = api.send(signed(api, api.client.put(url))?.json(&json!({ "posts": [post] })), explain).await?;
    // Ghost publishes the post even when its email fails; that failure is the author's to know.
    if answer["posts"][0]["email"]["status"] == "failed" {
        let why = answer["posts"][0]["email"]["error"].as_str().unwrap_or("no reason given");
        return Err(Error::Publish(format!(
            "Ghost published the post but its email failed ({why}): set it back to a draft in Ghost and send again"
        )));
    }
    Ok(())
}

/// Uploads a library image (`POST /ghost/api/admin/images/upload/`, the file as `file`,
/// <https://docs.ghost.org/admin-api/images/uploading-an-image>); its address on the site.
pub(super) async fn upload(api: &Api, image: super::Image) -> Result<String> {
    let name = image.name.clone();
    let form = reqwest::multipart::Form::new().part("file", image.part()?).text("purpose", "image").text("ref", name);
    let url = format!("{}/ghost/api/admin/images/upload/", api.base);
    let answer = api.send(signed(api, api.client.post(url))?.multipart(form), explain).await?;
    answer["images"][0]["url"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Error::Publish("Ghost answered the image upload without its address".into()))
}

/// Where the post stands (`GET /ghost/api/admin/posts/{id}/`, its `status`).
pub(super) async fn state(api: &Api, remote_id: &str) -> Result<PublishState> {
    let url = format!("{}/ghost/api/admin/posts/{remote_id}/", api.base);
    let answer = api.send(signed(api, api.client.get(url))?, explain).await?;
    Ok(match answer["posts"][0]["status"].as_str().unwrap_or_default() {
        "published" | "sent" => PublishState::Sent,
        "draft" => PublishState::Draft,
        _ => PublishState::Scheduled,
    })
}

pub(super) async fn audience(api: &Api) -> Result<Audience> {
    let (_, name, count) = newsletter(api).await?;
    Ok(Audience::of(api, format!("the Ghost newsletter “{name}”"), count))
}

/// A newsletter's slug as a query value (slugs are letters, digits and dashes; anything
/// else is escaped).
fn urlencoding(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub(super) async fn publish(api: &Api, c: &Content, before: Option<&Published>) -> Result<Remote> {
    let posts = format!("{}/ghost/api/admin/posts", api.base);
    let with = |r: reqwest::RequestBuilder| signed(api, r);
    let mut post = json!({ "title": c.subject, "html": c.html, "custom_excerpt": c.preheader });
    let request = match before {
        None => {
            post["status"] = "draft".into();
            api.client.post(format!("{posts}/?source=html"))
        }
        Some(p) => {
            // Ghost refuses an update without the post's current `updated_at`.
            let current = api.send(with(api.client.get(format!("{posts}/{}/", p.remote_id)))?, explain).await?;
            post["updated_at"] = current["posts"][0]["updated_at"].clone();
            api.client.put(format!("{posts}/{}/?source=html", p.remote_id))
        }
    };
    let answer = api.send(with(request)?.json(&json!({ "posts": [post] })), explain).await?;
    let id = answer["posts"][0]["id"]
        .as_str()
        .ok_or_else(|| Error::Publish("Ghost answered without the post's id".into()))?;
    Ok(Remote { url: format!("{}/ghost/#/editor/post/{id}", api.base), id: id.to_owned() })
}

/// `{"errors": [{"message", "context", "property"}]}`.
fn explain(v: &Value) -> Option<String> {
    let list = v["errors"].as_array()?;
    Some(
        list.iter()
            .map(|e| {
                let message = e["message"].as_str().unwrap_or("refused");
                let context = e["context"].as_str().map(|c| format!(": {c}")).unwrap_or_default();
                let field = e["property"].as_str().map(|p| format!(" ({p})")).unwrap_or_default();
                format!("{message}{context}{field}")
            })
            .collect::<Vec<_>>()
            .join("; "),
    )
}
