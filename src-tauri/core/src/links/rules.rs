//! How each field of a card is decided among the page's candidates: the rules that need
//! more than "the first one found" (titles that carry the site's name or a section's,
//! a teaser title that disagrees with the headline).

/// A page's title candidates, whitespace collapsed, and how to take the site's name off
/// one (`Headline | Site`, where the site is the publisher or the host).
pub(crate) struct TitleCandidates<F: Fn(&str) -> String> {
    /// `og:title`, else `twitter:title`.
    pub og: Option<String>,
    /// The article's JSON-LD or microdata `headline`.
    pub headline: Option<String>,
    /// `<title>`.
    pub title: Option<String>,
    /// The first `<h1>`.
    pub h1: Option<String>,
    /// The JSON-LD `name` (a page, a video).
    pub name: Option<String>,
    /// The site's name as the page gives it (`og:site_name`).
    pub site_name: Option<String>,
    /// The page is the site's home page (where the site's name is the title).
    pub home: bool,
    /// Takes the site's name off a title.
    pub site: F,
}

/// The page's headline:
/// 1. The `<h1>` when the page's `<title>` or its structured headline says the same: the
///    headline readers see, confirmed (a teaser `og:title` written for sharing, or one the
///    site left as its slogan, loses to it).
/// 2. Else `og:title`, unless it was cut short (`…`) and another candidate is it whole.
/// 3. Else the structured headline, `<title>`, the JSON-LD name, the `<h1>`.
///
/// Each candidate first loses what surrounds a confirmed headline (`Section: Headline |
/// Site`, `Site :: View topic - Headline`), the site's name, `(Published 2017)` and a
/// bracketed kicker (`【速報】`).
pub(crate) fn title<F: Fn(&str) -> String>(c: TitleCandidates<F>) -> Option<String> {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let raw_h1 =
        c.h1.as_deref().map(|h| collapse(h.trim_end_matches(['¶', '#', '🔗']))).filter(|h| h.chars().count() >= 2);
    let raw_headline = c.headline.as_deref().map(collapse).filter(|h| !h.is_empty());
    // What a candidate is confirmed to hold: a shorter candidate inside it, up to separators.
    let anchors: Vec<&str> = [raw_h1.as_deref(), raw_headline.as_deref()].into_iter().flatten().collect();
    let reduce = |t: &str| -> String {
        let t = collapse(t);
        for a in &anchors {
            if let Some(inner) = within_separators(&t, a) {
                return tidy(inner);
            }
        }
        tidy(&(c.site)(&t))
    };
    // An og:title that is the site's name with its slogan (`Radio X – News, culture,
    // music`) is the site's title, left on an article page: the headline is the <h1>.
    let site_title = |t: &str| {
        c.site_name.as_deref().is_some_and(|site| {
            within_separators(&collapse(t), &collapse(site)).is_some() || collapse(t) == collapse(site)
        })
    };
    let og = c.og.as_deref().map(reduce).filter(|t| !t.is_empty());
    let title = c.title.as_deref().map(reduce).filter(|t| !t.is_empty());
    let headline = raw_headline.as_deref().map(reduce).filter(|t| !t.is_empty());
    let h1 = raw_h1.as_deref().map(tidy);

    if let Some(h) = &h1 {
        let og_is_the_site = !c.home && c.og.as_deref().is_some_and(site_title) && og.as_deref() != Some(h);
        if title.as_deref() == Some(h) || headline.as_deref() == Some(h) || og_is_the_site {
            return Some(h.clone());
        }
    }
    if let Some(og) = og {
        let cut = og.trim_end_matches(['…', '.']).trim_end();
        if cut.len() < og.len() && !cut.is_empty() {
            let whole = [&headline, &title, &h1]
                .into_iter()
                .flatten()
                .find(|t| t.len() > cut.len() && **t != og && t.starts_with(cut));
            if let Some(whole) = whole {
                return Some(whole.clone());
            }
        }
        return Some(og);
    }
    headline.or(title).or_else(|| c.name.as_deref().map(collapse).filter(|t| !t.is_empty())).or(h1)
}

/// `anchor` when `t` is it with only a site's name, a section or a forum's crumbs around
/// it: `t` starts or ends with it (or holds it) next to a separator.
fn within_separators<'a>(t: &str, anchor: &'a str) -> Option<&'a str> {
    const SEPARATING: &[char] = &['|', '-', '–', '—', '·', '•', ':', '｜', '_', '»', '/', '：', '>', '«'];
    if anchor.is_empty() || anchor.chars().count() < 2 {
        return None;
    }
    if t == anchor {
        return Some(anchor);
    }
    let separated = |s: &str| s.trim_start().starts_with(SEPARATING) || s.trim_end().ends_with(SEPARATING);
    let mut from = 0;
    while let Some(i) = t[from..].find(anchor).map(|i| from + i) {
        let (before, after) = (&t[..i], &t[i + anchor.len()..]);
        let before_ok = before.trim().is_empty() || before.trim_end().ends_with(SEPARATING);
        let after_ok = after.trim().is_empty() || after.trim_start().starts_with(SEPARATING);
        if before_ok && after_ok && (separated(before) || separated(after)) {
            return Some(anchor);
        }
        from = i + anchor.len();
    }
    None
}

/// A title without what news sites add to it: `(Published 2017)` at the end, a bracketed
/// kicker at the start (`【速報】`, `[Video]`).
fn tidy(t: &str) -> String {
    let mut t = t.trim();
    if let Some(open) = t.rfind(" (Published ") {
        if t.ends_with(')') && t[open + 12..t.len() - 1].chars().all(|c| c.is_ascii_digit()) {
            t = t[..open].trim_end();
        }
    }
    // A short kicker before a full-width bar: `独家｜`, `速報｜`.
    if let Some((kicker, rest)) = t.split_once('｜') {
        if kicker.chars().count() <= 4 && rest.chars().count() >= 8 {
            t = rest.trim_start();
        }
    }
    for (open, close) in [('【', '】'), ('［', '］'), ('[', ']')] {
        if let Some(rest) = t.strip_prefix(open) {
            if let Some(end) = rest.find(close) {
                let after = rest[end + close.len_utf8()..].trim_start();
                if end <= 24 && !after.is_empty() {
                    t = after;
                }
            }
        }
    }
    t.to_owned()
}

/// Where a page names its publisher, each source whitespace-collapsed.
#[derive(Default)]
pub(crate) struct PublisherCandidates {
    /// The article's JSON-LD `publisher`.
    pub structured: Option<String>,
    /// `og:site_name`.
    pub og: Option<String>,
    /// The site's own JSON-LD node (`WebSite`, a news organization).
    pub site: Option<String>,
    /// `application-name` and the app-link names.
    pub app: Option<String>,
    /// The alt text of the site's logo picture.
    pub logo_alt: Option<String>,
    /// The name `<title>` carries beside the headline.
    pub title_site: Option<String>,
    /// The name in the copyright line.
    pub copyright: Option<String>,
    /// `article:section`: an `og:site_name` equal to it names a section, not the site.
    pub section: Option<String>,
}

/// Blogging and posting platforms: their name is not a blog's or a publication's.
const PLATFORMS: &[&str] =
    &["medium", "substack", "wordpress", "wordpress.com", "blogger", "blogspot", "ghost", "tumblr"];

/// The publisher: the name most of the page's sources agree on (`og:site_name`, the
/// article's JSON-LD publisher, the site's node, `application-name`, the logo's alt text,
/// the name in `<title>`, the copyright line), the first of equals in that order. A name
/// that is a host (`example.org`), the article's section or a blogging platform counts only
/// when nothing else names the site.
pub(crate) fn publisher(c: PublisherCandidates) -> Option<String> {
    let section = c.section.as_deref().map(squash);
    let weak = |name: &str| {
        let sq = squash(name);
        looks_like_host(name)
            || section.as_deref() == Some(sq.as_str())
            || PLATFORMS.contains(&name.trim().to_lowercase().as_str())
    };
    let sources: Vec<String> =
        [c.og, c.structured, c.site, c.app, c.logo_alt, c.title_site, c.copyright].into_iter().flatten().collect();
    let strong: Vec<&String> = sources.iter().filter(|n| !weak(n)).collect();
    let votes = |name: &str| sources.iter().filter(|other| same_name(name, other)).count();
    let best =
        strong.iter().enumerate().max_by_key(|(i, n)| (votes(n), std::cmp::Reverse(*i))).map(|(_, n)| (*n).clone());
    best.or_else(|| sources.first().cloned())
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// `npr.org`, `Example.COM`: one word with a dot and a top-level domain after it.
pub(crate) fn looks_like_host(s: &str) -> bool {
    let s = s.trim();
    !s.contains(' ')
        && s.contains('.')
        && s.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Two names for the same publisher: equal once case, spaces and punctuation go, or one
/// holds the other (`The Albion Courier`, `Albion Courier Media Ltd`).
fn same_name(a: &str, b: &str) -> bool {
    let strip = |s: &str| {
        let s = squash(s);
        for article in ["the", "le", "la", "les", "el", "los", "il", "lo", "der", "die", "das", "o", "os"] {
            if let Some(rest) = s.strip_prefix(article) {
                if rest.chars().count() >= 4 && s.len() > article.len() {
                    return rest.to_owned();
                }
            }
        }
        s
    };
    let (a, b) = (strip(a), strip(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b || (a.chars().count() >= 4 && b.chars().count() >= 4 && (a.contains(&b) || b.contains(&a)))
}

/// The name in a copyright line: `© 2024 Rheinblick Medien GmbH. Alle Rechte vorbehalten.`
/// → `Rheinblick Medien GmbH`.
pub(crate) fn copyright_name(line: &str) -> Option<String> {
    let at = line.find('©').map(|i| i + '©'.len_utf8()).or_else(|| line.find("Copyright").map(|i| i + 9))?;
    let mut rest = line[at..].trim_start_matches(|c: char| c.is_whitespace() || c == ':');
    rest = rest.trim_start_matches("Copyright").trim_start();
    // Years: `2024`, `2019–2024`, `2019 - 2024`.
    rest = rest
        .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || matches!(c, '-' | '–' | ',' | '.'));
    const ENDS: &[&str] = &[
        " All rights",
        " all rights",
        " Alle Rechte",
        " Tous droits",
        " tous droits",
        " Todos los derechos",
        " Tutti i diritti",
        " Todos os direitos",
        " Built with",
        " Powered by",
        " powered by",
        "版权所有",
        "無断転載",
        " | ",
        " · ",
        " • ",
        " - ",
        " – ",
        " — ",
    ];
    let padded = format!(" {rest}");
    let rest = padded.as_str();
    let mut end = rest.len();
    for e in ENDS {
        if let Some(i) = rest.find(e) {
            end = end.min(i);
        }
    }
    for e in ['.', ',', ';', '|', '·', '•', '(', '\n'] {
        if let Some(i) = rest.find(e) {
            // `Example Inc.` keeps a dot that ends a word inside the name only at the end.
            end = end.min(i);
        }
    }
    let name = rest[..end].trim().trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let n = name.chars().count();
    (2..=60).contains(&n).then(|| name.to_owned()).filter(|n| n.chars().any(char::is_alphabetic))
}

/// A byline as a name: without `By`, `Von`, `Par`, `Por`, `di`, `文/`, `作者：`, `記者`
/// before it and without what widgets put after it (`@handle`, `Follow`, `· 3 min read`,
/// `» Sat Mar 02`, a job title after a separator). `None` when nothing like a name is left.
pub(crate) fn author_name(raw: &str) -> Option<String> {
    let mut t = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    // Everything up to a credit label: `Words and photos: Ann`, `文・写真：佐藤`, `Texto: Ana`.
    for label in [":", "：", "文/图", "文/", "文／", "図/"] {
        if let Some(i) = t.find(label) {
            let head = &t[..i];
            let a_label =
                head.chars().count() <= 24 && !head.trim().is_empty() && !head.chars().any(|c| c.is_ascii_digit());
            if a_label || label.starts_with('文') || label.starts_with('図') {
                t = t[i + label.len()..].trim().to_owned();
            }
        }
    }
    const PREFIXES: &[&str] = &[
        "written by ",
        "posted by ",
        "postby ",
        "post by ",
        "by ",
        "von ",
        "beitragvon ",
        "beitrag von ",
        "par ",
        "por ",
        "di ",
        "de ",
        "da ",
        "door ",
        "av ",
        "scritto da ",
        "testo di ",
        "texto de ",
        "texto por ",
        "text von ",
        "text: ",
        "escrito por ",
        "écrit par ",
        "geschrieben von ",
        "publicado por ",
        "pubblicato da ",
        "reportage de ",
        "記者",
        "记者",
        "撰文",
        "作者",
        "文・",
        "文 ",
        "文",
    ];
    loop {
        let lower = t.to_lowercase();
        let Some(p) = PREFIXES.iter().find(|p| lower.starts_with(*p) && t.len() > p.len()) else { break };
        t = t[p.len()..].trim_start().to_owned();
    }
    // What follows the name: a handle, a follow button, a date, a role after a separator.
    const ENDS: &[&str] = &[
        " @",
        "@",
        " »",
        "»",
        " |",
        " ·",
        " •",
        " — ",
        " – ",
        " - ",
        "／",
        " /",
        "+ ",
        " Follow",
        " Folgen",
        " Folge mir",
        " Suivre",
        " Seguir",
        " Segui",
        " Entfolgen",
        "追蹤",
        "关注",
        "フォロー",
        " (",
        "（",
        " Updated",
        " Aktualisiert",
        " Actualizado",
        " Mis à jour",
        " Aggiornato",
        " Atualizado",
    ];
    let mut end = t.len();
    for e in ENDS {
        if let Some(i) = t.find(e).filter(|&i| i > 0) {
            end = end.min(i);
        }
    }
    // A sentence after the name (`Lena Horvath. Questions?`), not an initial (`J. R. Hartley`).
    let mut from = 0;
    while let Some(i) = t[from..end].find(". ").map(|i| from + i) {
        let word = t[..i].rsplit(' ').next().unwrap_or_default();
        if t[..i].contains(' ') && word.chars().count() > 2 {
            end = i;
            break;
        }
        from = i + 2;
    }
    // A date or time after the name: `Ana Souza 21/03/2024`.
    if let Some(i) = t[..end]
        .split(' ')
        .scan(0, |at, w| {
            let here = *at;
            *at += w.len() + 1;
            Some((here, w))
        })
        .find(|(at, w)| *at > 0 && w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .map(|(at, _)| at)
    {
        end = end.min(i);
    }
    let t = t[..end].trim().trim_end_matches(['.', ',', ';']).trim();
    // A newspaper's own label on its reporter: `岭南晚报记者 张伟`, `記者王大明`.
    let t =
        ["记者 ", "記者 ", "记者", "記者"].iter().find_map(|k| t.rsplit_once(k).map(|(_, n)| n.trim())).unwrap_or(t);
    // A user name shown before the display name: `ana.souza Ana Souza`.
    let t = match t.split_once(' ') {
        Some((handle, rest))
            if (handle.starts_with('@') || handle.chars().count() > 3 && handle.contains(['.', '_']))
                && rest.contains(' ')
                && rest.starts_with(char::is_uppercase) =>
        {
            rest
        }
        _ => t,
    };
    // A link to more of the author's articles is not a name.
    const NOT_NAMES: &[&str] = &[
        "more", "mehr", "alle", "all", "view", "ver", "voir", "mais", "tous", "todos", "altri", "tutti", "articles",
        "artikel", "artigos", "notas", "posts", "profile", "perfil", "profil",
    ];
    if t.split_whitespace().any(|w| NOT_NAMES.contains(&w.to_lowercase().as_str())) {
        return None;
    }
    let n = t.chars().count();
    ((1..=80).contains(&n) && t.chars().any(char::is_alphabetic)).then(|| t.to_owned())
}

/// Several names in one byline as a list: `Ann Lee and Bo Park` → `Ann Lee, Bo Park`.
pub(crate) fn list_names(names: &str) -> String {
    let mut out = names.to_owned();
    for joiner in [" and ", " und ", " et ", " y ", " e ", " & ", "、", " och "] {
        if let Some((a, b)) = out.split_once(joiner) {
            if a.contains(' ') && b.contains(' ') || (joiner == "、" && !a.is_empty() && !b.is_empty()) {
                out = format!("{}, {}", a.trim(), b.trim());
            }
        }
    }
    out
}

/// A user name or initials rather than a person's name as readers see it: `gsmith_builds`,
/// `@dana`, `id:kyoto`, `jmr`, `R.T.`.
pub(crate) fn is_handle_or_initials(a: &str) -> bool {
    let a = a.trim();
    let cjk = a.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c) || ('\u{ac00}'..='\u{d7af}').contains(&c));
    if cjk {
        return false;
    }
    let letters = a.chars().filter(|c| c.is_alphabetic()).count();
    a.starts_with('@')
        || a.starts_with("id:")
        || (!a.contains(' ') && (a.contains('_') || a.contains('.') || a.chars().any(|c| c.is_ascii_digit())))
        || (!a.contains(' ') && a.chars().all(|c| !c.is_uppercase()))
        || letters <= 3
}

/// The author among the page's candidates (in priority order, each already a name): the
/// first, unless it is a handle or initials and another is a name as readers see it.
pub(crate) fn author(candidates: &[String]) -> Option<String> {
    let first = candidates.first()?;
    if is_handle_or_initials(first) {
        if let Some(named) = candidates.iter().find(|c| !is_handle_or_initials(c)) {
            return Some(named.clone());
        }
    }
    Some(first.clone())
}

/// Words that mark a date as a change, not the publication: a line with one of them is
/// read no further.
const UPDATED: &[&str] = &[
    "updated",
    "modified",
    "last update",
    "aktualisiert",
    "geändert",
    "zuletzt",
    "mis à jour",
    "modifié",
    "actualizado",
    "modificado",
    "aggiornato",
    "modificato",
    "atualizado",
    "更新",
    "修改",
    "編集",
];

/// The publication date in a line of visible text (`16.10.2019, 08:30 Uhr`, `le 16 octobre
/// 2019 à 8h30`, `Sat Mar 02, 2024 8:41 pm`, `2019年10月16日 8時30分`, `2019/10/16 08:30`):
/// the day, with the time when the line gives one (no offset: the page gave none). A line
/// that says it is an update is skipped; relative dates (`vor 3 Tagen`) are not dates.
/// `month_first`: whether `10/06/2019` is October 6 (an American page) or 10 June; `None`
/// (the page's language unknown) leaves such a date unread.
pub(crate) fn visible_date(line: &str, month_first: Option<bool>) -> Option<String> {
    let lower = line.to_lowercase();
    if UPDATED.iter().any(|u| lower.contains(u)) || line.len() > 200 {
        return None;
    }
    let (date, rest) = cjk_date(&lower).or_else(|| numeric_date(&lower, month_first)).or_else(|| named_date(&lower))?;
    Some(match clock(rest) {
        Some((h, m)) => format!("{date}T{h:02}:{m:02}:00"),
        None => date,
    })
}

fn day_of(y: i32, m: u8, d: u8) -> Option<String> {
    if !(1990..=2100).contains(&y) {
        return None;
    }
    let month = time::Month::try_from(m).ok()?;
    Some(time::Date::from_calendar_date(y, month, d).ok()?.to_string())
}

/// Digits at the start of `s` as a number, and the rest.
fn number(s: &str) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    (n > 0 && n <= 4).then(|| (s[..n].parse().ok(), &s[n..])).and_then(|(v, r)| Some((v?, r)))
}

/// `2019年10月16日` and what follows it.
fn cjk_date(s: &str) -> Option<(String, &str)> {
    let mut from = 0;
    while let Some(i) = s[from..].find('年').map(|i| from + i) {
        let start = s[..i]
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |j| j + s[j..].chars().next().map_or(1, char::len_utf8));
        let parsed = (|| {
            let y: i32 = s[start..i].parse().ok()?;
            let (m, r) = number(&s[i + '年'.len_utf8()..])?;
            let r = r.strip_prefix('月')?;
            let (d, r) = number(r)?;
            let r = r.strip_prefix('日')?;
            Some((day_of(y, m as u8, d as u8)?, r))
        })();
        if parsed.is_some() {
            return parsed;
        }
        from = i + '年'.len_utf8();
    }
    None
}

/// `16.10.2019`, `2019-10-16`, `2019/10/16`, `16/10/2019` and what follows.
fn numeric_date(s: &str, month_first: Option<bool>) -> Option<(String, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            if let Some(found) = (|| {
                let (a, r) = number(&s[i..])?;
                let sep = r.chars().next().filter(|c| matches!(c, '.' | '-' | '/'))?;
                let (b2, r) = number(&r[1..])?;
                let r = r.strip_prefix(sep)?;
                let (c, r) = number(r)?;
                if r.starts_with(|ch: char| ch.is_ascii_digit()) {
                    return None;
                }
                let date = if a >= 1000 {
                    day_of(a as i32, b2 as u8, c as u8)?
                } else if c >= 1000 && sep != '-' {
                    let (d, m) = match (sep, month_first) {
                        _ if b2 > 12 => (b2, a),
                        _ if a > 12 || sep == '.' => (a, b2),
                        ('/', Some(true)) => (b2, a),
                        ('/', Some(false)) => (a, b2),
                        _ => return None,
                    };
                    day_of(c as i32, m as u8, d as u8)?
                } else {
                    return None;
                };
                Some((date, r))
            })() {
                return Some(found);
            }
        }
        i += 1;
    }
    None
}

const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro"],
    &["february", "feb", "februar", "février", "févr", "fevrier", "febrero", "febbraio", "fevereiro", "fev"],
    &["march", "mar", "märz", "maerz", "mär", "mars", "marzo", "março", "marco"],
    &["april", "apr", "avril", "avr", "abril", "abr", "aprile"],
    &["may", "mai", "mayo", "maggio", "mag", "maio"],
    &["june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"],
    &["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"],
    &["august", "aug", "août", "aout", "agosto", "ago"],
    &["september", "sep", "sept", "septembre", "septiembre", "set", "settembre", "setembro"],
    &["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out"],
    &["november", "nov", "novembre", "noviembre", "novembro"],
    &["december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic", "dicembre", "dezembro"],
];

/// `16 octobre 2019`, `16. Oktober 2019`, `October 16, 2019`, `16 de octubre de 2019`,
/// `Sat Mar 02, 2024`: a day, a month's name and a year within a few words.
fn named_date(s: &str) -> Option<(String, &str)> {
    let words: Vec<(usize, &str)> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .scan(0, |at, w| {
            let here = *at;
            *at += w.len() + 1;
            Some((here, w))
        })
        .filter(|(_, w)| !w.is_empty() && !matches!(*w, "de" | "del" | "le" | "el" | "il" | "o" | "the" | "of"))
        .collect();
    let month = |w: &str| {
        let w = w.trim_end_matches('.');
        MONTHS.iter().position(|names| names.contains(&w)).map(|i| i as u8 + 1)
    };
    let day = |w: &str| {
        let w = w
            .trim_end_matches(['.', 'º'])
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th")
            .trim_end_matches("er");
        w.parse::<u8>().ok().filter(|d| (1..=31).contains(d))
    };
    let year = |w: &str| w.trim_end_matches(['.', ',']).parse::<i32>().ok().filter(|y| (1990..=2100).contains(y));
    for k in 0..words.len() {
        let Some(m) = month(words[k].1) else { continue };
        let next = |j: usize| words.get(j).map(|w| w.1);
        // Day before the month (`16 octobre 2019`) or after it (`October 16, 2019`).
        let before =
            k.checked_sub(1).and_then(|j| day(words[j].1)).zip(next(k + 1).and_then(year)).map(|(d, y)| (d, y, k + 1));
        let after = next(k + 1).and_then(day).zip(next(k + 2).and_then(year)).map(|(d, y)| (d, y, k + 2));
        if let Some((d, y, last)) = before.or(after) {
            let end = words[last].0 + words[last].1.len();
            return Some((day_of(y, m, d)?, &s[end.min(s.len())..]));
        }
    }
    None
}

/// A time of day right after a date: `08:30`, `8:41 pm`, `8h30`, `à 8h30`, `um 8:30 Uhr`,
/// `- 08:30`, `8時30分`.
fn clock(rest: &str) -> Option<(u32, u32)> {
    let r = rest.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '-' | '–' | '|' | '·'));
    let r = ["à ", "a las ", "alle ", "às ", "as ", "um ", "at ", "kl. ", "ore "]
        .iter()
        .find_map(|p| r.strip_prefix(p))
        .unwrap_or(r);
    let (h, r) = number(r.trim_start())?;
    let r = r.trim_start();
    let r = r
        .strip_prefix(':')
        .or_else(|| r.strip_prefix('h'))
        .or_else(|| r.strip_prefix("時"))
        .or_else(|| r.strip_prefix("时"))
        .or_else(|| r.strip_prefix("点"))?;
    let (m, r) = number(r.trim_start())?;
    let r = r.trim_start().to_lowercase();
    let h = if r.starts_with("pm") && h < 12 {
        h + 12
    } else if r.starts_with("am") && h == 12 {
        0
    } else {
        h
    };
    (h < 24 && m < 60).then_some((h, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pick(og: Option<&str>, headline: Option<&str>, title: Option<&str>, h1: Option<&str>) -> Option<String> {
        super::title(TitleCandidates {
            og: og.map(Into::into),
            headline: headline.map(Into::into),
            title: title.map(Into::into),
            h1: h1.map(Into::into),
            name: None,
            site_name: None,
            home: false,
            site: |t: &str| t.to_owned(),
        })
    }

    #[test]
    fn a_confirmed_headline_sheds_what_surrounds_it() {
        let h = "Blight on tomatoes";
        assert_eq!(pick(None, None, Some("The Shed :: View topic - Blight on tomatoes"), Some(h)).as_deref(), Some(h));
        assert_eq!(pick(Some("Chronik: Blight on tomatoes"), Some(h), None, None).as_deref(), Some(h));
        assert_eq!(pick(Some("详解_小站-博客"), None, None, Some("详解")).as_deref(), Some("详解"));
        assert_eq!(
            pick(Some("Blight on tomatoes everywhere"), None, None, Some(h)).as_deref(),
            Some("Blight on tomatoes everywhere"),
            "a longer title is not cut at a word"
        );
    }

    #[test]
    fn the_publisher_is_the_name_the_page_agrees_on() {
        let p = |og: &str, logo_alt: &str, copyright: &str, section: &str| {
            publisher(PublisherCandidates {
                og: Some(og.into()).filter(|s: &String| !s.is_empty()),
                logo_alt: Some(logo_alt.into()).filter(|s: &String| !s.is_empty()),
                copyright: copyright_name(copyright),
                section: Some(section.into()),
                ..Default::default()
            })
        };
        assert_eq!(
            p("Inland", "Rundfunk Mittelland", "© Rundfunk Mittelland, Anstalt", "").as_deref(),
            Some("Rundfunk Mittelland")
        );
        assert_eq!(p("rivertonpost.example", "The Riverton Post", "", "").as_deref(), Some("The Riverton Post"));
        assert_eq!(p("Culture", "", "", "Culture").as_deref(), Some("Culture"), "a section is better than nothing");
        assert_eq!(p("The Daily", "Logo", "", "").as_deref(), Some("The Daily"));
        assert_eq!(
            copyright_name("© 2019–2024 Albion Courier Media Ltd. All rights reserved.").as_deref(),
            Some("Albion Courier Media Ltd")
        );
        assert_eq!(
            copyright_name("Copyright © 2021 Lena's Workbench · Built with Hugo").as_deref(),
            Some("Lena's Workbench")
        );
        assert_eq!(copyright_name("© 2024. All rights reserved."), None);
    }

    #[test]
    fn dates_are_read_from_the_lines_readers_see() {
        for (line, date) in [
            ("16.10.2019, 08:30 Uhr", "2019-10-16T08:30:00"),
            ("16 de octubre de 2019 - 08:30", "2019-10-16T08:30:00"),
            ("16 octobre 2019 à 8h30", "2019-10-16T08:30:00"),
            ("mercoledì 16 ottobre 2019", "2019-10-16"),
            ("16 de outubro de 2019 às 08h30", "2019-10-16T08:30:00"),
            ("Postby dan » Sat Mar 02, 2024 8:41 pm", "2024-03-02T20:41:00"),
            ("Mi 16. Okt 2019, 20:41", "2019-10-16T20:41:00"),
            ("2019年10月16日 8時30分", "2019-10-16T08:30:00"),
            ("公開日: 2022年1月18日", "2022-01-18"),
            ("2019/10/16 08:30", "2019-10-16T08:30:00"),
            ("Tuesday 14 May 2024", "2024-05-14"),
            ("21/03/2024", "2024-03-21"),
            ("October 16th, 2019", "2019-10-16"),
        ] {
            assert_eq!(visible_date(line, Some(false)).as_deref(), Some(date), "{line}");
        }
        assert_eq!(visible_date("10/06/2019", Some(true)).as_deref(), Some("2019-10-06"));
        assert_eq!(visible_date("10/06/2019", Some(false)).as_deref(), Some("2019-06-10"));
        assert_eq!(visible_date("10/06/2019", None), None, "which is the day? The page does not say");
        assert_eq!(visible_date("16/10/2019", None).as_deref(), Some("2019-10-16"));
        for line in
            ["vor 3 Tagen", "Aktualisiert am 17.10.2019", "最終更新日: 2024年5月30日", "Issue 12 of 2019", "3 comments"]
        {
            assert_eq!(visible_date(line, Some(false)), None, "{line}");
        }
    }

    #[test]
    fn bylines_become_names() {
        for (raw, name) in [
            ("Von Anna Keller", "Anna Keller"),
            ("Postby driftwood_dan » Sat Mar 02, 2024 8:41 pm", "driftwood_dan"),
            ("Words and photos: Maggie Thornbury", "Maggie Thornbury"),
            ("Tom Okafor @tomokafor.cielo.example", "Tom Okafor"),
            ("Lucía Gómez @luciagomez.cielo.example+ Seguir", "Lucía Gómez"),
            ("文・写真：佐藤健一", "佐藤健一"),
            ("文/图 郑海涛", "郑海涛"),
            ("岭南晚报记者 张伟", "张伟"),
            ("記者王大明／台北報導", "王大明"),
            ("作者：李明", "李明"),
            ("Written by Lena Horvath. Questions? Send me an email.", "Lena Horvath"),
            ("Priya Natarajan • Illustrations by Theo Gallant", "Priya Natarajan"),
            ("di Marco Bellini", "Marco Bellini"),
            ("dpa 27.02.2019 – 15:42", "dpa"),
        ] {
            assert_eq!(author_name(raw).as_deref(), Some(name), "{raw}");
        }
        assert_eq!(list_names("Delphine Aucoin and Marcus Bell"), "Delphine Aucoin, Marcus Bell");
        assert_eq!(list_names("Salt and Pepper"), "Salt and Pepper");
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(author(&names(&["gsmith_builds", "Gordon Smith"])).as_deref(), Some("Gordon Smith"));
        assert_eq!(author(&names(&["jmr", "José Manuel Roldán"])).as_deref(), Some("José Manuel Roldán"));
        assert_eq!(author(&names(&["quietpedal"])).as_deref(), Some("quietpedal"), "a handle is better than nothing");
        assert_eq!(author(&names(&["王小明", "wxm"])).as_deref(), Some("王小明"));
    }

    #[test]
    fn the_headline_readers_see_beats_a_teaser() {
        let h = "The chemistry of a sour cup";
        assert_eq!(pick(Some("Why coffee tastes sour"), Some(h), None, Some(h)).as_deref(), Some(h));
        assert_eq!(
            pick(Some("Why coffee tastes sour"), None, None, Some(h)).as_deref(),
            Some("Why coffee tastes sour")
        );
        assert_eq!(
            pick(Some("A long headline cut sh…"), None, None, Some("A long headline cut short")).as_deref(),
            Some("A long headline cut short")
        );
        assert_eq!(pick(Some("Old story (Published 2017)"), None, None, None).as_deref(), Some("Old story"));
        assert_eq!(pick(Some("【速報】江の島で停電"), None, None, None).as_deref(), Some("江の島で停電"));
    }
}
