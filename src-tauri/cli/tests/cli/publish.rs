//! Publishing drafts through the command line, each service served on loopback by a test
//! server that implements the documented contract of the endpoints Masthead uses and
//! checks every request it gets:
//! - Buttondown: https://docs.buttondown.com/api-emails-create, /api-emails-update,
//!   /api-authentication, /api-error-codes, /api-rate-limits.
//! - Ghost Admin API: https://docs.ghost.org/admin-api#token-authentication,
//!   /admin-api/posts/creating-a-post, /admin-api/posts/updating-a-post.
//! - listmonk: https://listmonk.app/docs/apis/apis/, /apis/campaigns/.
//! - Kit API v4: https://developers.kit.com/api-reference/authentication,
//!   /api-reference/broadcasts/create-a-broadcast, /update-a-broadcast.
//!
//! None of these services can run here (listmonk could, with PostgreSQL, which CI does not
//! have); the servers answer as the references show, and the tests check what Masthead
//! sent and what it kept.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use masthead_test_support::http;
use serde_json::{json, Value};

use super::{cli_env, library, stderr};

/// One request as a service's test reads it: its JSON body parsed.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Value,
    /// The body as sent (a multipart upload is no JSON).
    raw: String,
}

/// A status, extra headers and a JSON body (status 0: drop the connection).
type Answer = (u16, Vec<(&'static str, String)>, Value);
type Handler = dyn Fn(&Request) -> Answer + Send + Sync;

/// The shared loopback server answering as a JSON API with `handler`; its base URL and
/// every request, as the handler saw them.
fn serve(handler: Box<Handler>) -> (String, Arc<Mutex<Vec<Request>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let server = http::Server::start(move |r| {
        let req = Request {
            method: r.method.clone(),
            path: r.path.clone(),
            headers: r.headers.clone(),
            body: r.json(),
            raw: r.text(),
        };
        log.lock().unwrap().push(req.clone());
        let (status, headers, body) = handler(&req);
        if status == 0 {
            return http::Response::dropped();
        }
        headers.into_iter().fold(http::Response::json(status, body), |a, (k, v)| a.header(k, v))
    });
    (server.base, seen)
}

fn run(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    cli_env(dir, env, args)
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &std::process::Output) -> String {
    stderr(o)
}

#[test]
fn buttondown_gets_an_explicit_draft_then_an_update_of_the_same_email() {
    let (base, seen) = serve(Box::new(|r: &Request| {
        if r.headers.get("authorization").map(String::as_str) != Some("Token bd-secret") {
            return (401, vec![], json!({"detail": "Invalid token."}));
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/v1/emails") if r.body.get("status") != Some(&json!("draft")) => {
                (400, vec![], json!({"code": "status_invalid", "detail": "status must be given"}))
            }
            ("POST", "/v1/emails") if r.body["subject"] == "" => (
                422,
                vec![],
                json!({"detail": [{"type": "missing", "loc": ["body", "subject"], "msg": "Field required"}]}),
            ),
            ("POST", "/v1/emails") => {
                (201, vec![], json!({"id": "0f4e-draft", "status": "draft", "subject": r.body["subject"]}))
            }
            ("PATCH", "/v1/emails/0f4e-draft") => (200, vec![], json!({"id": "0f4e-draft", "status": "draft"})),
            _ => (404, vec![], json!({"detail": "Not found."})),
        }
    }));
    let (dir, _store) = library();
    let d = dir.path();
    let add = run(d, &[], &["targets", "add", "Weekly BD", "--service", "buttondown", "--url", &base]);
    assert!(add.status.success(), "{}", err(&add));

    let no_key = run(d, &[], &["publish", "--issue", "1", "--to", "weekly bd"]);
    assert_eq!(no_key.status.code(), Some(2));
    assert!(err(&no_key).contains("there is no Buttondown key for target “Weekly BD”"), "{}", err(&no_key));
    assert!(err(&no_key).contains("MASTHEAD_TARGET_WEEKLY_BD_KEY"));

    let wrong = run(d, &[("MASTHEAD_TARGET_WEEKLY_BD_KEY", "nope")], &["publish", "--issue", "1", "--to", "Weekly BD"]);
    assert!(err(&wrong).contains("Buttondown refused the API key of “Weekly BD” (Invalid token.)"), "{}", err(&wrong));

    let key = [("MASTHEAD_TARGET_WEEKLY_BD_KEY", "bd-secret")];
    let first = run(d, &key, &["publish", "--issue", "1", "--to", "Weekly BD"]);
    assert!(first.status.success(), "{}", err(&first));
    assert_eq!(
        out(&first),
        "Created the draft in Buttondown (“Weekly BD”): https://buttondown.com/emails/0f4e-draft\nid: 0f4e-draft\n"
    );
    let second = run(d, &key, &["publish", "--issue", "1", "--to", "Weekly BD", "--json"]);
    let report: Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(
        (report["created"].as_bool(), report["published"]["remote_id"].as_str()),
        (Some(false), Some("0f4e-draft"))
    );

    let requests = seen.lock().unwrap().clone();
    let post = requests.iter().find(|r| r.method == "POST" && r.headers["authorization"] == "Token bd-secret").unwrap();
    assert_eq!(post.body["status"], "draft", "the status is always explicit");
    assert_eq!(post.body["subject"], "Welcome to Masthead");
    let body = post.body["body"].as_str().unwrap();
    assert!(body.starts_with("<!-- buttondown-editor-mode: fancy -->\n"), "{}", &body[..80]);
    assert!(!body.contains("<html") && !body.contains("<body"), "a fragment: Buttondown wraps it in its template");
    assert!(body.contains("href=\"{{ unsubscribe_url }}\""), "Buttondown's own unsubscribe link");
    let patch = requests.iter().find(|r| r.method == "PATCH").expect("the second publish updates the same email");
    assert!(patch.body.get("status").is_none(), "an update leaves the status as it is");
    assert_eq!(
        requests.iter().filter(|r| r.method == "POST").count(),
        2,
        "one refused for its key, one made: never a duplicate"
    );
}

const GHOST_ID: &str = "6489aa5f36b3a8000138e5c1";
const GHOST_SECRET: &str = "4f2b1d0c9a8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";

/// Ghost's check of an Admin API request: `Authorization: Ghost <jwt>`, HS256 with the
/// hex-decoded secret, kid = the key's id, audience /admin/, at most five minutes long;
/// `Accept-Version` given. The refusal as Ghost words it, or `None` when it passes.
fn ghost_refuses(r: &Request) -> Option<Answer> {
    let auth = r.headers.get("authorization").cloned().unwrap_or_default();
    let Some(jwt) = auth.strip_prefix("Ghost ") else {
        return Some((
            401,
            vec![],
            json!({"errors": [{"message": "Authorization header format is \"Authorization: Ghost [token]\"", "type": "UnauthorizedError", "code": "INVALID_AUTH_HEADER"}]}),
        ));
    };
    let header = jsonwebtoken::decode_header(jwt).unwrap();
    let secret: Vec<u8> =
        (0..GHOST_SECRET.len()).step_by(2).map(|i| u8::from_str_radix(&GHOST_SECRET[i..i + 2], 16).unwrap()).collect();
    let mut v = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    v.set_audience(&["/admin/"]);
    let claims = jsonwebtoken::decode::<Value>(jwt, &jsonwebtoken::DecodingKey::from_secret(&secret), &v);
    let ok = header.kid.as_deref() == Some(GHOST_ID)
        && claims.as_ref().is_ok_and(|c| c.claims["exp"].as_u64().unwrap() - c.claims["iat"].as_u64().unwrap() <= 300);
    if !ok {
        return Some((
            401,
            vec![],
            json!({"errors": [{"message": "Invalid token", "type": "UnauthorizedError", "code": "INVALID_JWT"}]}),
        ));
    }
    assert_eq!(r.headers.get("accept-version").map(String::as_str), Some("v5.0"));
    None
}

#[test]
fn ghost_gets_a_signed_token_and_updates_carry_the_posts_updated_at() {
    const ID: &str = GHOST_ID;
    const SECRET: &str = GHOST_SECRET;
    let (base, seen) = serve(Box::new(|r: &Request| {
        if let Some(refused) = ghost_refuses(r) {
            return refused;
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/ghost/api/admin/posts/?source=html") => {
                let post = &r.body["posts"][0];
                assert_eq!(post["status"], "draft");
                (
                    201,
                    vec![],
                    json!({"posts": [{"id": "65f0c0ffee", "status": "draft", "updated_at": "2026-11-27T10:00:00.000Z", "title": post["title"]}]}),
                )
            }
            ("GET", "/ghost/api/admin/posts/65f0c0ffee/") => {
                (200, vec![], json!({"posts": [{"id": "65f0c0ffee", "updated_at": "2026-11-27T10:05:00.000Z"}]}))
            }
            ("PUT", "/ghost/api/admin/posts/65f0c0ffee/?source=html")
                if r.body["posts"][0]["updated_at"] != "2026-11-27T10:05:00.000Z" =>
            {
                (
                    409,
                    vec![],
                    json!({"errors": [{"message": "Saving failed! Someone else is editing this post.", "type": "UpdateCollisionError"}]}),
                )
            }
            ("PUT", "/ghost/api/admin/posts/65f0c0ffee/?source=html") => {
                (200, vec![], json!({"posts": [{"id": "65f0c0ffee", "updated_at": "2026-11-27T10:06:00.000Z"}]}))
            }
            _ => (404, vec![], json!({"errors": [{"message": "Resource not found", "type": "NotFoundError"}]})),
        }
    }));
    let (dir, _store) = library();
    let d = dir.path();
    assert!(
        run(d, &[], &["targets", "add", "site", "--service", "ghost"]).status.code() == Some(2),
        "Ghost needs its address"
    );
    assert!(run(d, &[], &["targets", "add", "site", "--service", "ghost", "--url", &format!("{base}/")])
        .status
        .success());
    let bad = run(d, &[("MASTHEAD_TARGET_SITE_KEY", "no-colon")], &["publish", "--issue", "1", "--to", "site"]);
    assert!(err(&bad).contains("a Ghost Admin API key is its id and secret with a colon between"), "{}", err(&bad));
    let wrong =
        run(d, &[("MASTHEAD_TARGET_SITE_KEY", &format!("{ID}:00ff"))], &["publish", "--issue", "1", "--to", "site"]);
    assert!(err(&wrong).contains("Ghost refused the API key of “site” (Invalid token)"), "{}", err(&wrong));

    let key = format!("{ID}:{SECRET}");
    let env = [("MASTHEAD_TARGET_SITE_KEY", key.as_str())];
    let first = run(d, &env, &["publish", "--issue", "1", "--to", "site"]);
    assert!(first.status.success(), "{}", err(&first));
    assert!(
        out(&first)
            .starts_with(&format!("Created the draft in Ghost (“site”): {base}/ghost/#/editor/post/65f0c0ffee\n")),
        "{}",
        out(&first)
    );
    let second = run(d, &env, &["publish", "--issue", "1", "--to", "site"]);
    assert!(second.status.success(), "{}", err(&second));
    assert!(out(&second).starts_with("Updated the draft in Ghost"));

    let requests = seen.lock().unwrap().clone();
    let post = requests.iter().find(|r| r.method == "POST" && r.body["posts"][0]["html"].is_string()).unwrap();
    let html = post.body["posts"][0]["html"].as_str().unwrap();
    assert!(!html.contains("<body") && !html.to_lowercase().contains("unsubscribe"), "Ghost's template adds its own");
    assert!(html.contains(">1 Harbour Road, Portside</p>"), "the postal address stays, without a separator before it");
}

#[test]
fn listmonk_gets_the_whole_email_and_its_text_with_its_lists() {
    let (base, seen) = serve(Box::new(|r: &Request| {
        // HTTP Basic: the API user and its token.
        let expected = format!("Basic {}", base64_of("masthead:lm-token"));
        if r.headers.get("authorization") != Some(&expected) {
            return (403, vec![], json!({"message": "invalid API credentials"}));
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/api/campaigns") if r.body["lists"].as_array().is_none_or(Vec::is_empty) => {
                (400, vec![], json!({"message": "Invalid list IDs."}))
            }
            ("POST", "/api/campaigns") => (200, vec![], json!({"data": {"id": 17, "status": "draft", "to_send": 0}})),
            ("PUT", "/api/campaigns/17") => (200, vec![], json!({"data": {"id": 17, "status": "draft"}})),
            _ => (404, vec![], json!({"message": "Campaign not found."})),
        }
    }));
    let (dir, _store) = library();
    let d = dir.path();
    let add = run(
        d,
        &[],
        &[
            "targets",
            "add",
            "lm",
            "--service",
            "listmonk",
            "--url",
            &base,
            "--user",
            "masthead",
            "--lists",
            "3, 4",
            "--template",
            "5",
        ],
    );
    assert!(add.status.success(), "{}", err(&add));
    let env = [("MASTHEAD_TARGET_LM_KEY", "lm-token")];
    let first = run(d, &env, &["publish", "--issue", "1", "--to", "lm"]);
    assert!(first.status.success(), "{}", err(&first));
    assert!(out(&first).starts_with(&format!("Created the draft in listmonk (“lm”): {base}/admin/campaigns/17\n")));
    assert!(run(d, &env, &["publish", "--issue", "1", "--to", "lm"]).status.success());
    let wrong = run(d, &[("MASTHEAD_TARGET_LM_KEY", "stale")], &["publish", "--issue", "1", "--to", "lm"]);
    assert!(err(&wrong).contains("listmonk refused the API key of “lm” (invalid API credentials)"), "{}", err(&wrong));

    let requests = seen.lock().unwrap().clone();
    let post = requests.iter().find(|r| r.method == "POST").unwrap();
    assert_eq!((post.body["lists"].clone(), post.body["template_id"].clone()), (json!([3, 4]), json!(5)));
    assert_eq!(post.body["content_type"], "html");
    let body = post.body["body"].as_str().unwrap();
    assert!(body.starts_with("<!DOCTYPE html>") || body.starts_with("<!doctype html>"), "the whole email");
    assert!(body.contains("href=\"{{ UnsubscribeURL }}\""));
    assert!(post.body["altbody"].as_str().unwrap().contains("Welcome to Masthead"), "the plain text too");
    assert!(requests.iter().any(|r| r.method == "PUT" && r.path == "/api/campaigns/17"));
}

#[test]
fn kit_gets_a_private_unscheduled_broadcast_and_failures_are_said_in_words() {
    let calls = Arc::new(Mutex::new(0));
    let c = calls.clone();
    let (base, seen) = serve(Box::new(move |r: &Request| {
        if r.headers.get("x-kit-api-key").map(String::as_str) != Some("kit-key") {
            return (401, vec![], json!({"errors": ["The access token is invalid"]}));
        }
        let mut n = c.lock().unwrap();
        *n += 1;
        match (*n, r.method.as_str(), r.path.as_str()) {
            (1, ..) => (429, vec![("Retry-After", "30".into())], json!({"errors": ["Too many requests"]})),
            (2, ..) => (422, vec![], json!({"errors": ["Email template not found"]})),
            (3, ..) => (0, vec![], Value::Null), // the connection drops
            (_, "POST", "/v4/broadcasts") => {
                (201, vec![], json!({"broadcast": {"id": 9001, "status": "draft", "send_at": null}}))
            }
            (_, "PUT", "/v4/broadcasts/9001") => (200, vec![], json!({"broadcast": {"id": 9001}})),
            _ => (404, vec![], json!({"errors": ["Not Found"]})),
        }
    }));
    let (dir, store) = library();
    let d = dir.path();
    assert!(run(d, &[], &["targets", "add", "kit", "--service", "kit", "--url", &base, "--template", "77"])
        .status
        .success());
    let env = [("MASTHEAD_TARGET_KIT_KEY", "kit-key")];
    let publish = || run(d, &env, &["publish", "--issue", "1", "--to", "kit"]);
    let limited = publish();
    assert_eq!(limited.status.code(), Some(2));
    assert!(
        err(&limited).contains("Kit asks to slow down (too many requests): try again in 30 s; nothing was published"),
        "{}",
        err(&limited)
    );
    assert!(err(&publish()).contains("Kit refused the draft (422): Email template not found"));
    let dropped = publish();
    assert!(err(&dropped).contains("nothing was published"), "{}", err(&dropped));
    let issue = store.issue_by_number(None, 1).unwrap().id;
    assert!(
        store.publishes_of(issue).unwrap().is_empty(),
        "nothing is kept as published unless the service confirmed it"
    );

    let made = publish();
    assert!(made.status.success(), "{}", err(&made));
    assert!(out(&made).starts_with("Created the draft in Kit (“kit”): https://app.kit.com/campaigns/9001/draft\n"));
    assert!(publish().status.success());
    let requests = seen.lock().unwrap().clone();
    let post = requests.iter().rev().find(|r| r.method == "POST").unwrap();
    assert_eq!(
        (post.body["send_at"].clone(), post.body["public"].clone()),
        (Value::Null, json!(false)),
        "a private draft"
    );
    assert_eq!(post.body["email_template_id"], 77);
    assert!(post.body["content"].as_str().unwrap().contains("{{ unsubscribe_url }}"));
    assert!(requests.iter().any(|r| r.method == "PUT" && r.path == "/v4/broadcasts/9001"));
    let kept = store.publishes_of(issue).unwrap();
    assert_eq!((kept[0].remote_id.as_str(), kept[0].state.as_str(), kept[0].target.as_str()), ("9001", "draft", "kit"));
    let history: Vec<String> = store.list_revisions(issue).unwrap().into_iter().map(|r| r.reason).collect();
    assert!(history.contains(&"Published to “kit” (Kit draft)".to_owned()), "{history:?}");
    assert!(history.contains(&"Published again to “kit” (Kit draft)".to_owned()), "{history:?}");

    let listed = out(&run(d, &env, &["targets", "list"]));
    assert!(listed.contains("kit") && listed.contains("key kept"), "{listed}");
}

fn base64_of(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// Sending is a second step: asked about with the audience the service reports, refused
/// without an answer, done with `--send --yes`; the issue's status and history follow, and
/// a sent email is never changed or sent again.
/// Buttondown: https://docs.buttondown.com/drafting-emails-via-the-api (status
/// `about_to_send`), /scheduling-emails-via-the-api (`scheduled` + `publish_date`),
/// /api-subscribers-list (`count`).
#[test]
fn buttondown_sends_after_asking_and_schedules_with_a_publish_date() {
    let (base, seen) = serve(Box::new(|r: &Request| {
        if r.headers.get("authorization").map(String::as_str) != Some("Token bd-secret") {
            return (401, vec![], json!({"detail": "Invalid token."}));
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/v1/subscribers?type=regular&type=premium") => {
                (200, vec![], json!({"results": [], "next": null, "previous": null, "count": 1204}))
            }
            ("POST", "/v1/emails") => {
                let n = if r.body["subject"] == "Welcome to Masthead" { "one" } else { "two" };
                (201, vec![], json!({"id": n, "status": "draft"}))
            }
            ("PATCH", "/v1/emails/one" | "/v1/emails/two") => {
                if r.body["status"] == "scheduled" && r.body["publish_date"].as_str().is_none() {
                    return (
                        400,
                        vec![],
                        json!({"code": "publish_date_invalid", "detail": "A scheduled email needs a publish date."}),
                    );
                }
                (200, vec![], json!({"id": "one", "status": r.body.get("status").unwrap_or(&json!("draft"))}))
            }
            _ => (404, vec![], json!({"detail": "Not found."})),
        }
    }));
    let (dir, store) = library();
    let d = dir.path();
    let first = store.issue_by_number(None, 1).unwrap().id;
    let second = store.duplicate_issue(first).unwrap();
    store.rename_issue(second.id, "The second one").unwrap();
    assert!(run(d, &[], &["targets", "add", "bd", "--service", "buttondown", "--url", &base]).status.success());
    let key = [("MASTHEAD_TARGET_BD_KEY", "bd-secret")];

    // No terminal to ask in: the question is shown, nothing is sent.
    let asked = run(d, &key, &["publish", "--issue", "1", "--to", "bd", "--send"]);
    assert_eq!(asked.status.code(), Some(2));
    assert!(
        err(&asked).contains(
            "Send issue #1 “Welcome to Masthead” now to your Buttondown list, regular and premium (1,204 subscribers)?"
        ) && err(&asked).contains("add --yes"),
        "{}",
        err(&asked)
    );
    assert!(seen.lock().unwrap().iter().all(|r| r.method == "GET"), "nothing made or sent before the answer");

    let sent = run(d, &key, &["publish", "--issue", "1", "--to", "bd", "--send", "--yes"]);
    assert!(sent.status.success(), "{}", err(&sent));
    assert_eq!(
        out(&sent),
        "Buttondown is sending the issue to the list now: https://buttondown.com/emails/one\nid: one\n"
    );
    let patch = seen.lock().unwrap().iter().rev().find(|r| r.method == "PATCH").cloned().unwrap();
    assert_eq!((patch.path.as_str(), patch.body.clone()), ("/v1/emails/one", json!({"status": "about_to_send"})));
    let issue = store.get_issue(first).unwrap();
    assert_eq!(issue.status, masthead_core::model::IssueStatus::Sent);
    let kept = &store.publishes_of(first).unwrap()[0];
    assert_eq!(kept.state, masthead_core::publish::PublishState::Sent);
    assert!(kept.send_at.ends_with('Z') && kept.send_at.len() == 20, "{}", kept.send_at);
    let history: Vec<String> = store.list_revisions(first).unwrap().into_iter().map(|r| r.reason).collect();
    assert!(history.contains(&"Sent to the list through “bd” (Buttondown)".to_owned()), "{history:?}");

    let again = run(d, &key, &["publish", "--issue", "1", "--to", "bd", "--send", "--yes"]);
    assert!(err(&again).contains("this issue went to the list through “bd” already (today); nothing was sent again"));
    let edit = run(d, &key, &["publish", "--issue", "1", "--to", "bd"]);
    assert!(err(&edit).contains("a sent email cannot change; nothing was published"), "{}", err(&edit));

    // Scheduling: a time in the past or nonsense is refused before anything is asked.
    for (bad, says) in [
        ("2020-01-01T07:00Z", "is not in the future"),
        ("next tuesday", "is not a date and time"),
        ("2099-01-01T07:00Z", "is more than a year from now"),
    ] {
        let refused = run(d, &key, &["publish", "--issue", "2", "--to", "bd", "--schedule", bad, "--yes"]);
        assert!(err(&refused).contains(says), "{bad}: {}", err(&refused));
    }
    let at = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48)).strftime("%Y-%m-%dT%H:%MZ").to_string();
    let scheduled = run(d, &key, &["publish", "--issue", "2", "--to", "bd", "--schedule", &at, "--yes"]);
    assert!(scheduled.status.success(), "{}", err(&scheduled));
    assert!(out(&scheduled).starts_with("Buttondown sends the issue to the list on "), "{}", out(&scheduled));
    let patch = seen.lock().unwrap().iter().rev().find(|r| r.method == "PATCH").cloned().unwrap();
    let stamp = format!("{}:00Z", at.trim_end_matches('Z'));
    assert_eq!(patch.body, json!({"status": "scheduled", "publish_date": stamp}));
    assert_eq!(store.get_issue(second.id).unwrap().status, masthead_core::model::IssueStatus::Scheduled);
    // Updating a scheduled draft keeps it scheduled (the update leaves Buttondown's status).
    assert!(run(d, &key, &["publish", "--issue", "2", "--to", "bd"]).status.success());
    let kept = &store.publishes_of(second.id).unwrap()[0];
    assert_eq!((kept.state, kept.send_at.as_str()), (masthead_core::publish::PublishState::Scheduled, stamp.as_str()));
    assert!(seen.lock().unwrap().iter().rev().find(|r| r.method == "PATCH").unwrap().body.get("status").is_none());
}

/// Ghost: https://docs.ghost.org/admin-api/posts/sending-a-post (`?newsletter=&email_segment=`
/// with `status: published` or `scheduled` + `published_at`, and the post's `updated_at`);
/// newsletters with `include=count.active_members` as Ghost's newsletters endpoint allows.
/// The pre-flight check stops a send with errors before the service hears of it.
#[test]
fn ghost_sends_to_the_chosen_newsletter_and_the_check_stops_a_send_with_errors() {
    let (base, seen) = serve(Box::new(|r: &Request| {
        if let Some(refused) = ghost_refuses(r) {
            return refused;
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/ghost/api/admin/newsletters/?include=count.active_members&limit=all") => (
                200,
                vec![],
                json!({"newsletters": [
                    {"id": "n1", "slug": "default-newsletter", "name": "Everything", "status": "active", "count": {"active_members": 5000}},
                    {"id": "n2", "slug": "weekly", "name": "The Weekly", "status": "active", "count": {"active_members": 118}}
                ], "meta": {"pagination": {"page": 1, "pages": 1, "total": 2}}}),
            ),
            ("POST", "/ghost/api/admin/posts/?source=html") => (
                201,
                vec![],
                json!({"posts": [{"id": "p1", "status": "draft", "updated_at": "2026-11-27T10:00:00.000Z"}]}),
            ),
            ("GET", "/ghost/api/admin/posts/p1/") => {
                (200, vec![], json!({"posts": [{"id": "p1", "updated_at": "2026-11-27T10:05:00.000Z"}]}))
            }
            ("PUT", "/ghost/api/admin/posts/p1/?source=html") => {
                (200, vec![], json!({"posts": [{"id": "p1", "updated_at": "2026-11-27T10:05:00.000Z"}]}))
            }
            ("PUT", "/ghost/api/admin/posts/p1/?newsletter=weekly&email_segment=all") => {
                let post = &r.body["posts"][0];
                if post["updated_at"] != "2026-11-27T10:05:00.000Z" {
                    return (
                        409,
                        vec![],
                        json!({"errors": [{"message": "Saving failed! Someone else is editing this post.", "type": "UpdateCollisionError"}]}),
                    );
                }
                (
                    200,
                    vec![],
                    json!({"posts": [{"id": "p1", "status": post["status"], "email": {"status": "pending", "email_count": 118}}]}),
                )
            }
            _ => (404, vec![], json!({"errors": [{"message": "Resource not found", "type": "NotFoundError"}]})),
        }
    }));
    let (dir, store) = library();
    let d = dir.path();
    let key = format!("{GHOST_ID}:{GHOST_SECRET}");
    let env = [("MASTHEAD_TARGET_SITE_KEY", key.as_str())];
    assert!(run(d, &[], &["targets", "add", "site", "--service", "ghost", "--url", &base, "--lists", "nope"])
        .status
        .success());
    let missing = run(d, &env, &["publish", "--issue", "1", "--to", "site", "--send", "--yes"]);
    assert!(
        err(&missing).contains("has no newsletter “nope” (it has: default-newsletter, weekly)"),
        "{}",
        err(&missing)
    );
    run(d, &[], &["targets", "remove", "site"]);
    assert!(run(d, &[], &["targets", "add", "site", "--service", "ghost", "--url", &base, "--lists", "weekly"])
        .status
        .success());

    // A TK marker is an error of the pre-flight check: nothing is sent, nothing made.
    let id = store.issue_by_number(None, 1).unwrap().id;
    let doc = store.get_issue_doc(id).unwrap();
    let mut fields = masthead_core::model::IssueFields {
        title: doc.issue.title.clone(),
        intro: format!("{} TK", doc.issue.intro),
        date: doc.issue.date.clone(),
        preheader: doc.issue.preheader.clone(),
        closing: doc.issue.closing.clone(),
        subtitle: doc.issue.subtitle.clone(),
        ..Default::default()
    };
    store.update_issue(id, fields.clone()).unwrap();
    let stopped = run(d, &env, &["publish", "--issue", "1", "--to", "site", "--send", "--yes"]);
    assert!(err(&stopped).contains("the pre-flight check found an error to fix before sending ("), "{}", err(&stopped));
    assert!(err(&stopped).contains("marker"), "{}", err(&stopped));
    assert!(!seen.lock().unwrap().iter().any(|r| r.method != "GET"), "the service heard nothing but questions");
    assert!(store.publishes_of(id).unwrap().is_empty());

    fields.intro = doc.issue.intro.clone();
    store.update_issue(id, fields).unwrap();
    let sent = run(d, &env, &["publish", "--issue", "1", "--to", "site", "--send", "--yes"]);
    assert!(sent.status.success(), "{}", err(&sent));
    assert!(out(&sent).starts_with("Ghost is sending the issue to the list now: "), "{}", out(&sent));
    let put = seen.lock().unwrap().iter().rev().find(|r| r.path.contains("newsletter=")).cloned().unwrap();
    assert_eq!(put.body["posts"][0]["status"], "published");
    assert_eq!(store.get_issue(id).unwrap().status, masthead_core::model::IssueStatus::Sent);
}

/// listmonk: https://listmonk.app/docs/apis/campaigns/ (`PUT /api/campaigns/{id}` with every
/// field and `send_at`, then `PUT /api/campaigns/{id}/status`), /apis/lists/
/// (`subscriber_count`). Kit: https://developers.kit.com/api-reference/broadcasts/update-a-broadcast
/// (`public: true` and `send_at` schedule it), /subscribers/list-subscribers
/// (`include_total_count`).
#[test]
fn listmonk_starts_the_campaign_and_kit_schedules_the_broadcast() {
    let (lm, lm_seen) = serve(Box::new(|r: &Request| {
        let expected = format!("Basic {}", base64_of("masthead:lm-token"));
        if r.headers.get("authorization") != Some(&expected) {
            return (403, vec![], json!({"message": "invalid API credentials"}));
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/api/lists/3") => {
                (200, vec![], json!({"data": {"id": 3, "name": "Readers", "subscriber_count": 40}}))
            }
            ("GET", "/api/lists/4") => {
                (200, vec![], json!({"data": {"id": 4, "name": "Friends", "subscriber_count": 2}}))
            }
            ("POST", "/api/campaigns") => (200, vec![], json!({"data": {"id": 17, "status": "draft"}})),
            ("PUT", "/api/campaigns/17") if r.body["lists"].as_array().is_none_or(Vec::is_empty) => {
                (400, vec![], json!({"message": "Invalid list IDs."}))
            }
            ("PUT", "/api/campaigns/17") => {
                (200, vec![], json!({"data": {"id": 17, "status": "draft", "send_at": r.body["send_at"]}}))
            }
            ("PUT", "/api/campaigns/17/status") => {
                (200, vec![], json!({"data": {"id": 17, "status": r.body["status"]}}))
            }
            _ => (400, vec![], json!({"message": "Campaign not found."})),
        }
    }));
    let (kit, kit_seen) = serve(Box::new(|r: &Request| {
        if r.headers.get("x-kit-api-key").map(String::as_str) != Some("kit-key") {
            return (401, vec![], json!({"errors": ["The access token is invalid"]}));
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/v4/subscribers?include_total_count=true&per_page=1") => (
                200,
                vec![],
                json!({"subscribers": [], "pagination": {"has_previous_page": false, "has_next_page": true, "per_page": 1, "total_count": 9}}),
            ),
            ("POST", "/v4/broadcasts") => (201, vec![], json!({"broadcast": {"id": 9001, "send_at": null}})),
            ("PUT", "/v4/broadcasts/9001") => (
                200,
                vec![],
                json!({"broadcast": {"id": 9001, "send_at": r.body["send_at"], "public": r.body["public"]}}),
            ),
            _ => (404, vec![], json!({"errors": ["Not Found"]})),
        }
    }));
    let (dir, store) = library();
    let d = dir.path();
    let id = store.issue_by_number(None, 1).unwrap().id;
    let add = ["targets", "add", "lm", "--service", "listmonk", "--url", &lm, "--user", "masthead", "--lists", "3,4"];
    assert!(run(d, &[], &add).status.success());
    assert!(run(d, &[], &["targets", "add", "kit", "--service", "kit", "--url", &kit]).status.success());
    let env = [("MASTHEAD_TARGET_LM_KEY", "lm-token"), ("MASTHEAD_TARGET_KIT_KEY", "kit-key")];

    let asked = run(d, &env, &["publish", "--issue", "1", "--to", "lm", "--send"]);
    assert!(
        err(&asked).contains("now to the listmonk lists “Readers”, “Friends” (42 subscribers)? (listmonk counts"),
        "{}",
        err(&asked)
    );
    let sent = run(d, &env, &["publish", "--issue", "1", "--to", "lm", "--send", "-y"]);
    assert!(sent.status.success(), "{}", err(&sent));
    let requests = lm_seen.lock().unwrap().clone();
    let puts: Vec<&Request> = requests.iter().filter(|r| r.method == "PUT").collect();
    assert_eq!(puts.len(), 2, "the campaign with no send_at, then its status");
    assert_eq!((puts[0].body["send_at"].clone(), puts[0].body["lists"].clone()), (Value::Null, json!([3, 4])));
    assert_eq!(
        (puts[1].path.as_str(), puts[1].body.clone()),
        ("/api/campaigns/17/status", json!({"status": "running"}))
    );

    // Kit: asked with its count and what else Kit does, then scheduled.
    let second = store.duplicate_issue(id).unwrap();
    let at = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(30)).strftime("%Y-%m-%dT%H:%M:00Z").to_string();
    let asked = run(d, &env, &["publish", "--issue", &second.number.to_string(), "--to", "kit", "--schedule", &at]);
    assert!(
        err(&asked).contains("to your Kit list, every active subscriber (9 subscribers)? (Kit also shows"),
        "{}",
        err(&asked)
    );
    let scheduled =
        run(d, &env, &["publish", "--issue", &second.number.to_string(), "--to", "kit", "--schedule", &at, "--yes"]);
    assert!(scheduled.status.success(), "{}", err(&scheduled));
    let put = kit_seen.lock().unwrap().iter().rev().find(|r| r.method == "PUT").cloned().unwrap();
    assert_eq!((put.body["send_at"].as_str(), put.body["public"].as_bool()), (Some(at.as_str()), Some(true)));
    assert_eq!(store.get_issue(second.id).unwrap().status, masthead_core::model::IssueStatus::Scheduled);
    // Publishing the scheduled broadcast again keeps its time (Kit's update takes every field).
    assert!(run(d, &env, &["publish", "--issue", &second.number.to_string(), "--to", "kit"]).status.success());
    let put = kit_seen.lock().unwrap().iter().rev().find(|r| r.method == "PUT").cloned().unwrap();
    assert_eq!((put.body["send_at"].as_str(), put.body["public"].as_bool()), (Some(at.as_str()), Some(true)));
}

/// The library's images go up through the service's own image endpoint, once per target,
/// and the draft shows them at the address it gave; Kit, which has none, is refused in
/// words before anything is made.
/// Buttondown: https://docs.buttondown.com/api-images-create (multipart `image`, the address
/// in `image`). Kit: https://developers.kit.com/api-reference (no image endpoint in v4).
#[test]
fn images_are_uploaded_once_through_the_service_and_kit_needs_an_image_address() {
    let (base, seen) = serve(Box::new(|r: &Request| {
        if r.headers.get("authorization").map(String::as_str) != Some("Token bd-secret") {
            return (401, vec![], json!({"detail": "Invalid token."}));
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("POST", "/v1/images") => {
                let ct = r.headers.get("content-type").cloned().unwrap_or_default();
                if !ct.starts_with("multipart/form-data") || !r.raw.contains("name=\"image\"; filename=\"") {
                    return (
                        422,
                        vec![],
                        json!({"detail": [{"type": "missing", "loc": ["file", "image"], "msg": "Field required"}]}),
                    );
                }
                assert!(r.raw.contains("Content-Type: image/png"), "the part says its type");
                (
                    201,
                    vec![],
                    json!({"id": "img_1", "image": "https://assets.buttondown.example/images/abc.png", "metadata": {}}),
                )
            }
            ("POST", "/v1/emails") => (201, vec![], json!({"id": "e1", "status": "draft"})),
            ("PATCH", "/v1/emails/e1") => (200, vec![], json!({"id": "e1", "status": "draft"})),
            _ => (404, vec![], json!({"detail": "Not found."})),
        }
    }));
    let (dir, store) = library();
    let d = dir.path();
    let picture = d.join("chart.png");
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(320, 200, image::Rgb([30, 90, 160])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    std::fs::write(&picture, png).unwrap();
    let added = run(
        d,
        &[],
        &["images", "add", "--issue", "1", "--story", "1", "--alt", "A blue chart", picture.to_str().unwrap()],
    );
    assert!(added.status.success(), "{}", err(&added));
    let name = store.list_images().unwrap()[0].name.clone();

    assert!(run(d, &[], &["targets", "add", "bd", "--service", "buttondown", "--url", &base]).status.success());
    let key = [("MASTHEAD_TARGET_BD_KEY", "bd-secret")];
    for _ in 0..2 {
        let made = run(d, &key, &["publish", "--issue", "1", "--to", "bd"]);
        assert!(made.status.success(), "{}", err(&made));
    }
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.iter().filter(|r| r.path == "/v1/images").count(), 1, "uploaded once, its address kept");
    for draft in requests.iter().filter(|r| r.path.starts_with("/v1/emails")) {
        let body = draft.body["body"].as_str().unwrap();
        assert!(body.contains("src=\"https://assets.buttondown.example/images/abc.png\""), "{body}");
        assert!(!body.contains(&name), "no library name left in the draft");
        assert!(body.contains("width=\"320\""), "sized as the email export sizes it");
    }

    let (kit, kit_seen) = serve(Box::new(|_: &Request| (500, vec![], json!({"errors": ["should not be asked"]}))));
    assert!(run(d, &[], &["targets", "add", "kit", "--service", "kit", "--url", &kit]).status.success());
    let refused = run(d, &[("MASTHEAD_TARGET_KIT_KEY", "k")], &["publish", "--issue", "1", "--to", "kit"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        err(&refused).contains(&format!(
            "this issue shows an image kept in the library ({name}), and Kit's API cannot take images"
        )),
        "{}",
        err(&refused)
    );
    assert!(kit_seen.lock().unwrap().is_empty(), "nothing was made");
}

/// A scheduled send whose time has come is asked of its service: Buttondown says it went
/// (`GET /v1/emails/{id}`, status `sent`), listmonk says the author cancelled it
/// (`GET /api/campaigns/{id}`, status `cancelled`); one service out of reach changes nothing.
#[test]
fn publishes_follow_a_scheduled_send_to_sent_or_back_to_ready() {
    use masthead_core::model::IssueStatus;
    use masthead_core::publish::PublishState;
    let (bd, _) = serve(Box::new(|r: &Request| match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/v1/emails/one") => (200, vec![], json!({"id": "one", "status": "sent"})),
        _ => (404, vec![], json!({"detail": "Not found."})),
    }));
    let (lm, _) = serve(Box::new(|r: &Request| match (r.method.as_str(), r.path.as_str()) {
        ("GET", "/api/campaigns/17") => (200, vec![], json!({"data": {"id": 17, "status": "cancelled"}})),
        _ => (400, vec![], json!({"message": "Campaign not found."})),
    }));
    let (dir, store) = library();
    let d = dir.path();
    assert!(run(d, &[], &["targets", "add", "bd", "--service", "buttondown", "--url", &bd]).status.success());
    let add = ["targets", "add", "lm", "--service", "listmonk", "--url", &lm, "--user", "u", "--lists", "1"];
    assert!(run(d, &[], &add).status.success());
    assert!(run(d, &[], &["targets", "add", "gone", "--service", "buttondown", "--url", "http://127.0.0.1:9"])
        .status
        .success());
    let first = store.issue_by_number(None, 1).unwrap().id;
    let second = store.duplicate_issue(first).unwrap().id;
    let target = |n: &str| store.target(n).unwrap().id;
    let past = "2026-01-05T07:00:00Z";
    store
        .record_publish(first, target("bd"), "one", "https://buttondown.com/emails/one", PublishState::Scheduled, past)
        .unwrap();
    store.record_publish(second, target("lm"), "17", "x", PublishState::Scheduled, past).unwrap();
    store.record_publish(second, target("gone"), "zz", "y", PublishState::Scheduled, past).unwrap();
    assert_eq!(store.get_issue(first).unwrap().status, IssueStatus::Scheduled);

    let env = [("MASTHEAD_TARGET_BD_KEY", "k"), ("MASTHEAD_TARGET_LM_KEY", "k"), ("MASTHEAD_TARGET_GONE_KEY", "k")];
    let listed = run(d, &env, &["publishes", "--issue", "1"]);
    assert!(listed.status.success(), "{}", err(&listed));
    assert!(out(&listed).starts_with("bd\tButtondown\tsent "), "{}", out(&listed));
    assert_eq!(store.get_issue(first).unwrap().status, IssueStatus::Sent, "the issue's status follows");

    let listed = run(d, &env, &["publishes", "--issue", "2", "--json"]);
    let followed: Value = serde_json::from_slice(&listed.stdout).unwrap();
    let states: Vec<(&str, &str)> = followed["publishes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["target"].as_str().unwrap(), p["state"].as_str().unwrap()))
        .collect();
    assert_eq!(states, [("gone", "scheduled"), ("lm", "draft")]);
    assert!(followed["unanswered"][0].as_str().unwrap().starts_with("gone: could not reach Buttondown"), "{followed}");
    assert_eq!(
        store.get_issue(second).unwrap().status,
        IssueStatus::Scheduled,
        "still scheduled while one service holds it (as far as Masthead knows)"
    );
}

/// A service that does not answer in time: said in words, nothing kept as published. The
/// wait is `$MASTHEAD_PUBLISH_TIMEOUT` seconds (30 unless set, for slow self-hosted servers).
#[test]
fn a_service_that_does_not_answer_in_time_publishes_nothing() {
    let (base, _) = serve(Box::new(|_: &Request| {
        std::thread::sleep(std::time::Duration::from_secs(3));
        (201, vec![], json!({"id": "late", "status": "draft"}))
    }));
    let (dir, store) = library();
    let d = dir.path();
    assert!(run(d, &[], &["targets", "add", "slow", "--service", "buttondown", "--url", &base]).status.success());
    let env = [("MASTHEAD_TARGET_SLOW_KEY", "k"), ("MASTHEAD_PUBLISH_TIMEOUT", "1")];
    let late = run(d, &env, &["publish", "--issue", "1", "--to", "slow"]);
    assert_eq!(late.status.code(), Some(2));
    assert!(err(&late).contains("did not answer within 1 s; nothing was published"), "{}", err(&late));
    assert!(store.publishes_of(store.issue_by_number(None, 1).unwrap().id).unwrap().is_empty());
}
