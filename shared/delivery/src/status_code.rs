//! Enhanced mail system status codes (RFC 3463 `class.subject.detail`) and the short
//! meaning of the common ones, as a closed list the UI can translate exhaustively.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An RFC 3463 status code such as `5.1.1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StatusCode {
    /// 2 (success), 4 (persistent transient failure) or 5 (permanent failure).
    pub class: u8,
    /// What the code is about: 1 addressing, 2 mailbox, 3 mail system, 4 network and
    /// routing, 5 delivery protocol, 6 message content, 7 security or policy.
    pub subject: u16,
    /// The precise condition within the subject.
    pub detail: u16,
}

/// The broad outcome a status code's class stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusClass {
    /// `2.x.x`: the action succeeded.
    Success,
    /// `4.x.x`: failed for now; the same attempt may succeed later.
    Transient,
    /// `5.x.x`: failed; retrying the same message will not help.
    Permanent,
}

/// The common conditions a sender should understand at a glance (RFC 3463, RFC 7505,
/// RFC 7372); any other code only has its [`StatusClass`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KnownStatus {
    /// `2.x.x`.
    Success,
    /// `x.1.1`: the mailbox does not exist.
    UnknownUser,
    /// `x.1.2`: the domain does not exist or does not accept mail.
    UnknownDomain,
    /// `x.1.3`: the address is not a valid address.
    BadAddressSyntax,
    /// `x.1.6`: the mailbox moved and no forwarding address is known.
    MailboxMoved,
    /// `x.1.10`: the domain declares that it accepts no mail (null MX).
    NullMx,
    /// `x.2.1`: the mailbox exists but is disabled.
    MailboxDisabled,
    /// `x.2.2`: the mailbox is full.
    MailboxFull,
    /// `x.2.3` and `x.3.4`: the message is larger than the recipient accepts.
    MessageTooBig,
    /// `x.3.2`: the receiving system does not accept messages now.
    SystemNotAccepting,
    /// `x.4.1`: the recipient's server did not answer.
    NoAnswer,
    /// `x.4.2`: the connection was cut.
    BadConnection,
    /// `x.4.3` and `x.4.4`: no route to the recipient's server (often DNS).
    UnableToRoute,
    /// `x.4.7`: the message was kept too long without being delivered.
    DeliveryTimeExpired,
    /// `x.7.1`: the recipient's server refused the message (policy, spam, blocklist).
    Refused,
    /// `x.7.20` … `x.7.27`: sender authentication (DKIM, SPF, DMARC) failed.
    AuthenticationFailed,
}

impl KnownStatus {
    /// A short English meaning; the UI shows its own translation.
    pub fn english(self) -> &'static str {
        match self {
            Self::Success => "delivered",
            Self::UnknownUser => "unknown user",
            Self::UnknownDomain => "unknown domain",
            Self::BadAddressSyntax => "invalid address",
            Self::MailboxMoved => "mailbox moved",
            Self::NullMx => "domain accepts no mail",
            Self::MailboxDisabled => "mailbox disabled",
            Self::MailboxFull => "mailbox full",
            Self::MessageTooBig => "message too big",
            Self::SystemNotAccepting => "server not accepting mail",
            Self::NoAnswer => "no answer from the server",
            Self::BadConnection => "connection lost",
            Self::UnableToRoute => "server not found",
            Self::DeliveryTimeExpired => "delivery time expired",
            Self::Refused => "refused by the recipient's server",
            Self::AuthenticationFailed => "sender authentication failed",
        }
    }
}

/// Why a text is not a status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidStatusCode;

impl fmt::Display for InvalidStatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a status code of the form 2.x.x, 4.x.x or 5.x.x")
    }
}

impl std::error::Error for InvalidStatusCode {}

impl StatusCode {
    /// Parses `class.subject.detail` (subject and detail 1 to 3 digits), surrounding
    /// whitespace allowed and nothing else.
    pub fn parse(text: &str) -> Result<Self, InvalidStatusCode> {
        let mut parts = text.trim().split('.');
        let (Some(class), Some(subject), Some(detail), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(InvalidStatusCode);
        };
        let class = match class {
            "2" => 2,
            "4" => 4,
            "5" => 5,
            _ => return Err(InvalidStatusCode),
        };
        Ok(StatusCode {
            class,
            subject: number_1_to_3_digits(subject)?,
            detail: number_1_to_3_digits(detail)?,
        })
    }

    /// The broad outcome; a class outside 2/4/5 (only constructible by hand) counts as
    /// permanent, the safe reading of an unknown failure.
    pub fn class(self) -> StatusClass {
        match self.class {
            2 => StatusClass::Success,
            4 => StatusClass::Transient,
            _ => StatusClass::Permanent,
        }
    }

    /// The common condition this code names, if it is one of the [`KnownStatus`] ones.
    pub fn known(self) -> Option<KnownStatus> {
        if self.class == 2 {
            return Some(KnownStatus::Success);
        }
        // The same subject.detail means the same condition whether transient or permanent.
        let known = match (self.subject, self.detail) {
            (1, 1) => KnownStatus::UnknownUser,
            (1, 2) => KnownStatus::UnknownDomain,
            (1, 3) => KnownStatus::BadAddressSyntax,
            (1, 6) => KnownStatus::MailboxMoved,
            (1, 10) => KnownStatus::NullMx,
            (2, 1) => KnownStatus::MailboxDisabled,
            (2, 2) => KnownStatus::MailboxFull,
            (2, 3) | (3, 4) => KnownStatus::MessageTooBig,
            (3, 2) => KnownStatus::SystemNotAccepting,
            (4, 1) => KnownStatus::NoAnswer,
            (4, 2) => KnownStatus::BadConnection,
            (4, 3) | (4, 4) => KnownStatus::UnableToRoute,
            (4, 7) => KnownStatus::DeliveryTimeExpired,
            (7, 1) => KnownStatus::Refused,
            (7, 20..=27) => KnownStatus::AuthenticationFailed,
            _ => return None,
        };
        Some(known)
    }
}

fn number_1_to_3_digits(text: &str) -> Result<u16, InvalidStatusCode> {
    if text.is_empty() || text.len() > 3 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidStatusCode);
    }
    text.parse().map_err(|_| InvalidStatusCode)
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.class, self.subject, self.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_table() {
        type Parts = (u8, u16, u16);
        let cases: &[(&str, Option<Parts>)] = &[
            ("5.1.1", Some((5, 1, 1))),
            (" 4.4.1 ", Some((4, 4, 1))),
            ("2.0.0", Some((2, 0, 0))),
            ("5.7.26", Some((5, 7, 26))),
            ("4.999.999", Some((4, 999, 999))),
            ("5.1.01", Some((5, 1, 1))),
            ("3.1.1", None),
            ("5.1", None),
            ("5.1.1.1", None),
            ("5.1.1000", None),
            ("5..1", None),
            ("5.a.1", None),
            ("5.1.+1", None),
            ("", None),
            ("550", None),
        ];
        for (text, expected) in cases {
            let got = StatusCode::parse(text)
                .ok()
                .map(|c| (c.class, c.subject, c.detail));
            assert_eq!(got, *expected, "{text:?}");
        }
    }

    #[test]
    fn meaning_table() {
        let cases: &[(&str, StatusClass, Option<KnownStatus>)] = &[
            (
                "5.1.1",
                StatusClass::Permanent,
                Some(KnownStatus::UnknownUser),
            ),
            ("4.4.1", StatusClass::Transient, Some(KnownStatus::NoAnswer)),
            (
                "5.2.2",
                StatusClass::Permanent,
                Some(KnownStatus::MailboxFull),
            ),
            (
                "4.2.2",
                StatusClass::Transient,
                Some(KnownStatus::MailboxFull),
            ),
            ("5.7.1", StatusClass::Permanent, Some(KnownStatus::Refused)),
            (
                "5.3.4",
                StatusClass::Permanent,
                Some(KnownStatus::MessageTooBig),
            ),
            (
                "5.7.26",
                StatusClass::Permanent,
                Some(KnownStatus::AuthenticationFailed),
            ),
            ("5.1.10", StatusClass::Permanent, Some(KnownStatus::NullMx)),
            ("2.0.0", StatusClass::Success, Some(KnownStatus::Success)),
            ("5.0.0", StatusClass::Permanent, None),
            ("4.9.9", StatusClass::Transient, None),
        ];
        for (text, class, known) in cases {
            let code = StatusCode::parse(text).unwrap();
            assert_eq!(code.class(), *class, "{text}");
            assert_eq!(code.known(), *known, "{text}");
            assert_eq!(code.to_string(), *text);
        }
        assert_eq!(KnownStatus::UnknownUser.english(), "unknown user");
    }
}
