//! The data model of DESIGN.md §2 as plain types: what the store saves, the shell sends
//! to the UI, and revisions snapshot. No behaviour lives here.

use serde::{Deserialize, Serialize};
use specta::Type;

pub type IssueId = i64;
pub type StoryId = i64;
pub type ItemId = i64;
pub type LinkId = i64;
pub type FeedId = i64;
pub type RevisionId = i64;
pub type PublicationId = i64;

/// Issue numbers run from 1 to this: six digits, a weekly's for 19,000 years, and far from
/// the integer limits a hostile file could reach for.
pub const MAX_ISSUE_NUMBER: i64 = 999_999;

/// Checks an issue number; the error says the range.
pub fn check_issue_number(number: i64) -> Result<(), String> {
    if (1..=MAX_ISSUE_NUMBER).contains(&number) {
        Ok(())
    } else {
        Err(format!("issue numbers go from 1 to 999,999, not {number}"))
    }
}

/// The lines of a publication's footer, in the order themes show them unless the author
/// orders them otherwise (`publication.footer_order`).
pub const FOOTER_LINES: [&str; 4] = ["footer", "name", "tagline", "cadence"];

/// The footer's lines in the author's order: `footer_order` names some or all of
/// [`FOOTER_LINES`], comma-separated; those it leaves out follow in their usual order, so
/// an order never hides a line. Empty is the usual order.
pub fn footer_order(footer_order: &str) -> Result<Vec<&'static str>, String> {
    let mut order: Vec<&'static str> = Vec::new();
    for word in footer_order.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let Some(&line) = FOOTER_LINES.iter().find(|l| l.eq_ignore_ascii_case(word)) else {
            return Err(format!("{word:?} is not a footer line (they are {})", FOOTER_LINES.join(", ")));
        };
        if order.contains(&line) {
            return Err(format!("{line} is named twice"));
        }
        order.push(line);
    }
    let rest: Vec<&'static str> = FOOTER_LINES.iter().copied().filter(|l| !order.contains(l)).collect();
    order.extend(rest);
    Ok(order)
}

/// How a publication sets quotes, apostrophes, dashes and ellipses, in every output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Typography {
    /// Curly quotes and apostrophes, en and em dashes, ellipses: in the author's Markdown,
    /// the one-line fields, and the quote marks themes put around titles and quotes.
    #[default]
    Typographic,
    /// Every character as typed, and straight quote marks from the themes too.
    AsTyped,
}

impl Typography {
    pub fn as_str(self) -> &'static str {
        match self {
            Typography::Typographic => "typographic",
            Typography::AsTyped => "as_typed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim() {
            "typographic" => Some(Typography::Typographic),
            "as_typed" => Some(Typography::AsTyped),
            _ => None,
        }
    }
}

/// Checks an issue's date: a real day, written `YYYY-MM-DD`.
pub fn check_issue_date(date: &str) -> Result<(), String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(date, &format) {
        Ok(_) if date.len() == 10 => Ok(()),
        _ => Err(format!("an issue's date is a day written YYYY-MM-DD, such as 2026-04-08, not {date:?}")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    Draft,
    Ready,
    /// An email service holds it until its time (see `publish::send`).
    Scheduled,
    Sent,
}

impl IssueStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Draft => "draft",
            IssueStatus::Ready => "ready",
            IssueStatus::Scheduled => "scheduled",
            IssueStatus::Sent => "sent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(IssueStatus::Draft),
            "ready" => Some(IssueStatus::Ready),
            "scheduled" => Some(IssueStatus::Scheduled),
            "sent" => Some(IssueStatus::Sent),
            _ => None,
        }
    }
}

/// One row of the library sidebar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct IssueSummary {
    pub id: IssueId,
    pub publication_id: PublicationId,
    pub number: i64,
    pub title: String,
    pub date: String,
    pub status: IssueStatus,
    pub theme: String,
    pub story_count: i64,
    pub updated_at: String,
}

/// The fields of an issue the author edits. Saved whole: the UI always sends every field.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct IssueFields {
    /// The publication it belongs to: on create, `None` is the first publication; on
    /// update, `None` leaves it where it is.
    pub publication_id: Option<PublicationId>,
    /// Unique within its publication; `None` on create takes the next one.
    pub number: Option<i64>,
    pub title: String,
    pub subtitle: String,
    /// Calendar date `YYYY-MM-DD` (the issue's own day, never shifted by time zone).
    pub date: String,
    pub status: Option<IssueStatus>,
    pub theme: String,
    pub intro: String,
    pub closing: String,
    pub preheader: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Issue {
    pub id: IssueId,
    /// 0 in revisions taken before schema 4 (one publication then): restored into the first.
    #[serde(default)]
    pub publication_id: PublicationId,
    pub number: i64,
    pub title: String,
    pub subtitle: String,
    pub date: String,
    pub status: IssueStatus,
    pub theme: String,
    pub intro: String,
    pub closing: String,
    pub preheader: String,
    pub created_at: String,
    pub updated_at: String,
}

/// The fields of a story the author edits; saved whole on autosave.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct StoryFields {
    pub section: String,
    pub headline: String,
    pub discuss_url: String,
    pub body: String,
    pub summary: String,
    pub details: String,
    pub takeaway: String,
    /// The story's own reading time in minutes (the essay it links to), shown as
    /// `~7 min read`; `None` for none.
    pub reading_minutes: Option<i64>,
}

/// Checks a story's own reading time: whole minutes from 1 to 999.
pub fn check_reading_minutes(minutes: Option<i64>) -> Result<(), String> {
    match minutes {
        Some(m) if !(1..=999).contains(&m) => {
            Err(format!("a story's reading time is a whole number of minutes from 1 to 999, not {m}"))
        }
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Story {
    pub id: StoryId,
    pub issue_id: IssueId,
    pub ordinal: i64,
    #[serde(flatten)]
    pub fields: StoryFields,
    pub items: Vec<Item>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Coverage,
    Reaction,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Coverage => "coverage",
            ItemKind::Reaction => "reaction",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "coverage" => Some(ItemKind::Coverage),
            "reaction" => Some(ItemKind::Reaction),
            _ => None,
        }
    }
}

/// How a coverage item shows: a line (`Source — “Title”`), a card (its picture, title,
/// description and source, as Ghost's bookmark card), or as the theme shows links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemLayout {
    #[default]
    Theme,
    Line,
    Card,
}

impl ItemLayout {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemLayout::Theme => "theme",
            ItemLayout::Line => "line",
            ItemLayout::Card => "card",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [ItemLayout::Theme, ItemLayout::Line, ItemLayout::Card].into_iter().find(|l| l.as_str() == s)
    }

    /// Whether an item with this layout is a card, where `cards` is the theme's default.
    pub fn is_card(self, cards: bool) -> bool {
        match self {
            ItemLayout::Theme => cards,
            ItemLayout::Line => false,
            ItemLayout::Card => true,
        }
    }
}

/// A coverage link or a reaction attached to a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ItemFields {
    pub kind: ItemKind,
    /// Coverage group heading ("Official", "Analysis", "Coverage — Japan").
    pub group_heading: String,
    /// Publisher, account or person.
    pub source: String,
    pub role: String,
    pub title: String,
    pub quote: String,
    pub note: String,
    pub url: String,
    pub likes: Option<i64>,
    pub views: Option<i64>,
    /// When the likes/views were read (RFC 3339), if known.
    pub captured_at: Option<String>,
    pub link_id: Option<LinkId>,
    /// A coverage link's own date, as the author writes it: `March 2025`.
    pub date: String,
    /// A reaction whose note stands before its quote.
    pub note_first: bool,
    /// A coverage card's picture: the name of an image in the library, or empty.
    pub image: String,
    /// A coverage card's description: what the page says it is about.
    pub description: String,
    /// Whether a coverage item shows as a line or a card.
    pub layout: ItemLayout,
}

impl Default for ItemFields {
    fn default() -> Self {
        ItemFields {
            kind: ItemKind::Coverage,
            group_heading: String::new(),
            source: String::new(),
            role: String::new(),
            title: String::new(),
            quote: String::new(),
            note: String::new(),
            url: String::new(),
            likes: None,
            views: None,
            captured_at: None,
            link_id: None,
            date: String::new(),
            note_first: false,
            image: String::new(),
            description: String::new(),
            layout: ItemLayout::Theme,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Item {
    pub id: ItemId,
    pub story_id: StoryId,
    pub ordinal: i64,
    #[serde(flatten)]
    pub fields: ItemFields,
}

/// An issue with its stories and their items: what the editor shows and what a revision stores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct IssueDoc {
    pub issue: Issue,
    pub stories: Vec<Story>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FetchStatus {
    Pending,
    Ok,
    Blocked,
    Failed,
}

impl FetchStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FetchStatus::Pending => "pending",
            FetchStatus::Ok => "ok",
            FetchStatus::Blocked => "blocked",
            FetchStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(FetchStatus::Pending),
            "ok" => Some(FetchStatus::Ok),
            "blocked" => Some(FetchStatus::Blocked),
            "failed" => Some(FetchStatus::Failed),
            _ => None,
        }
    }
}

/// Metadata as fetched from a page (the link fetcher fills it; a re-fetch replaces it).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LinkMeta {
    pub final_url: Option<String>,
    pub canonical_url: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub image: Option<String>,
    pub logo: Option<String>,
    pub lang: Option<String>,
    pub kind: Option<String>,
    /// A post author's `@handle`.
    pub handle: Option<String>,
    pub likes: Option<i64>,
    pub views: Option<i64>,
    /// The words in the page's paragraphs: how long it is to read (an essay's length or
    /// more; `None` for a shorter page or one not measured).
    pub words: Option<i64>,
    /// The lead image (`image`), downloaded and stored in the library: its image name.
    pub image_name: Option<String>,
    /// The site's icon (`logo`), downloaded and stored: its image name.
    pub logo_name: Option<String>,
}

/// What the author typed over the fetched metadata. A re-fetch never touches these.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LinkOverrides {
    pub title: Option<String>,
    pub description: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub image: Option<String>,
}

/// A feed the author follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Feed {
    pub id: FeedId,
    /// The feed's address.
    pub url: String,
    /// The site it belongs to, as the feed says.
    pub site_url: String,
    /// What the feed calls itself.
    pub title: String,
    /// The author's name for it; empty: the title.
    pub name: String,
    pub folder: String,
    /// Not refreshed while paused.
    pub paused: bool,
    pub checked_at: Option<String>,
    /// The last refresh's problem in words; `None` when it worked (or never ran).
    pub error: Option<String>,
    pub added_at: String,
    /// Links in the library that came from it (never stored).
    #[serde(default)]
    pub links: u32,
}

impl Feed {
    /// The name the inbox shows: the author's, else the feed's title, else its host.
    pub fn shown_name(&self) -> String {
        for s in [&self.name, &self.title] {
            if !s.trim().is_empty() {
                return s.trim().to_owned();
            }
        }
        url::Url::parse(&self.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| self.url.clone())
    }
}

/// What a link's card shows, worked out here once for the window, the CLI and attaching:
/// the author's overrides first, then what was fetched, then the address itself.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct LinkCard {
    pub title: String,
    /// The publisher, else the author, else the host as people write it.
    pub publisher: String,
    /// The host without `www.`, as people write it (`bücher.example`).
    pub host: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Link {
    pub id: LinkId,
    /// The URL exactly as pasted or dropped.
    pub url: String,
    pub normalized_url: String,
    pub meta: LinkMeta,
    pub overrides: LinkOverrides,
    pub status: FetchStatus,
    pub reason: Option<String>,
    pub fetched_at: Option<String>,
    pub added_at: String,
    /// The author's note on the link (a capture's selected text, an import's note).
    #[serde(default)]
    pub note: String,
    /// The author's tags, in alphabetical order.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where the link came from: `""` (pasted or dropped), `browser` (the bookmarklet), or
    /// the import's format (`bookmarks`, `pocket`, `raindrop`, `instapaper`, `pinboard`).
    #[serde(default)]
    pub origin: String,
    /// When the author saved it elsewhere (an import's saved date), if before Masthead.
    #[serde(default)]
    pub saved_at: Option<String>,
    /// When the author archived it: out of the inbox's usual view, still searchable.
    #[serde(default)]
    pub archived_at: Option<String>,
    /// The feed it came from, if it came from one.
    #[serde(default)]
    pub feed_id: Option<FeedId>,
    /// That feed's name as the inbox shows it (never stored).
    #[serde(default)]
    pub feed: Option<String>,
    /// Worked out from the fields above whenever a link is read (never stored).
    #[serde(default)]
    pub card: LinkCard,
    /// The numbers of the issues whose stories use this link, in order (never stored).
    #[serde(default)]
    pub used_in: Vec<i64>,
}

impl Link {
    /// The card of this link (see [`LinkCard`]).
    pub fn card_of(&self) -> LinkCard {
        let some = |v: &Option<String>| v.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        let url = url::Url::parse(self.meta.final_url.as_deref().unwrap_or(&self.url))
            .or_else(|_| url::Url::parse(&self.url))
            .ok();
        let host = match &url {
            Some(u) => crate::links::fetch::display_host(u).trim_start_matches("www.").to_owned(),
            None => self.url.clone(),
        };
        let (o, m) = (&self.overrides, &self.meta);
        LinkCard {
            title: some(&o.title).or_else(|| some(&m.title)).unwrap_or_else(|| self.url.clone()),
            publisher: some(&o.publisher)
                .or_else(|| some(&m.publisher))
                .or_else(|| some(&m.author))
                .unwrap_or_else(|| host.clone()),
            host,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RevisionSummary {
    pub id: RevisionId,
    pub issue_id: IssueId,
    pub reason: String,
    pub created_at: String,
    /// The issue's title at the time, so the list reads well after renames and deletes.
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Issue,
    Story,
    Item,
    Link,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SearchHit {
    pub kind: HitKind,
    /// The id of the issue, story, item or link the hit is in.
    pub id: i64,
    /// The issue it belongs to (none for inbox links).
    pub issue_id: Option<IssueId>,
    pub title: String,
    /// A short excerpt with the matches wrapped in `[` `]`.
    pub snippet: String,
    /// BM25 score; lower is better (SQLite's convention).
    pub rank: f64,
}

/// A publication and its settings (DESIGN.md §2): a library holds one or more, and every
/// issue belongs to one. Stored as a name and key/value rows; see `store::publications`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct Publication {
    /// 0 for one not (yet) in a library.
    pub id: PublicationId,
    /// Unique in the library, ignoring case.
    pub name: String,
    pub tagline: String,
    /// How often it comes out, in the reader's words: "Every Tuesday."
    pub cadence: String,
    pub author: String,
    pub sign_off: String,
    pub footer: String,
    /// The footer's lines in the author's order (see [`footer_order`]); empty for the usual.
    pub footer_order: String,
    pub default_theme: String,
    pub sender: String,
    pub postal_address: String,
    pub unsubscribe_url: String,
    pub words_per_minute: i64,
    pub typography: Typography,
    /// Where the images of email exports are hosted (`https://cdn.example.com/news/`):
    /// an image `3f2a9c1b7d4e.jpg` is sent as that address plus its name.
    pub image_base_url: String,
    /// Where the publication's web archive is published (`https://example.com/news/`):
    /// makes the archive's feed and sitemap addresses whole.
    pub site_url: String,
}

impl Default for Publication {
    fn default() -> Self {
        Publication {
            id: 0,
            name: "My Newsletter".into(),
            tagline: String::new(),
            cadence: String::new(),
            author: String::new(),
            sign_off: String::new(),
            footer: String::new(),
            footer_order: String::new(),
            default_theme: "weekly".into(),
            sender: String::new(),
            postal_address: String::new(),
            unsubscribe_url: String::new(),
            words_per_minute: 265,
            typography: Typography::Typographic,
            image_base_url: String::new(),
            site_url: String::new(),
        }
    }
}

/// How a test send talks to the SMTP server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SmtpTls {
    /// Plain connection upgraded with STARTTLS (port 587); refused if the server cannot.
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: allowed only for a server on this machine.
    None,
}

impl SmtpTls {
    pub fn as_str(self) -> &'static str {
        match self {
            SmtpTls::Starttls => "starttls",
            SmtpTls::Tls => "tls",
            SmtpTls::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "starttls" => Some(SmtpTls::Starttls),
            "tls" | "ssl" => Some(SmtpTls::Tls),
            "none" => Some(SmtpTls::None),
            _ => None,
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
            SmtpTls::None => 25,
        }
    }
}

/// SMTP settings for test sends (`smtp.*`). The password is not here: it lives in the
/// system keychain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub user: String,
}

/// Link tagging at export (`links.utm*`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct Tagging {
    pub enabled: bool,
    /// Empty: the publication's name as a slug.
    pub source: String,
    pub medium: String,
    /// `{number}` becomes the issue's number.
    pub campaign: String,
    /// Domains never tagged (their subdomains too).
    pub exclude: Vec<String>,
}
