//! The `.eml`: one MIME message any email service or client can take. multipart/alternative
//! with the text rendering first and the inlined HTML last (RFC 2046: the last part is
//! the preferred one), inside multipart/related with the images the HTML shows by `cid:`
//! when it has any, UTF-8, quoted-printable, RFC 2047 headers (lettre's builder does the
//! encoding), Date, Message-ID, List-Unsubscribe and, for an https link, one-click
//! List-Unsubscribe-Post (RFC 8058).

use std::time::SystemTime;

use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Mailboxes, MultiPart, SinglePart};
use lettre::Message;

use super::tagging::slug;
use crate::model::{IssueDoc, Publication};
use crate::{Error, Result};

/// Everything a message needs beyond its two bodies.
pub struct Envelope<'a> {
    /// The issue the message carries; its title makes the subject.
    pub doc: &'a IssueDoc,
    /// The publication: the sender, the List-Id and the unsubscribe link.
    pub publication: &'a Publication,
    /// Recipients; empty means the sender (an export for any service to send on).
    pub to: &'a [String],
    /// The message's `Date` header, also part of its Message-ID.
    pub date: SystemTime,
}

/// The sender as a mailbox, or a message saying how to set it.
pub fn sender(publication: &Publication) -> Result<Mailbox> {
    let raw = publication.sender.trim();
    if raw.is_empty() {
        return Err(Error::Invalid(
            "set the From address first (Settings › Publication › From address, or \
             `masthead-cli settings set publication.sender \"Name <you@example.com>\"`)"
                .into(),
        ));
    }
    let mut mailbox: Mailbox = raw.parse().map_err(|e| {
        Error::Invalid(format!(
            "the From address {raw:?} is not an email address ({e}); write it as Name <you@example.com>"
        ))
    })?;
    if mailbox.name.is_none() && !publication.name.trim().is_empty() {
        mailbox.name = Some(publication.name.trim().to_owned());
    }
    Ok(mailbox)
}

/// An image that travels inside the message, referenced from the HTML as `cid:{cid}`.
pub struct Related {
    /// The name the HTML refers to it by, after `cid:` (the image's library name).
    pub cid: String,
    /// Its MIME type, e.g. `image/png`.
    pub mime: String,
    /// The image file's bytes.
    pub bytes: Vec<u8>,
}

/// Builds the message: `text` and `html` are the text rendering and the inlined email;
/// `related` are the images its HTML shows by `cid:` (multipart/related around the HTML).
pub fn build(env: &Envelope<'_>, text: &str, html: &str, related: &[Related]) -> Result<Message> {
    let from = sender(env.publication)?;
    let mut to = Mailboxes::new();
    if env.to.is_empty() {
        to.push(from.clone());
    }
    for addr in env.to {
        let mb: Mailbox =
            addr.trim().parse().map_err(|e| Error::Invalid(format!("{addr:?} is not an email address ({e})")))?;
        to.push(mb);
    }
    let issue = &env.doc.issue;
    let domain = from.email.domain().to_owned();
    let mut builder = Message::builder()
        .from(from.clone())
        .mailbox(lettre::message::header::To::from(to))
        .subject(subject(env.doc, env.publication))
        .date(env.date)
        .message_id(Some(format!("<masthead.{}.{}.{}@{domain}>", issue.id, unix_millis(env.date), fastrand_suffix())))
        .user_agent(concat!("Masthead ", env!("CARGO_PKG_VERSION")).into());
    let list = slug(&env.publication.name);
    if !list.is_empty() {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Id"),
            format!("{} <{list}.{domain}>", env.publication.name.trim()),
        ));
    }
    let unsubscribe = env.publication.unsubscribe_url.trim();
    // Only a link a mail client may follow (a library from before links were checked may
    // hold another).
    if crate::links::openable(unsubscribe).is_ok() {
        builder = builder.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{unsubscribe}>"),
        ));
        if unsubscribe.starts_with("https://") {
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ));
        }
    }
    let part = |content_type: ContentType, body: &str| {
        SinglePart::builder().header(content_type).header(ContentTransferEncoding::QuotedPrintable).body(crlf(body))
    };
    let alternative = MultiPart::alternative()
        .singlepart(part(ContentType::TEXT_PLAIN, text))
        .singlepart(part(ContentType::TEXT_HTML, html));
    // With images: multipart/related around the two alternatives, so text and HTML stay
    // siblings in one multipart/alternative (what every client, and email-check, expects).
    let body = if related.is_empty() {
        alternative
    } else {
        let mut with_images = MultiPart::related().multipart(alternative);
        for r in related {
            let content_type = ContentType::parse(&r.mime)
                .map_err(|e| Error::Internal(format!("an image's type {:?} is not a MIME type: {e}", r.mime)))?;
            with_images = with_images
                .singlepart(lettre::message::Attachment::new_inline(r.cid.clone()).body(r.bytes.clone(), content_type));
        }
        with_images
    };
    builder.multipart(body).map_err(|e| Error::Invalid(format!("the message could not be built: {e}")))
}

/// The subject: the issue's title, with the publication's name when the title alone would
/// be ambiguous in an inbox (it is empty or just a number).
pub fn subject(doc: &IssueDoc, publication: &Publication) -> String {
    let title = doc.issue.title.trim();
    let name = publication.name.trim();
    if title.is_empty() {
        // Never " #1": a newsletter without a name is still an issue.
        let name = if name.is_empty() { "Issue" } else { name };
        format!("{name} #{}", doc.issue.number)
    } else {
        title.to_owned()
    }
}

/// Bodies travel with CRLF line ends (RFC 5322); quoted-printable keeps them as hard breaks.
fn crlf(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 40);
    for line in s.split_inclusive('\n') {
        out.push_str(line.trim_end_matches(['\r', '\n']));
        if line.ends_with('\n') {
            out.push_str("\r\n");
        }
    }
    out
}

fn unix_millis(t: SystemTime) -> u128 {
    t.duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0)
}

/// A few random characters so two exports in the same millisecond differ.
fn fastrand_suffix() -> String {
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let mix = (nanos as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ std::process::id() as u64;
    format!("{:x}", mix & 0xffff_ffff)
}
