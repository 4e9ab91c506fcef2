//! `type; value` fields (RFC 3464 §2.1.2): MTA names, recipient addresses and
//! diagnostic codes all say what kind of value they carry before a semicolon.

use crate::fields::strip_comments;
use serde::{Deserialize, Serialize};

/// A field value of the form `type; value`, such as `rfc822; user@example.test` or
/// `smtp; 550 5.1.1 user unknown`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypedValue {
    /// The type before the semicolon, lower-cased, comments removed (`dns`, `rfc822`,
    /// `smtp`, `x-postfix`, ...); `None` when the server wrote no semicolon.
    pub kind: Option<String>,
    /// The text after the semicolon, trimmed and otherwise as written.
    pub value: String,
}

impl TypedValue {
    /// Splits at the first semicolon outside a comment; no semicolon keeps the whole text.
    pub fn parse(text: &str) -> Self {
        match split_type(text) {
            Some((kind, value)) => TypedValue {
                kind: Some(strip_comments(kind).text.to_ascii_lowercase()),
                value: value.trim().to_owned(),
            },
            None => TypedValue {
                kind: None,
                value: text.trim().to_owned(),
            },
        }
    }

    /// Whether the type is the given one (types are case-insensitive).
    pub fn is_kind(&self, kind: &str) -> bool {
        self.kind
            .as_deref()
            .is_some_and(|k| k.eq_ignore_ascii_case(kind))
    }
}

/// The position of the first `;` not inside a comment, with the two sides.
fn split_type(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if depth > 0 => escaped = true,
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_value_table() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            ("dns; mail.example.test", Some("dns"), "mail.example.test"),
            (
                "rfc822;nobody@example.test",
                Some("rfc822"),
                "nobody@example.test",
            ),
            ("RFC822; A@B", Some("rfc822"), "A@B"),
            (
                "smtp; 550 5.1.1 <x@y> User doesn't exist: x@y",
                Some("smtp"),
                "550 5.1.1 <x@y> User doesn't exist: x@y",
            ),
            (
                "X-Postfix; connect to host: refused",
                Some("x-postfix"),
                "connect to host: refused",
            ),
            (
                "rfc822 (mail-addres) ; louisl@larry",
                Some("rfc822"),
                "louisl@larry",
            ),
            ("smtp;  550 a; b", Some("smtp"), "550 a; b"),
            ("(a;b) unknown; nair_s", Some("unknown"), "nair_s"),
            ("nobody@example.test", None, "nobody@example.test"),
            ("", None, ""),
            ("; bare", Some(""), "bare"),
        ];
        for (text, kind, value) in cases {
            let parsed = TypedValue::parse(text);
            assert_eq!(parsed.kind.as_deref(), *kind, "{text}");
            assert_eq!(parsed.value, *value, "{text}");
        }
        assert!(TypedValue::parse("RFC822; a@b").is_kind("rfc822"));
    }
}
