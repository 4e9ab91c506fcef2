//! RFC 5322 `date-time` values (Arrival-Date, Last-Attempt-Date, Will-Retry-Until), read
//! leniently into a [`Timestamp`]. No clock: the text alone decides the instant.

use crate::fields::strip_comments;
use facteur_model::Timestamp;
use facteur_model::calendar::LocalDate;
use serde::{Deserialize, Serialize};

/// A date field as written, and the instant it names when it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateField {
    /// The field value as the server wrote it (comments included).
    pub text: String,
    /// The instant, when the text is a readable RFC 5322 date.
    pub at: Option<Timestamp>,
}

impl DateField {
    /// Keeps `text` and reads the instant it names, if any.
    pub fn parse(text: &str) -> Self {
        DateField {
            text: text.to_owned(),
            at: parse_date_time(text),
        }
    }
}

/// Reads `[day-of-week ","] day month year hour ":" minute [":" second] [zone]`, the
/// obsolete zone names included; a missing zone is read as UTC (`-0000` semantics).
pub fn parse_date_time(text: &str) -> Option<Timestamp> {
    let text = strip_comments(text).text;
    let mut tokens = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .peekable();
    if tokens.peek()?.chars().all(|c| c.is_ascii_alphabetic()) {
        tokens.next(); // day of week: redundant with the date, so not checked
    }
    let day: u8 = tokens.next()?.parse().ok()?;
    let month = month_number(tokens.next()?)?;
    let year = full_year(tokens.next()?)?;
    let (hour, minute, second) = time_of_day(tokens.next()?)?;
    let offset = match tokens.next() {
        Some(zone) => zone_offset_seconds(zone)?,
        None => 0,
    };
    let date = LocalDate { year, month, day };
    // Round-tripping rejects dates that do not exist (30 February).
    if day == 0 || LocalDate::from_day_number(date.day_number()) != date {
        return None;
    }
    let local = date.day_number() * 86_400
        + i64::from(hour) * 3_600
        + i64::from(minute) * 60
        + i64::from(second);
    Some(Timestamp(local - i64::from(offset)))
}

fn month_number(name: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let name = name.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == name).map(|i| i as u8 + 1)
}

/// Four-digit years, and the obsolete two- and three-digit forms (RFC 5322 §4.3).
fn full_year(text: &str) -> Option<i32> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = text.parse().ok()?;
    Some(match text.len() {
        2 if year < 50 => 2000 + year,
        2 | 3 => 1900 + year,
        _ => year,
    })
}

fn time_of_day(text: &str) -> Option<(u8, u8, u8)> {
    let mut parts = text.split(':');
    let hour: u8 = two_digits(parts.next()?)?;
    let minute: u8 = two_digits(parts.next()?)?;
    let second: u8 = match parts.next() {
        Some(s) => two_digits(s)?,
        None => 0,
    };
    // 60 is a leap second, which RFC 5322 allows.
    (parts.next().is_none() && hour < 24 && minute < 60 && second <= 60)
        .then_some((hour, minute, second))
}

fn two_digits(text: &str) -> Option<u8> {
    (text.len() <= 2 && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn zone_offset_seconds(zone: &str) -> Option<i32> {
    if let Some(sign) = zone.strip_prefix(['+', '-']).map(|_| zone.as_bytes()[0]) {
        let digits = &zone[1..];
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let hours: i32 = digits[..2].parse().ok()?;
        let minutes: i32 = digits[2..].parse().ok()?;
        let offset = (hours * 60 + minutes) * 60;
        return Some(if sign == b'-' { -offset } else { offset });
    }
    let hours = match zone.to_ascii_uppercase().as_str() {
        "UT" | "UTC" | "GMT" | "Z" => 0,
        "EDT" => -4,
        "EST" | "CDT" => -5,
        "CST" | "MDT" => -6,
        "MST" | "PDT" => -7,
        "PST" => -8,
        // Other military zones are ambiguous (RFC 5322 §4.3): read as UTC.
        other if other.len() == 1 && other.bytes().all(|b| b.is_ascii_alphabetic()) => 0,
        _ => return None,
    };
    Some(hours * 3_600)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_table() {
        let cases: &[(&str, Option<i64>)] = &[
            ("Thu, 26 Nov 2026 09:27:16 +0000 (UTC)", Some(1_795_685_236)),
            ("26 Nov 2026 09:27:16 +0000", Some(1_795_685_236)),
            ("Thu, 26 Nov 2026 10:27:16 +0100", Some(1_795_685_236)),
            ("Thu, 26 Nov 2026 04:27:16 EST", Some(1_795_685_236)),
            ("Thu, 26 Nov 2026 09:27 GMT", Some(1_795_685_220)),
            ("Thu, 26 Nov 2026 09:27:16", Some(1_795_685_236)),
            ("Thu,26 Nov 2026 09:27:16 -0000", Some(1_795_685_236)),
            ("Thu, 7 Jul 1994 17:15:49 -0400", Some(773_615_749)),
            ("Thu, 7 Jul 94 17:15:49 -0400", Some(773_615_749)),
            ("Wed, 20 Sep 1995 00:19:00 (EDT) -0400", Some(811_570_740)),
            ("1 January 2000 00:00:00 +0000", Some(946_684_800)),
            ("30 Feb 2026 00:00:00 +0000", None),
            ("0 Jan 2026 00:00:00 +0000", None),
            ("26 Nov 2026 24:00:00 +0000", None),
            ("26 Nov 2026 09:27:16 +00", None),
            ("26 Nov 2026 09:27:16 Mars", None),
            ("26 Foo 2026 09:27:16 +0000", None),
            ("yesterday", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_date_time(text).map(|t| t.0), *expected, "{text}");
        }
    }

    #[test]
    fn date_field_keeps_the_text() {
        let field = DateField::parse("someday");
        assert_eq!(field.text, "someday");
        assert_eq!(field.at, None);
    }
}
