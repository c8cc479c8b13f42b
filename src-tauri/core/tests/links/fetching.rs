//! Fetching against a real HTTP server on 127.0.0.1:0 (the shared test server) that serves
//! fixture pages and misbehaves on purpose. Every case must end within its timeout plus a second, with the
//! right status and a reason a person understands.

use std::io::Write as _;
use std::time::{Duration, Instant};

use masthead_core::links::fetch::{client, fetch, FetchOptions};
use masthead_core::model::FetchStatus;
use masthead_test_support::http::{self, Response};

const TIMEOUT: Duration = Duration::from_secs(2);

fn page(name: &str) -> Vec<u8> {
    std::fs::read(super::fixtures().join(format!("{name}.html"))).unwrap()
}

/// The shared loopback server with the page fixtures and every misbehaviour these tests
/// need; its base URL.
fn server() -> String {
    // 64 MB of zeros, gzipped to well under a megabyte.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..64 {
        gz.write_all(&zeros).unwrap();
    }
    let bomb = gz.finish().unwrap();
    http::Server::start(move |r| answer(&r.path, &bomb)).base
}

fn answer(path: &str, bomb: &[u8]) -> Response {
    let html = |body: &[u8]| Response::new(200, "text/html; charset=utf-8", body);
    let redirect = |to: String| Response::empty(302).header("Location", to);
    match path {
        "/ok" => html(&page("news-og-only")),
        "/sjis" => Response::new(200, "text/html", page("shift-jis-undeclared")),
        "/never" => Response::stalled(),
        "/drip" => Response::new(200, "text/html", "<html><head><title>").drip(100_000, Duration::from_secs(1)),
        "/endless" => Response::new(200, "text/html", "<html><head><title>Endless</title></head><body>").endless(),
        "/big" => {
            let mut body = b"<html><head><title>A very big page</title></head><body>".to_vec();
            body.resize(40 * 1024 * 1024, b'z');
            html(&body)
        }
        "/bomb" => Response::new(200, "text/html", bomb).header("Content-Encoding", "gzip"),
        "/loop-a" => redirect("/loop-b".into()),
        "/loop-b" => redirect("/loop-a".into()),
        p if p.starts_with("/hops/") => match p[6..].parse::<u32>().unwrap_or(0) {
            0 => html(&page("news-og-only")),
            n => redirect(format!("/hops/{}", n - 1)),
        },
        "/image.png" => Response::new(200, "image/png", &b"\x89PNG\r\n\x1a\nnot really"[..]),
        "/reports/annual_report_2025.pdf" => Response::new(200, "application/pdf", "%PDF-1.7 ..."),
        "/reports/plan.pdf" => Response::new(
            200,
            "application/pdf",
            "%PDF-1.4\n1 0 obj << /Title (Harbour plan 2026) /Author (Port authority) /CreationDate (D:20260301093000+01'00') >> endobj\ntrailer << /Info 1 0 R >>\n%%EOF",
        ),
        "/wall" => Response::new(503, "text/html", page("bot-wall-page")),
        "/robot" => html(b"<html><head><title>Check</title></head><body><h1>Are you a robot?</h1></body></html>"),
        p if p.starts_with("/status/") => {
            let code: u16 = p[8..].parse().unwrap_or(500);
            Response::new(code, "text/html", "<html><head><title>Error page</title></head></html>")
        }
        _ => Response::new(404, "text/html", "nothing"),
    }
}

fn opts() -> FetchOptions {
    FetchOptions { connect_timeout: Duration::from_secs(1), timeout: TIMEOUT, ..FetchOptions::default() }
}

#[tokio::test(flavor = "multi_thread")]
async fn good_pages_and_files_become_cards() {
    let base = server();
    let c = client(&opts());
    let ok = fetch(&c, &format!("{base}/ok"), &opts()).await;
    assert_eq!(ok.status, FetchStatus::Ok, "{:?}", ok.reason);
    assert_eq!(ok.meta.title.as_deref(), Some("Council votes on bike lanes"));
    assert_eq!(ok.meta.author.as_deref(), Some("Sam Okoro"));

    let sjis = fetch(&c, &format!("{base}/sjis"), &opts()).await;
    assert_eq!(sjis.meta.title.as_deref(), Some("港の再開について"), "an undeclared Shift_JIS page is detected");

    let eight = fetch(&c, &format!("{base}/hops/8"), &opts()).await;
    assert_eq!(eight.status, FetchStatus::Ok, "8 redirects are followed: {:?}", eight.reason);
    assert!(eight.final_url.unwrap().ends_with("/hops/0"));

    let png = fetch(&c, &format!("{base}/image.png"), &opts()).await;
    assert_eq!(
        (png.status, png.meta.kind.as_str(), png.meta.title.as_deref()),
        (FetchStatus::Ok, "image", Some("image.png"))
    );
    let pdf = fetch(&c, &format!("{base}/reports/annual_report_2025.pdf"), &opts()).await;
    assert_eq!((pdf.meta.kind.as_str(), pdf.meta.title.as_deref()), ("document", Some("annual_report_2025.pdf")));
    let named = fetch(&c, &format!("{base}/reports/plan.pdf"), &opts()).await;
    assert_eq!(
        (named.meta.title.as_deref(), named.meta.author.as_deref(), named.meta.date.as_deref()),
        (Some("Harbour plan 2026"), Some("Port authority"), Some("2026-03-01T09:30:00+01:00")),
        "a PDF's own title, author and date"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_servers_end_in_time_with_a_reason() {
    let base = server();
    let c = client(&opts());
    let limit = TIMEOUT + Duration::from_secs(1);
    for (path, status, says) in [
        ("/never", FetchStatus::Failed, "took longer than 2 s"),
        ("/drip", FetchStatus::Failed, "took longer than 2 s"),
        ("/loop-a", FetchStatus::Failed, "redirects in a loop"),
        ("/hops/9", FetchStatus::Failed, "redirects too many times"),
        ("/wall", FetchStatus::Blocked, "showed a bot check (“Just a moment…”)"),
        ("/robot", FetchStatus::Blocked, "Are you a robot?"),
        ("/status/403", FetchStatus::Failed, "answered 403"),
        ("/status/404", FetchStatus::Failed, "has no such page"),
        ("/status/429", FetchStatus::Failed, "slow down"),
        ("/status/500", FetchStatus::Failed, "server error"),
        ("/status/503", FetchStatus::Failed, "answered 503"),
    ] {
        let started = Instant::now();
        let f = fetch(&c, &format!("{base}{path}"), &opts()).await;
        let took = started.elapsed();
        assert!(took < limit, "{path} took {took:?}");
        assert_eq!(f.status, status, "{path}: {:?}", f.reason);
        let reason = f.reason.unwrap_or_default();
        assert!(reason.contains(says), "{path}: {reason}");
        assert!(reason.contains("127.0.0.1"), "{path}: the reason names the host: {reason}");
        // The fallback card: a title from the URL, the host as publisher.
        assert!(f.meta.title.is_some() && f.meta.publisher.as_deref() == Some("127.0.0.1"), "{path}: {:?}", f.meta);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn endless_huge_and_compressed_bodies_are_read_only_so_far() {
    let base = server();
    let c = client(&opts());
    for (path, title) in [("/endless", "Endless"), ("/big", "A very big page"), ("/bomb", "Bomb")] {
        let started = Instant::now();
        let f = fetch(&c, &format!("{base}{path}"), &opts()).await;
        assert!(started.elapsed() < TIMEOUT + Duration::from_secs(1), "{path} took {:?}", started.elapsed());
        assert_eq!(f.status, FetchStatus::Ok, "{path}: {:?}", f.reason);
        // The bomb is 64 MB of zeros: no title in it, so the URL gives one.
        assert_eq!(f.meta.title.as_deref(), Some(title), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn links_that_cannot_be_fetched_say_why_at_once() {
    let c = client(&opts());
    for (url, says) in [
        ("javascript:alert(1)", "javascript"),
        ("file:///etc/passwd", "file"),
        ("ftp://example.com/x", "ftp"),
        ("http://", "not a link"),
        ("http://127.0.0.1:1/closed", "refused"),
    ] {
        let started = Instant::now();
        let f = fetch(&c, url, &opts()).await;
        assert!(started.elapsed() < Duration::from_secs(2), "{url}");
        assert_eq!(f.status, FetchStatus::Failed, "{url}");
        assert!(f.reason.as_deref().unwrap_or_default().contains(says), "{url}: {:?}", f.reason);
    }
}

/// A public page may not send Masthead into the author's own machine or network: a
/// redirect to a loopback address, or to a name that resolves there, is refused with a
/// reason (the internal page never becomes the card). A local address the author typed is
/// fetched as asked. (127.0.0.2 stands for the internal service: no other test types it.)
#[tokio::test(flavor = "multi_thread")]
async fn public_pages_cannot_redirect_into_this_computer() {
    let internal = http::Server::on("127.0.0.2:0", |_| Response::html(200, "<title>Internal admin</title>"));
    let inside = internal.base.trim_start_matches("http://").to_owned();
    let port = inside.rsplit(':').next().unwrap().to_owned();
    let public = http::Server::start(move |r| {
        let to = if r.path.starts_with("/by-name") {
            format!("http://localhost:{port}/")
        } else {
            format!("http://{inside}/secret")
        };
        Response::empty(302).header("Location", to)
    });
    let front: std::net::SocketAddr = public.base.trim_start_matches("http://").parse().unwrap();
    let inside = internal.base.trim_start_matches("http://").to_owned();
    // news.example stands for a public site (pinned, as curl's --resolve would).
    let o = FetchOptions { resolve: vec![("news.example".into(), front)], ..opts() };
    let c = client(&o);
    for path in ["by-address", "by-name"] {
        let f = fetch(&c, &format!("http://news.example:{}/{path}", front.port()), &o).await;
        assert_eq!(f.status, FetchStatus::Failed, "{path}");
        let reason = f.reason.unwrap_or_default();
        assert!(reason.contains("redirects into this computer or its network"), "{path}: {reason}");
        assert_ne!(f.meta.title.as_deref(), Some("Internal admin"), "{path}");
    }
    let typed = fetch(&c, &format!("http://{inside}/secret"), &o).await;
    assert_eq!(
        (typed.status, typed.meta.title.as_deref()),
        (FetchStatus::Ok, Some("Internal admin")),
        "{:?}",
        typed.reason
    );
}
