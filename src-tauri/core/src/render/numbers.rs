//! Numbers and dates the way the seed newsletters write them: `1,047 likes · 73,368 views`,
//! `April 8, 2026`, `Issue #002`, story `01`.

/// `12000000` → `12,000,000`.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `1,047 likes · 73,368 views`; a missing count is left out, and so is the whole line
/// when both are missing.
pub fn counts(likes: Option<i64>, views: Option<i64>) -> String {
    let part = |n: i64, one: &str, many: &str| format!("{} {}", group_digits(n), if n == 1 { one } else { many });
    let parts: Vec<String> = [likes.map(|n| part(n, "like", "likes")), views.map(|n| part(n, "view", "views"))]
        .into_iter()
        .flatten()
        .collect();
    parts.join(" · ")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-04-08` → `April 8, 2026`. Anything that is not such a date is returned as written,
/// so an author's "Spring 2026" still shows.
pub fn long_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.trim().splitn(3, '-').collect();
    if let [y, m, d] = parts[..] {
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<usize>(), d.get(..2).unwrap_or(d).parse::<u32>()) {
            if (1..=12).contains(&m) && (1..=31).contains(&d) && y > 0 {
                return format!("{} {d}, {y}", MONTHS[m - 1]);
            }
        }
    }
    iso.trim().to_owned()
}

/// A stored time (RFC 3339, UTC) as the author reads it in the computer's time zone:
/// `April 13, 2026 at 6:19 AM`; empty for anything else.
pub fn long_time(rfc3339: &str) -> String {
    long_time_in(rfc3339, &jiff::tz::TimeZone::system())
}

fn long_time_in(rfc3339: &str, zone: &jiff::tz::TimeZone) -> String {
    let Ok(at) = rfc3339.trim().parse::<jiff::Timestamp>() else { return String::new() };
    let z = at.to_zoned(zone.clone());
    let (hour, ampm) = match z.hour() {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    let month = MONTHS[usize::try_from(z.month()).unwrap_or(1).clamp(1, 12) - 1];
    format!("{month} {}, {} at {hour}:{:02} {ampm}", z.day(), z.year(), z.minute())
}

/// Zero-padded: `pad(2, 3)` → `002`.
pub fn pad(n: i64, width: usize) -> String {
    format!("{n:0width$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_reads_as_the_briefing_seed_writes_it() {
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(long_time_in("2026-04-13T06:19:00.000Z", &utc), "April 13, 2026 at 6:19 AM");
        assert_eq!(long_time_in("2026-04-13T00:05:00Z", &utc), "April 13, 2026 at 12:05 AM");
        assert_eq!(long_time_in("2026-12-31T23:59:59.999Z", &utc), "December 31, 2026 at 11:59 PM");
        let tokyo =
            jiff::tz::TimeZone::get("Asia/Tokyo").unwrap_or_else(|_| jiff::tz::TimeZone::fixed(jiff::tz::offset(9)));
        assert_eq!(long_time_in("2026-04-13T20:00:00Z", &tokyo), "April 14, 2026 at 5:00 AM", "the author's own day");
        assert_eq!(long_time_in("", &utc), "");
        assert_eq!(long_time_in("yesterday", &utc), "");
    }

    #[test]
    fn digits_are_grouped_like_the_seeds() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1047), "1,047");
        assert_eq!(group_digits(30067863), "30,067,863");
        assert_eq!(group_digits(12_000_000), "12,000,000");
        assert_eq!(group_digits(-1234), "-1,234");
    }

    #[test]
    fn counts_leave_out_what_is_missing() {
        assert_eq!(counts(Some(1047), Some(73368)), "1,047 likes · 73,368 views");
        assert_eq!(counts(Some(949), None), "949 likes");
        assert_eq!(counts(None, Some(1)), "1 view");
        assert_eq!(counts(Some(0), None), "0 likes");
        assert_eq!(counts(None, None), "");
    }

    #[test]
    fn dates_read_like_the_seeds() {
        assert_eq!(long_date("2026-04-08"), "April 8, 2026");
        assert_eq!(long_date("2026-12-31"), "December 31, 2026");
        assert_eq!(long_date("Spring 2026"), "Spring 2026");
        assert_eq!(long_date("2026-13-01"), "2026-13-01");
        assert_eq!(pad(2, 3), "002");
        assert_eq!(pad(12, 2), "12");
    }
}
