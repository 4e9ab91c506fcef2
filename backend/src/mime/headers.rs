//! Header facts for the browser: decoded subject, addresses and date.

use facteur_model::Timestamp;
use facteur_model::message::Address;
use mail_parser::Message;

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
}

/// Reads the header facts of a parsed message.
pub fn header_facts(message: &Message<'_>) -> HeaderFacts {
    HeaderFacts {
        from: addresses(message.from()).into_iter().next(),
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        reply_to: addresses(message.reply_to()),
        subject: message
            .subject()
            .map(|s| collapse_whitespace(s, usize::MAX))
            .unwrap_or_default(),
        date: message
            .date()
            .filter(|date| date.is_valid())
            .map(|date| Timestamp(date.to_timestamp())),
        message_id: message.message_id().map(str::to_owned),
    }
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
