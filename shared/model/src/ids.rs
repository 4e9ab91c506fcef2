//! Newtypes for identifiers that must never be mixed up.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An IMAP message UID: unique and stable within one folder of one [`UidValidity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Uid(pub u32);

/// The IMAP UIDVALIDITY of a folder: when it changes, every cached UID of that folder is void.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UidValidity(pub u32);

/// A folder's full IMAP name (decoded from modified UTF-7), hierarchy delimiter included.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FolderPath(pub String);

impl FolderPath {
    /// The folder every IMAP account has.
    pub fn inbox() -> Self {
        FolderPath("INBOX".to_owned())
    }

    /// The name as the server knows it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FolderPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A point in time, in whole seconds since the Unix epoch (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// A syntactically plausible email address (`local@domain`), as typed by a user.
///
/// Addresses found in received mail stay plain strings (see [`crate::message::Address`]):
/// real mail carries broken ones, and we must still show them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

/// Why a string is not an [`EmailAddress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidEmailAddress {
    /// Nothing was typed.
    Empty,
    /// There is no `@`, or more than one outside quotes.
    NoSingleAt,
    /// The part before or after the `@` is empty.
    EmptyPart,
    /// Spaces or control characters.
    ForbiddenCharacter,
    /// The domain has no dot-separated labels we could ever connect to.
    BadDomain,
}

impl fmt::Display for InvalidEmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Self::Empty => "the address is empty",
            Self::NoSingleAt => "the address needs exactly one @",
            Self::EmptyPart => "the address needs text before and after the @",
            Self::ForbiddenCharacter => "the address contains spaces or control characters",
            Self::BadDomain => "the domain part of the address is not valid",
        };
        f.write_str(text)
    }
}

impl std::error::Error for InvalidEmailAddress {}

impl EmailAddress {
    /// Checks the shape of `text` (trimmed); it does not check that the mailbox exists.
    pub fn parse(text: &str) -> Result<Self, InvalidEmailAddress> {
        let text = text.trim();
        if text.is_empty() {
            return Err(InvalidEmailAddress::Empty);
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(InvalidEmailAddress::ForbiddenCharacter);
        }
        let (local, domain) = text
            .rsplit_once('@')
            .ok_or(InvalidEmailAddress::NoSingleAt)?;
        if local.contains('@') && !(local.starts_with('"') && local.ends_with('"')) {
            return Err(InvalidEmailAddress::NoSingleAt);
        }
        if local.is_empty() || domain.is_empty() {
            return Err(InvalidEmailAddress::EmptyPart);
        }
        let labels_ok = domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if !labels_ok {
            return Err(InvalidEmailAddress::BadDomain);
        }
        Ok(EmailAddress(text.to_owned()))
    }

    /// The whole address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`, lower-cased (domains are case-insensitive).
    pub fn domain(&self) -> String {
        self.0
            .rsplit_once('@')
            .map(|(_, d)| d.to_ascii_lowercase())
            .unwrap_or_default()
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = InvalidEmailAddress;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        EmailAddress::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "demo@example.test",
            " Jean.Dupont@laposte.net ",
            "a+tag@sub.example.org",
        ] {
            let parsed = EmailAddress::parse(ok).unwrap();
            assert_eq!(parsed.as_str(), ok.trim());
        }
        assert_eq!(
            EmailAddress::parse("x@Example.TEST").unwrap().domain(),
            "example.test"
        );
    }

    #[test]
    fn refuses_malformed_addresses_with_a_reason() {
        let cases = [
            ("", InvalidEmailAddress::Empty),
            ("   ", InvalidEmailAddress::Empty),
            ("no-at-sign", InvalidEmailAddress::NoSingleAt),
            ("a@b@c.test", InvalidEmailAddress::NoSingleAt),
            ("@example.test", InvalidEmailAddress::EmptyPart),
            ("demo@", InvalidEmailAddress::EmptyPart),
            (
                "de mo@example.test",
                InvalidEmailAddress::ForbiddenCharacter,
            ),
            ("demo@example..test", InvalidEmailAddress::BadDomain),
            ("demo@-example.test", InvalidEmailAddress::BadDomain),
        ];
        for (input, reason) in cases {
            assert_eq!(EmailAddress::parse(input), Err(reason), "input {input:?}");
        }
    }

    #[test]
    fn deserializing_validates() {
        let bad: Result<EmailAddress, _> = serde_json::from_str("\"nope\"");
        assert!(bad.is_err());
        let good: EmailAddress = serde_json::from_str("\"demo@example.test\"").unwrap();
        assert_eq!(good.as_str(), "demo@example.test");
    }
}
