//! Header facts for the browser: decoded subject, addresses, date and List-Id, and every
//! header field decoded for rules that test any named header.

use super::encoded_words::join_adjacent_words;
use facteur_model::Timestamp;
use facteur_model::folder_ops::HeaderField;
use facteur_model::message::Address;
use mail_parser::parsers::MessageStream;
use mail_parser::{HeaderName, HeaderValue, Message};
use std::borrow::Cow;

/// Characters kept of one header value handed to the browser.
pub const MAX_VALUE_CHARS: usize = 8 * 1024;

/// The headers a message list and an opened message show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HeaderFacts {
    pub from: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub reply_to: Vec<Address>,
    /// Decoded (RFC 2047 resolved), empty when missing.
    pub subject: String,
    /// `None` when the Date header is missing or not a date.
    pub date: Option<Timestamp>,
    pub message_id: Option<String>,
    /// The List-Id header, decoded, whitespace collapsed; `None` when missing or blank.
    pub list_id: Option<String>,
}

/// Reads the header facts of a parsed message.
pub fn header_facts(message: &Message<'_>) -> HeaderFacts {
    HeaderFacts {
        from: address_field(message, HeaderName::From, message.from())
            .into_iter()
            .next(),
        to: address_field(message, HeaderName::To, message.to()),
        cc: address_field(message, HeaderName::Cc, message.cc()),
        reply_to: address_field(message, HeaderName::ReplyTo, message.reply_to()),
        subject: subject(message),
        date: message
            .date()
            .filter(|date| date.is_valid())
            .map(|date| Timestamp(date.to_timestamp())),
        message_id: message.message_id().map(str::to_owned),
        list_id: message
            .header_raw(HeaderName::ListId)
            .map(|raw| decoded_value(raw.as_bytes()))
            .filter(|value| !value.is_empty()),
    }
}

/// The subject, decoded; encoded words that split a character read from the raw field.
fn subject(message: &Message<'_>) -> String {
    let repaired = message
        .header_raw(HeaderName::Subject)
        .map(|raw| join_adjacent_words(raw.as_bytes()))
        .filter(|joined| matches!(joined, Cow::Owned(_)));
    let text = match repaired {
        Some(joined) => unstructured(&joined),
        None => message.subject().unwrap_or_default().to_owned(),
    };
    collapse_whitespace(&text, usize::MAX)
}

/// An address field as mail-parser read it, or read again from the raw field when its
/// encoded words split a character (a display name cut inside a letter).
fn address_field<'x>(
    message: &Message<'x>,
    name: HeaderName<'x>,
    parsed: Option<&mail_parser::Address<'_>>,
) -> Vec<Address> {
    let repaired = message
        .header_raw(name)
        .map(|raw| join_adjacent_words(raw.as_bytes()))
        .filter(|joined| matches!(joined, Cow::Owned(_)));
    if let Some(joined) = repaired
        && let HeaderValue::Address(list) = MessageStream::new(&joined).parse_address()
    {
        return addresses(Some(&list));
    }
    addresses(parsed)
}

/// A raw header value (after the colon, folded lines included) decoded: RFC 2047
/// encoded-words resolved (adjacent ones in one charset joined first), whitespace
/// collapsed, cut at [`MAX_VALUE_CHARS`].
pub fn decoded_value(raw: &[u8]) -> String {
    collapse_whitespace(&unstructured(&join_adjacent_words(raw)), MAX_VALUE_CHARS)
}

/// An unstructured raw value, encoded words decoded.
fn unstructured(raw: &[u8]) -> String {
    match MessageStream::new(raw).parse_unstructured() {
        HeaderValue::Text(text) => text.into_owned(),
        HeaderValue::TextList(list) => list.join(" "),
        _ => String::from_utf8_lossy(raw).into_owned(),
    }
}

/// Every header field of the message, in order, decoded; fields past `max_bytes` (names
/// and values together) are left out. Whether some were.
pub fn all_fields(message: &Message<'_>, max_bytes: usize) -> (Vec<HeaderField>, bool) {
    let raw = message.raw_message();
    let mut fields = Vec::new();
    let mut used = 0;
    for header in message.headers() {
        let start = header.offset_start as usize;
        let end = (header.offset_end as usize).max(start);
        let written = raw
            .get(header.offset_field as usize..start)
            .and_then(|name| name.split(|b| *b == b':').next())
            .map(|name| String::from_utf8_lossy(name).trim().to_owned())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| header.name.as_str().to_owned());
        let value = raw.get(start..end).map(decoded_value).unwrap_or_default();
        used += written.len() + value.len();
        if used > max_bytes {
            return (fields, true);
        }
        fields.push(HeaderField {
            name: written,
            value,
        });
    }
    (fields, false)
}

fn addresses(header: Option<&mail_parser::Address<'_>>) -> Vec<Address> {
    let Some(header) = header else {
        return Vec::new();
    };
    header
        .iter()
        .filter(|addr| addr.address().is_some() || addr.name().is_some())
        .map(|addr| Address {
            name: addr
                .name()
                .map(|name| collapse_whitespace(name, usize::MAX))
                .filter(|name| !name.is_empty()),
            email: addr.address().unwrap_or_default().to_owned(),
        })
        .collect()
}

/// Collapses runs of whitespace (and control characters) into single spaces, trims, and
/// cuts to at most `max_chars` characters.
pub fn collapse_whitespace(text: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for word in text
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if count >= max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            count += 1;
        }
        for c in word.chars() {
            if count >= max_chars {
                break;
            }
            out.push(c);
            count += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    #[test]
    fn encoded_words_and_addresses_are_decoded() {
        let raw = b"From: =?UTF-8?Q?Ren=C3=A9e_Dupont?= <renee@example.test>\r\n\
To: a@example.test, \"B\" <b@example.test>\r\n\
Cc: undisclosed-recipients:;\r\n\
Subject: =?ISO-8859-1?Q?R=E9union?= de\r\n  =?UTF-8?B?bHVuZGk=?=\r\n\
Date: Tue, 3 Mar 2026 09:15:00 +0100\r\n\
Message-ID: <abc@example.test>\r\n\r\nbody\r\n";
        let message = MessageParser::default().parse(raw).unwrap();
        let facts = header_facts(&message);
        assert_eq!(facts.subject, "Réunion de lundi");
        let from = facts.from.unwrap();
        assert_eq!(from.name.as_deref(), Some("Renée Dupont"));
        assert_eq!(from.email, "renee@example.test");
        assert_eq!(facts.to.len(), 2);
        assert_eq!(facts.to[1].name.as_deref(), Some("B"));
        assert_eq!(facts.date, Some(Timestamp(1_772_525_700)));
        assert_eq!(facts.message_id.as_deref(), Some("abc@example.test"));
        assert_eq!(facts.list_id, None);
    }

    #[test]
    fn every_field_comes_decoded_in_order_and_bounded() {
        let raw = b"From: a@example.test\r\n\
List-Id: =?UTF-8?Q?Annonces_=C3=A9t=C3=A9?=\r\n <annonces.example.test>\r\n\
X-Priorit\xc3\xa9: 1\r\n\
x-spam-flag: YES\r\n\
Subject: s\r\n\r\nbody\r\n";
        let message = MessageParser::default().parse(&raw[..]).unwrap();
        assert_eq!(
            header_facts(&message).list_id.as_deref(),
            Some("Annonces été <annonces.example.test>")
        );
        let (fields, cut) = all_fields(&message, 10_000);
        assert!(!cut);
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|f| (f.name.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("From", "a@example.test"),
                ("List-Id", "Annonces été <annonces.example.test>"),
                ("X-Priorité", "1"),
                ("x-spam-flag", "YES"),
                ("Subject", "s"),
            ]
        );
        let (few, cut) = all_fields(&message, 30);
        assert!(cut);
        assert_eq!(few.len(), 1);
    }

    #[test]
    fn missing_or_garbage_dates_are_none() {
        for raw in [
            &b"Subject: x\r\n\r\nbody"[..],
            &b"Date: next tuesday-ish\r\nSubject: x\r\n\r\nbody"[..],
        ] {
            let message = MessageParser::default().parse(raw).unwrap();
            assert_eq!(header_facts(&message).date, None);
        }
    }

    #[test]
    fn whitespace_collapses_and_cuts_on_characters() {
        assert_eq!(collapse_whitespace("  a\r\n\tb   c ", 100), "a b c");
        assert_eq!(collapse_whitespace("ééééé", 3), "ééé");
        assert_eq!(collapse_whitespace("ab cd", 4), "ab c");
    }
}
