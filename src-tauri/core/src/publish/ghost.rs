//! Ghost Admin API: `POST /ghost/api/admin/posts/?source=html`, then `PUT
//! /ghost/api/admin/posts/{id}/?source=html` with the post's current `updated_at`
//! (<https://docs.ghost.org/admin-api/posts/creating-a-post>, updating-a-post). Each request
//! carries a short-lived HS256 token made from the Admin API key `id:secret`
//! (<https://docs.ghost.org/admin-api#token-authentication>). A draft never emails anyone:
//! sending to a newsletter is a separate, explicit step in Ghost.

use serde_json::{json, Value};

use super::{Api, Content, Published, Remote};
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

pub(super) async fn publish(api: &Api, c: &Content, before: Option<&Published>) -> Result<Remote> {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let auth = format!("Ghost {}", token(&api.key, now)?);
    let posts = format!("{}/ghost/api/admin/posts", api.base);
    let with = |r: reqwest::RequestBuilder| r.header("Authorization", &auth).header("Accept-Version", "v5.0");
    let mut post = json!({ "title": c.subject, "html": c.html, "custom_excerpt": c.preheader });
    let request = match before {
        None => {
            post["status"] = "draft".into();
            api.client.post(format!("{posts}/?source=html"))
        }
        Some(p) => {
            // Ghost refuses an update without the post's current `updated_at`.
            let current = api.send(with(api.client.get(format!("{posts}/{}/", p.remote_id))), explain).await?;
            post["updated_at"] = current["posts"][0]["updated_at"].clone();
            api.client.put(format!("{posts}/{}/?source=html", p.remote_id))
        }
    };
    let answer = api.send(with(request).json(&json!({ "posts": [post] })), explain).await?;
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
