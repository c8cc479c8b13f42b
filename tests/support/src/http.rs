//! A loopback HTTP/1.1 server for tests: each request read whole (head, then the body by
//! its `Content-Length`), kept, and answered by the test's handler, which can also answer
//! late, never, a byte at a time or without end, or drop the connection (the misbehaviours
//! real servers have).

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// With its query: `/v1/subscribers?type=regular`.
    pub path: String,
    /// Names lower-cased.
    pub headers: HashMap<String, String>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    /// The body as JSON (`Null` when it is none).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// The body as text (a multipart upload, a form).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// What the server answers.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waits this long before answering (a slow server).
    pub delay: Duration,
    /// Closes the connection without answering.
    pub drop: bool,
    /// How the body goes out.
    pub shape: Shape,
}

/// How a response's body goes out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// All of it, with its `Content-Length`.
    Whole,
    /// The head promising `declared` bytes, the body so far, then one byte every `every`
    /// for a minute (a server that trickles).
    Drip { declared: usize, every: Duration },
    /// No length, the body so far, then 64 KB after 64 KB until the reader leaves.
    Endless,
    /// Nothing at all for a minute, the connection held open.
    Stalled,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
            drop: false,
            shape: Shape::Whole,
        }
    }

    pub fn json(status: u16, value: serde_json::Value) -> Response {
        let body = if value.is_null() { Vec::new() } else { value.to_string().into_bytes() };
        Response::new(status, "application/json", body)
    }

    pub fn html(status: u16, body: &str) -> Response {
        Response::new(status, "text/html; charset=utf-8", body)
    }

    /// No body: a redirect, a 304, a 410.
    pub fn empty(status: u16) -> Response {
        Response { headers: Vec::new(), ..Response::new(status, "", Vec::new()) }
    }

    /// The connection closed without a word.
    pub fn dropped() -> Response {
        Response { drop: true, ..Response::empty(0) }
    }

    /// A connection that is accepted, read and never answered.
    pub fn stalled() -> Response {
        Response { shape: Shape::Stalled, ..Response::empty(0) }
    }

    /// Sends this response's body, then one more byte every `every`, while the head
    /// promises `declared` bytes.
    pub fn drip(self, declared: usize, every: Duration) -> Response {
        Response { shape: Shape::Drip { declared, every }, ..self }
    }

    /// Sends this response's body and then more, without end and without a length.
    pub fn endless(self) -> Response {
        Response { shape: Shape::Endless, ..self }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Response {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// A running server: its address and every request it read, in order.
pub struct Server {
    pub base: String,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    /// Serves on `127.0.0.1`, on a port of its own.
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        Server::on("127.0.0.1:0", handler)
    }

    /// Serves on `addr` (another loopback address, `127.0.0.2:0`, for tests of what may be
    /// fetched).
    pub fn on(addr: &str, handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind(addr).unwrap_or_else(|e| panic!("binding {addr}: {e}"));
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, log) = (handler.clone(), log.clone());
                std::thread::spawn(move || serve_one(stream, &*handler, &log));
            }
        });
        Server { base, seen }
    }

    /// `base` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.seen.lock().unwrap().clone()
    }

    /// A handle on the requests that outlives the server value (for a handler's own use).
    pub fn log(&self) -> Arc<Mutex<Vec<Request>>> {
        self.seen.clone()
    }
}

fn serve_one(mut stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Request>>) {
    let Some(request) = read_request(&mut stream) else { return };
    log.lock().unwrap().push(request.clone());
    let answer = handler(&request);
    if !answer.delay.is_zero() {
        std::thread::sleep(answer.delay);
    }
    if answer.drop {
        return;
    }
    if answer.shape == Shape::Stalled {
        std::thread::sleep(Duration::from_secs(60));
        return;
    }
    let mut head = format!("HTTP/1.1 {} {}\r\nConnection: close\r\n", answer.status, reason(answer.status));
    match answer.shape {
        Shape::Whole => head.push_str(&format!("Content-Length: {}\r\n", answer.body.len())),
        Shape::Drip { declared, .. } => head.push_str(&format!("Content-Length: {declared}\r\n")),
        Shape::Endless | Shape::Stalled => {}
    }
    for (k, v) in &answer.headers {
        if !v.is_empty() {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    if request.method == "HEAD" {
        return;
    }
    if stream.write_all(&answer.body).is_err() {
        return;
    }
    match answer.shape {
        Shape::Drip { every, .. } => {
            for _ in 0..60 {
                std::thread::sleep(every);
                if stream.write_all(b"x").is_err() {
                    return;
                }
            }
        }
        Shape::Endless => {
            let chunk = vec![b'a'; 64 * 1024];
            while stream.write_all(&chunk).is_ok() {}
        }
        Shape::Whole | Shape::Stalled => {}
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    loop {
        let n = stream.read(&mut chunk).ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        let mut lines = head.lines();
        let mut first = lines.next()?.split_whitespace();
        let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
        let headers: HashMap<String, String> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let len: usize = headers.get("content-length").and_then(|l| l.parse().ok()).unwrap_or(0);
        if buf.len() >= end + 4 + len {
            let body = buf[end + 4..end + 4 + len].to_vec();
            return Some(Request { method, path, headers, body });
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
