//! Test sends against a real SMTP server on loopback (the shared one): plain on
//! localhost, STARTTLS with a login against a server whose certificate the author trusts
//! through `smtp.ca_file`, and every failure said in words: wrong password, rejected
//! recipient, refused connection, a server without STARTTLS, unknown host.

use std::net::TcpListener;
use std::time::Duration;

use mail_parser::{MessageParser, MimeHeaders};
use masthead_core::send::{self, SendOptions};
use masthead_core::ErrorKind;
use masthead_test_support::smtp;

use super::{library, themes};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn set(store: &masthead_core::Store, pairs: &[(&str, &str)]) {
    for (k, v) in pairs {
        store.set_publication_setting(store.first_publication().unwrap().id, k, v).unwrap();
    }
}

#[test]
fn a_test_send_arrives_whole_on_a_local_server() {
    let server = smtp::Server::start(false);
    let (port, inbox) = (server.port, &server.inbox);
    let (_dir, store) = library();
    set(&store, &[("smtp.host", "127.0.0.1"), ("smtp.port", &port.to_string()), ("smtp.tls", "none")]);
    let opts = SendOptions { step_timeout: Some(Duration::from_secs(5)), ..Default::default() };
    let to = vec!["Me <me@example.org>".to_string(), "editor@example.org".to_string()];
    let sent = runtime().block_on(send::send_issue(&store, &themes(), 1, &to, &opts)).unwrap();
    assert_eq!(sent.recipients, ["me@example.org", "editor@example.org"]);
    assert!(sent.response.starts_with("250"), "{}", sent.response);

    let got = inbox.messages.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let (rcpt, raw) = &got[0];
    assert_eq!(rcpt, &["me@example.org", "editor@example.org"]);
    let msg = MessageParser::default().parse(raw).unwrap();
    assert_eq!(msg.subject(), Some("Welcome to Masthead"));
    assert_eq!(msg.from().unwrap().first().unwrap().address(), Some("notes@fieldnotes.example"));
    assert_eq!(
        msg.header_raw("List-Unsubscribe").map(str::trim),
        Some("<https://fieldnotes.example/unsubscribe?u=42>")
    );
    let types: Vec<String> = msg.parts[1..]
        .iter()
        .filter_map(|p| p.content_type().map(|c| format!("{}/{}", c.ctype(), c.subtype().unwrap_or(""))))
        .collect();
    assert_eq!(types, ["text/plain", "text/html"]);
    assert!(msg.body_text(0).unwrap().contains("Welcome to Masthead"));
    assert!(msg.body_html(0).unwrap().contains("role=\"presentation\""));
}

#[test]
fn starttls_with_a_login_and_a_trusted_certificate() {
    let server = smtp::Server::start(true);
    let (port, inbox) = (server.port, &server.inbox);
    let (_dir, store) = library();
    let pem_path = server.ca_file().to_owned();
    set(
        &store,
        &[("smtp.host", "localhost"), ("smtp.port", &port.to_string()), ("smtp.tls", "starttls"), ("smtp.user", "sam")],
    );
    let to = vec!["me@example.org".to_string()];
    let smtp = store.smtp_settings(store.first_publication().unwrap().id).unwrap();

    // Without trusting the server's own certificate, the secure connection is refused.
    let opts = SendOptions {
        password: Some("correct horse".into()),
        step_timeout: Some(Duration::from_secs(5)),
        ..Default::default()
    };
    let err = runtime().block_on(send::send_issue(&store, &themes(), 1, &to, &opts)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Send);
    assert!(err.to_string().contains("secure connection to localhost"), "{err}");

    // Trusted through smtp.ca_file, the login and the message go through.
    store.set_publication_setting(store.first_publication().unwrap().id, "smtp.ca_file", &pem_path).unwrap();
    let mut opts = send::options(&store, store.first_publication().unwrap().id, &smtp).unwrap();
    opts.password = Some("correct horse".into());
    opts.step_timeout = Some(Duration::from_secs(5));
    runtime().block_on(send::send_issue(&store, &themes(), 1, &to, &opts)).unwrap();
    assert_eq!(inbox.messages.lock().unwrap().len(), 1);
    assert_eq!(inbox.logins.lock().unwrap().as_slice(), ["sam"]);

    opts.password = Some("wrong".into());
    let err = runtime().block_on(send::send_issue(&store, &themes(), 1, &to, &opts)).unwrap_err();
    assert!(err.to_string().contains("refused the login for sam"), "{err}");
    opts.password = None;
    let err = runtime().block_on(send::send_issue(&store, &themes(), 1, &to, &opts)).unwrap_err();
    assert!(err.to_string().contains("no SMTP password for sam"), "{err}");
}

#[test]
fn failures_name_the_server_and_what_to_do() {
    let server = smtp::Server::start(false);
    let (port, inbox) = (server.port, &server.inbox);
    let (_dir, store) = library();
    let opts = SendOptions { step_timeout: Some(Duration::from_secs(5)), ..Default::default() };
    let send = |pairs: &[(&str, &str)], to: &[&str]| {
        set(&store, pairs);
        let to: Vec<String> = to.iter().map(|s| s.to_string()).collect();
        runtime().block_on(send::send_issue(&store, &themes(), 1, &to, &opts)).unwrap_err().to_string()
    };
    let p = port.to_string();
    let err = send(&[("smtp.host", "127.0.0.1"), ("smtp.port", &p), ("smtp.tls", "none")], &["nobody@example.org"]);
    assert!(err.contains("refused the message or a recipient") && err.contains("nobody@example.org"), "{err}");
    assert!(inbox.messages.lock().unwrap().is_empty());

    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    let err = send(&[("smtp.port", &closed)], &["me@example.org"]);
    assert!(err.contains("refused the connection") && err.contains("is the port right"), "{err}");

    let err = send(&[("smtp.port", &p), ("smtp.tls", "starttls")], &["me@example.org"]);
    assert!(
        err.contains("secure connection to 127.0.0.1") && err.contains("STARTTLS"),
        "a server without STARTTLS: {err}"
    );

    let err = send(&[("smtp.tls", "tls")], &["me@example.org"]);
    assert!(err.contains("secure connection to 127.0.0.1"), "implicit TLS against a plain server: {err}");

    let err = send(&[("smtp.host", "smtp.example.org"), ("smtp.tls", "none")], &["me@example.org"]);
    assert!(err.contains("only for a server on this machine"), "{err}");

    let err = send(
        &[("smtp.host", "no-such-host.invalid"), ("smtp.tls", "starttls"), ("smtp.port", "587")],
        &["me@example.org"],
    );
    assert!(err.contains("could not be found") || err.contains("did not answer"), "{err}");

    let err = send(&[("smtp.host", "127.0.0.1"), ("smtp.tls", "none"), ("smtp.port", &p)], &["not an address"]);
    assert!(err.contains("is not an email address"), "{err}");
}

/// A server that accepts the connection and says nothing, one that never finishes its
/// greeting (a byte at a time), and one that answers every command but slowly: each send
/// ends within its bounds (shortened here) and says which server and which step.
#[test]
fn a_silent_or_slow_server_is_given_up_on_with_the_step_named() {
    use std::io::{BufRead, BufReader, Write};
    fn serve(talk: impl Fn(std::net::TcpStream) + Send + 'static) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                talk(stream);
            }
        });
        port.to_string()
    }
    let silent = serve(|s| {
        std::thread::sleep(Duration::from_secs(30));
        drop(s);
    });
    let dripping = serve(|mut s| {
        let _ = s.write_all(b"220-");
        while s.write_all(b"x").is_ok() {
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    // Every answer comes, 400 ms late: each step is in time, the whole send is not.
    let slow = serve(|mut s| {
        let answer = |s: &mut std::net::TcpStream, text: &[u8]| {
            std::thread::sleep(Duration::from_millis(400));
            s.write_all(text).is_ok()
        };
        if !answer(&mut s, b"220 slow.example ESMTP\r\n") {
            return;
        }
        let mut lines = BufReader::new(s.try_clone().unwrap()).lines();
        while let Some(Ok(line)) = lines.next() {
            let reply: &[u8] = if line.starts_with("EHLO") { b"250 slow.example\r\n" } else { b"250 OK\r\n" };
            if !answer(&mut s, reply) {
                return;
            }
        }
    });

    let (_dir, store) = library();
    let opts = SendOptions {
        step_timeout: Some(Duration::from_millis(1500)),
        send_timeout: Some(Duration::from_secs(2)),
        ..Default::default()
    };
    let send = |port: &str| {
        set(&store, &[("smtp.host", "127.0.0.1"), ("smtp.port", port), ("smtp.tls", "none")]);
        let to = vec!["me@example.org".to_string()];
        let err = runtime().block_on(send::send_issue(&store, &themes(), 1, &to, &opts)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Send);
        err.to_string()
    };
    let err = send(&silent);
    assert!(
        err.contains(&format!("127.0.0.1:{silent} did not get through connecting and waiting for its greeting in 1 s")),
        "{err}"
    );
    let err = send(&dripping);
    assert!(err.contains("did not get through connecting and waiting for its greeting"), "{err}");
    let err = send(&slow);
    assert!(err.contains(&format!("127.0.0.1:{slow} had not taken the message after 2 s")), "{err}");
}

/// A test send carries the story's library image inside the message, so it shows before
/// the images are hosted anywhere.
#[test]
fn a_test_send_carries_its_images() {
    let server = smtp::Server::start(false);
    let (port, inbox) = (server.port, &server.inbox);
    let (_dir, store) = library();
    set(&store, &[("smtp.host", "127.0.0.1"), ("smtp.port", &port.to_string()), ("smtp.tls", "none")]);
    let mut png = Vec::new();
    image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(700, 300, image::Rgb([30, 90, 160])))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    let added = store.add_image(&png, "banner.png").unwrap();
    let doc = store.get_issue_doc(1).unwrap();
    let first = &doc.stories[0];
    let body = format!("{}\n\n![A blue banner]({})\n", first.fields.body, added.image.name);
    store.save_story(first.id, masthead_core::model::StoryFields { body, ..first.fields.clone() }).unwrap();

    let opts = SendOptions { step_timeout: Some(Duration::from_secs(5)), ..Default::default() };
    runtime().block_on(send::send_issue(&store, &themes(), 1, &["me@example.org".to_string()], &opts)).unwrap();
    let got = inbox.messages.lock().unwrap().clone();
    let msg = MessageParser::default().parse(&got[0].1).unwrap();
    assert!(msg.body_html(0).unwrap().contains(&format!("src=\"cid:{}\"", added.image.name)));
    let part = msg.parts.iter().find(|p| p.content_id() == Some(added.image.name.as_str())).expect("the image part");
    assert_eq!(part.contents(), store.image_data(&added.image.name).unwrap().unwrap().1.as_slice());
}
