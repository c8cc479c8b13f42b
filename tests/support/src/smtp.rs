//! A real SMTP server on loopback (mailin-embedded) for test sends: plain, or STARTTLS with
//! a fresh self-signed certificate for `localhost` and a login. It keeps every message and
//! login, refuses any recipient at `nobody@`, and takes one login: `sam` / `correct horse`.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use mailin_embedded::response::{self, Response};
use mailin_embedded::{AuthMechanism, Handler, SslConfig};

/// The user name the server takes.
pub const USER: &str = "sam";
/// The password it takes for [`USER`].
pub const PASSWORD: &str = "correct horse";

/// A message received: its recipients and its bytes.
pub type Received = (Vec<String>, Vec<u8>);

/// What the server received, shared with the test.
#[derive(Clone, Default)]
pub struct Inbox {
    /// Every message accepted, in order.
    pub messages: Arc<Mutex<Vec<Received>>>,
    /// Every user name a login was tried with.
    pub logins: Arc<Mutex<Vec<String>>>,
    current: Vec<u8>,
    to: Vec<String>,
}

impl Handler for Inbox {
    fn rcpt(&mut self, to: &str) -> Response {
        if to.contains("nobody@") {
            response::NO_MAILBOX
        } else {
            response::OK
        }
    }
    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.current.clear();
        self.to = to.to_vec();
        response::OK
    }
    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        self.messages.lock().unwrap().push((self.to.clone(), std::mem::take(&mut self.current)));
        response::OK
    }
    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.logins.lock().unwrap().push(user.to_owned());
        if user == USER && password == PASSWORD {
            response::AUTH_OK
        } else {
            response::INVALID_CREDENTIALS
        }
    }
    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        self.auth_plain("", user, password)
    }
}

/// A running server: its port, what it received and, with TLS, its certificate.
pub struct Server {
    /// The port on 127.0.0.1.
    pub port: u16,
    /// What it received.
    pub inbox: Inbox,
    /// With TLS: the folder holding the certificate (kept while the server runs) and the
    /// certificate's PEM file, the one a client must trust.
    cert: Option<(tempfile::TempDir, String)>,
}

impl Server {
    /// Starts a server on 127.0.0.1:0; with `tls`, it offers STARTTLS and AUTH after it.
    pub fn start(tls: bool) -> Server {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let inbox = Inbox::default();
        let mut server = mailin_embedded::Server::new(inbox.clone());
        server.with_name("mail.localhost").with_tcp_listener(listener);
        let mut cert = None;
        if tls {
            let dir = tempfile::tempdir().unwrap();
            let key = rcgen::generate_simple_self_signed(vec!["localhost".into()]).unwrap();
            let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
            std::fs::write(&cert_path, key.cert.pem()).unwrap();
            std::fs::write(&key_path, key.signing_key.serialize_pem()).unwrap();
            server
                .with_ssl(SslConfig::SelfSigned {
                    cert_path: cert_path.to_string_lossy().into_owned(),
                    key_path: key_path.to_string_lossy().into_owned(),
                })
                .unwrap()
                .with_auth(AuthMechanism::Plain)
                .with_auth(AuthMechanism::Login);
            let pem = cert_path.to_string_lossy().into_owned();
            cert = Some((dir, pem));
        } else {
            server.with_ssl(SslConfig::None).unwrap();
        }
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Server { port, inbox, cert }
    }

    /// The certificate's PEM file (what `smtp.ca_file` names). Panics without TLS.
    pub fn ca_file(&self) -> &str {
        &self.cert.as_ref().expect("a server started with TLS").1
    }
}
