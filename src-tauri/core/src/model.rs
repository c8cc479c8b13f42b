//! The data model of DESIGN.md §2 as plain types: what the store saves, the shell sends
//! to the UI, and revisions snapshot. No behaviour lives here.

use serde::{Deserialize, Serialize};
use specta::Type;

/// An issue's id in the library (not its number, which readers see).
pub type IssueId = i64;
/// A story's id in the library.
pub type StoryId = i64;
/// The id of a coverage link or reaction in a story.
pub type ItemId = i64;
/// The id of a link in the inbox.
pub type LinkId = i64;
/// The id of a feed the author follows.
pub type FeedId = i64;
/// The id of a saved version (revision) of an issue.
pub type RevisionId = i64;
/// A publication's id in the library.
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
    /// The value as the `publication.typography` setting stores it: `typographic` or `as_typed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Typography::Typographic => "typographic",
            Typography::AsTyped => "as_typed",
        }
    }

    /// Reads a `publication.typography` value (surrounding spaces ignored); `None` for anything else.
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

/// Where an issue stands on its way to readers. The author sets it; a send or schedule through
/// an email service moves it to `scheduled` or `sent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum IssueStatus {
    /// Being written; left out of the web archive.
    Draft,
    /// Finished and waiting to go out; the web archive includes it.
    Ready,
    /// An email service holds it until its time (see `publish::send`).
    Scheduled,
    /// Gone out to the list (marked by the author, or sent through an email service).
    Sent,
}

impl IssueStatus {
    /// The status as stored and serialized: `draft`, `ready`, `scheduled` or `sent`.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueStatus::Draft => "draft",
            IssueStatus::Ready => "ready",
            IssueStatus::Scheduled => "scheduled",
            IssueStatus::Sent => "sent",
        }
    }

    /// The status a stored name stands for; `None` for anything else.
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
    /// The issue's id, to open it with.
    pub id: IssueId,
    /// The publication it belongs to.
    pub publication_id: PublicationId,
    /// The issue number readers see (`#12`), unique within its publication.
    pub number: i64,
    /// The issue's title; empty when the author has not written one yet.
    pub title: String,
    /// Its calendar date, `YYYY-MM-DD`; empty while undated.
    pub date: String,
    /// Where it stands: draft, ready, scheduled or sent.
    pub status: IssueStatus,
    /// The name of the theme it is rendered with (`weekly`, or a folder in the library's `themes/`).
    pub theme: String,
    /// How many stories it holds.
    pub story_count: i64,
    /// When it last changed: RFC 3339 UTC with milliseconds (`2026-04-08T09:12:00.000Z`).
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
    /// The issue's title: the heading of its page and the email's subject (when empty, the
    /// subject is the publication's name and the issue number).
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// Calendar date `YYYY-MM-DD` (the issue's own day, never shifted by time zone).
    pub date: String,
    /// Where it stands: `None` is a draft on create and leaves the status as it is on update.
    pub status: Option<IssueStatus>,
    /// The theme's name: empty takes the publication's default theme on create and keeps the
    /// current one on update.
    pub theme: String,
    /// The opening before the stories (Markdown).
    pub intro: String,
    /// The words after the stories (Markdown): a last line starting with `—` or `--` is taken
    /// as the sign-off.
    pub closing: String,
    /// The line an inbox shows after the subject, before the email is opened; empty for none.
    pub preheader: String,
}

/// One issue as stored: what the author wrote, its number, status and times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Issue {
    /// The issue's id in the library.
    pub id: IssueId,
    /// 0 in revisions taken before schema 4 (one publication then): restored into the first.
    #[serde(default)]
    pub publication_id: PublicationId,
    /// The issue number readers see (`#12`), unique within its publication.
    pub number: i64,
    /// The issue's title: the heading of its page and the email's subject (when empty, the
    /// subject is the publication's name and the issue number).
    pub title: String,
    /// One line under the title; empty for none.
    pub subtitle: String,
    /// Calendar date `YYYY-MM-DD` (the issue's own day, never shifted by time zone); empty
    /// while undated.
    pub date: String,
    /// Where it stands: draft, ready, scheduled or sent.
    pub status: IssueStatus,
    /// The name of the theme it is rendered with (`weekly`, or a folder in the library's `themes/`).
    pub theme: String,
    /// The opening before the stories (Markdown).
    pub intro: String,
    /// The words after the stories (Markdown): a last line starting with `—` or `--` is taken
    /// as the sign-off.
    pub closing: String,
    /// The line an inbox shows after the subject, before the email is opened; empty for none.
    pub preheader: String,
    /// When it was created: RFC 3339 UTC with milliseconds.
    pub created_at: String,
    /// When it last changed: RFC 3339 UTC with milliseconds.
    pub updated_at: String,
}

/// The fields of a story the author edits; saved whole on autosave.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct StoryFields {
    /// The section it runs under (`Top Priority Items`): themes name it above the first story
    /// of a run. Empty for none.
    pub section: String,
    /// The story's headline; empty makes it read as prose, with no number or heading.
    pub headline: String,
    /// Where readers can discuss it (the weekly theme's *discuss ↗* link); empty for none.
    pub discuss_url: String,
    /// The story itself (Markdown).
    pub body: String,
    /// A sentence or two that sums it up (Markdown), shown as *Summary:* where the theme has it.
    pub summary: String,
    /// The specifics (Markdown), shown as *Details:* where the theme has it.
    pub details: String,
    /// Why it matters (Markdown), shown as *What it means*.
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

/// A story of an issue, with its coverage links and reactions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Story {
    /// The story's id in the library.
    pub id: StoryId,
    /// The issue it is in.
    pub issue_id: IssueId,
    /// Its place in the issue, counted from 0.
    pub ordinal: i64,
    /// What the author wrote (serialized as the story's own fields).
    #[serde(flatten)]
    pub fields: StoryFields,
    /// Its coverage links and reactions, in order.
    pub items: Vec<Item>,
    /// When it last changed: RFC 3339 UTC with milliseconds.
    pub updated_at: String,
}

/// What an item of a story is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A link to reporting or analysis on the story, listed under a group heading.
    Coverage,
    /// What a person said about the story (usually a social post): who, their words and the counts.
    Reaction,
}

impl ItemKind {
    /// The kind as stored and serialized: `coverage` or `reaction`.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Coverage => "coverage",
            ItemKind::Reaction => "reaction",
        }
    }

    /// The kind a stored name stands for; `None` for anything else.
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
    /// As the theme shows links: cards when its `link_cards` option is on, else lines.
    #[default]
    Theme,
    /// One line: `Source — “Title”`.
    Line,
    /// A card: picture, title, description and source.
    Card,
}

impl ItemLayout {
    /// The layout as stored and serialized: `theme`, `line` or `card`.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemLayout::Theme => "theme",
            ItemLayout::Line => "line",
            ItemLayout::Card => "card",
        }
    }

    /// The layout a stored name stands for; `None` for anything else.
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
    /// Whether it is a coverage link or a reaction.
    pub kind: ItemKind,
    /// Coverage group heading ("Official", "Analysis", "Coverage — Japan").
    pub group_heading: String,
    /// Publisher, account or person.
    pub source: String,
    /// A reaction's person's role (`CEO of Example`); empty for none.
    pub role: String,
    /// A coverage link's title, as the page gave it or the author wrote it.
    pub title: String,
    /// A reaction's words as the person wrote them (quotation marks pasted around them are
    /// dropped when shown).
    pub quote: String,
    /// The author's own remark, shown with the item; empty for none.
    pub note: String,
    /// The address it links to; empty for none.
    pub url: String,
    /// How many likes the post or page had when read (see `captured_at`); `None` when unknown.
    pub likes: Option<i64>,
    /// How many views or plays it had when read (see `captured_at`); `None` when unknown.
    pub views: Option<i64>,
    /// When the likes/views were read (RFC 3339), if known.
    pub captured_at: Option<String>,
    /// The inbox link it was made from; `None` when written by hand or that link was removed.
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

/// A coverage link or reaction in a story, with its place there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Item {
    /// The item's id in the library.
    pub id: ItemId,
    /// The story it belongs to.
    pub story_id: StoryId,
    /// Its place among the story's items, counted from 0.
    pub ordinal: i64,
    /// What it says (serialized as the item's own fields).
    #[serde(flatten)]
    pub fields: ItemFields,
}

/// An issue with its stories and their items: what the editor shows and what a revision stores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct IssueDoc {
    /// The issue's own fields.
    pub issue: Issue,
    /// Its stories in order, each with its items.
    pub stories: Vec<Story>,
}

/// How the last fetch of an inbox link's page went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum FetchStatus {
    /// Not fetched yet.
    Pending,
    /// Fetched; the card holds what the page said.
    Ok,
    /// The site answered with a bot wall, which says nothing about whether the page works.
    Blocked,
    /// The page could not be fetched; the link's `reason` says why.
    Failed,
}

impl FetchStatus {
    /// The status as stored and serialized: `pending`, `ok`, `blocked` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            FetchStatus::Pending => "pending",
            FetchStatus::Ok => "ok",
            FetchStatus::Blocked => "blocked",
            FetchStatus::Failed => "failed",
        }
    }

    /// The status a stored name stands for; `None` for anything else.
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
    /// Where the address led after redirects.
    pub final_url: Option<String>,
    /// The address the page names as its own (its canonical URL), else the one fetched.
    pub canonical_url: Option<String>,
    /// The page's headline, as its metadata gives it.
    pub title: Option<String>,
    /// What the page says it is about; for a post, its text.
    pub description: Option<String>,
    /// The site or publication it appeared in.
    pub publisher: Option<String>,
    /// The person who wrote or posted it.
    pub author: Option<String>,
    /// When it was published: ISO 8601 with the offset the page gave.
    pub published: Option<String>,
    /// The address of the page's lead picture.
    pub image: Option<String>,
    /// The address of the site's icon or logo.
    pub logo: Option<String>,
    /// The page's language as a BCP 47 tag (`en-US`).
    pub lang: Option<String>,
    /// What the page is: `article`, `video`, `social`, `document`, `image` or `page`.
    pub kind: Option<String>,
    /// A post author's `@handle`.
    pub handle: Option<String>,
    /// Likes the page states (a post's), if it states them.
    pub likes: Option<i64>,
    /// Views or plays the page states, if it states them.
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
    /// The author's title; `None` uses the fetched one.
    pub title: Option<String>,
    /// The author's description; `None` uses the fetched one.
    pub description: Option<String>,
    /// The author's publisher; `None` uses the fetched one.
    pub publisher: Option<String>,
    /// The author's name for who wrote it; `None` uses the fetched one.
    pub author: Option<String>,
    /// The author's publication date; `None` uses the fetched one.
    pub published: Option<String>,
    /// The author's picture address; `None` uses the fetched one.
    pub image: Option<String>,
}

/// A feed the author follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Feed {
    /// The feed's id in the library.
    pub id: FeedId,
    /// The feed's address.
    pub url: String,
    /// The site it belongs to, as the feed says.
    pub site_url: String,
    /// What the feed calls itself.
    pub title: String,
    /// The author's name for it; empty: the title.
    pub name: String,
    /// The folder the author filed it in; empty for none.
    pub folder: String,
    /// Not refreshed while paused.
    pub paused: bool,
    /// When it was last refreshed (RFC 3339 UTC), whether or not that worked; `None` before the first.
    pub checked_at: Option<String>,
    /// The last refresh's problem in words; `None` when it worked (or never ran).
    pub error: Option<String>,
    /// When the author started following it (RFC 3339 UTC).
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
    /// The author's title, else the fetched one, else the address.
    pub title: String,
    /// The publisher, else the author, else the host as people write it.
    pub publisher: String,
    /// The host without `www.`, as people write it (`bücher.example`).
    pub host: String,
}

/// A link in the inbox: the address, what its page said, and what the author wrote over it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Link {
    /// The link's id in the library.
    pub id: LinkId,
    /// The URL exactly as pasted or dropped.
    pub url: String,
    /// The address the inbox tells links apart by: lowercase host, without fragment, tracking
    /// parameters or trailing slash.
    pub normalized_url: String,
    /// What the last fetch found on the page.
    pub meta: LinkMeta,
    /// What the author typed over the fetched metadata.
    pub overrides: LinkOverrides,
    /// How the last fetch went.
    pub status: FetchStatus,
    /// Why the last fetch was blocked or failed, in words; `None` when it worked.
    pub reason: Option<String>,
    /// When the page was last fetched (RFC 3339 UTC); `None` if never.
    pub fetched_at: Option<String>,
    /// When it came into the inbox (RFC 3339 UTC).
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

/// One saved version of an issue, as its history lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RevisionSummary {
    /// The version's id, to restore it with.
    pub id: RevisionId,
    /// The issue it is a version of (which may since have been deleted).
    pub issue_id: IssueId,
    /// Why it was taken, in words: `while editing`, `saved by you`, `before deleting a story`.
    pub reason: String,
    /// When it was taken (RFC 3339 UTC).
    pub created_at: String,
    /// The issue's title at the time, so the list reads well after renames and deletes.
    pub title: String,
}

/// What a search hit was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    /// An issue's title, subtitle, intro, closing or preheader.
    Issue,
    /// A story's headline, section or Markdown fields.
    Story,
    /// A coverage link or reaction in a story.
    Item,
    /// A link in the inbox.
    Link,
}

/// One result of a search across the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct SearchHit {
    /// Whether the hit is in an issue, a story, an item or an inbox link.
    pub kind: HitKind,
    /// The id of the issue, story, item or link the hit is in.
    pub id: i64,
    /// The issue it belongs to (none for inbox links).
    pub issue_id: Option<IssueId>,
    /// The hit's heading: the issue's title, the story's headline, the item's source and title,
    /// or the link's title.
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
    /// One line under the name; empty for none.
    pub tagline: String,
    /// How often it comes out, in the reader's words: "Every Tuesday."
    pub cadence: String,
    /// Who writes it (the Markdown export's front matter); empty for none.
    pub author: String,
    /// The closing line (`— Sam`), used when an issue's closing does not end with its own.
    pub sign_off: String,
    /// The footer text (Markdown): how often it comes out, why the reader gets it.
    pub footer: String,
    /// The footer's lines in the author's order (see [`footer_order`]); empty for the usual.
    pub footer_order: String,
    /// The theme new issues get (`weekly`, `digest`, `briefing` or the author's own).
    pub default_theme: String,
    /// The From address, `Name <you@example.com>`; needed for `.eml` exports and test sends.
    pub sender: String,
    /// The postal address printed in email footers; empty for none.
    pub postal_address: String,
    /// The email footer's unsubscribe link and the `List-Unsubscribe` header (http, https or
    /// mailto); empty for none.
    pub unsubscribe_url: String,
    /// Reading speed for reading times, in words per minute (50–2000).
    pub words_per_minute: i64,
    /// How quotes, apostrophes, dashes and ellipses are set in every output.
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
    /// The value as the `smtp.tls` setting stores it: `starttls`, `tls` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            SmtpTls::Starttls => "starttls",
            SmtpTls::Tls => "tls",
            SmtpTls::None => "none",
        }
    }

    /// Reads an `smtp.tls` value in any case (`ssl` means `tls`); `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "starttls" => Some(SmtpTls::Starttls),
            "tls" | "ssl" => Some(SmtpTls::Tls),
            "none" => Some(SmtpTls::None),
            _ => None,
        }
    }

    /// The port servers usually take this on: 587, 465 or 25 (the `smtp.port` default).
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
    /// The SMTP server's name; empty until test sends are set up.
    pub host: String,
    /// The server's port (1–65535).
    pub port: u16,
    /// How the connection is encrypted.
    pub tls: SmtpTls,
    /// The login; empty for a server without one.
    pub user: String,
}

/// Link tagging at export (`links.utm*`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct Tagging {
    /// Whether links are tagged at export at all.
    pub enabled: bool,
    /// Empty: the publication's name as a slug.
    pub source: String,
    /// The `utm_medium` value (`email` unless the author set another); empty leaves it out.
    pub medium: String,
    /// `{number}` becomes the issue's number.
    pub campaign: String,
    /// Domains never tagged (their subdomains too).
    pub exclude: Vec<String>,
}
