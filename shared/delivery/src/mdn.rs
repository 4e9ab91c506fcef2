//! RFC 8098 `message/disposition-notification` bodies (read receipts): what the
//! recipient's mail program did with the message.

use crate::dsn::ExtensionField;
use crate::fields::{decode, lex, strip_comments};
use crate::problem::{ParseError, Problem, ProblemKind, cap, check_size};
use crate::typed_value::TypedValue;
use serde::{Deserialize, Serialize};

/// A parsed `message/disposition-notification` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DispositionNotification {
    /// Reporting-UA: the mail program that sent the receipt.
    pub reporting_ua: Option<ReportingUa>,
    /// MDN-Gateway: the gateway that translated a foreign receipt, if any.
    pub mdn_gateway: Option<TypedValue>,
    /// Original-Recipient: the recipient as the sender addressed them, when known.
    pub original_recipient: Option<TypedValue>,
    /// Final-Recipient: the mailbox whose program sent the receipt.
    pub final_recipient: Option<TypedValue>,
    /// Original-Message-ID: the Message-ID of the message the receipt is about.
    pub original_message_id: Option<String>,
    /// Disposition: what happened to the message.
    pub disposition: Option<Disposition>,
    /// Error fields: what went wrong while handling the message.
    pub errors: Vec<String>,
    /// Failure fields (RFC 3798, obsoleted by RFC 8098 but still sent).
    pub failures: Vec<String>,
    /// Warning fields (RFC 3798, obsoleted by RFC 8098 but still sent).
    pub warnings: Vec<String>,
    /// Fields this parser has no slot for.
    pub extensions: Vec<ExtensionField>,
    /// What was skipped or missing; empty for a well-formed receipt.
    pub problems: Vec<Problem>,
}

/// The Reporting-UA field: `ua-name [; ua-product]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingUa {
    /// The host or name of the user agent (`joes-pc.cs.example.com`).
    pub name: String,
    /// The product that wrote the receipt (`Foomail 97.1`).
    pub product: Option<String>,
}

/// `action-mode/sending-mode; type[/modifier, ...]` (RFC 8098 §3.2.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposition {
    /// Whether a person or an automatic rule caused the disposition.
    pub action_mode: Mode,
    /// Whether a person or the program decided to send this receipt.
    pub sending_mode: Mode,
    /// What was done with the message.
    pub kind: DispositionType,
    /// Modifiers, lower-cased (`error` is the one RFC 8098 defines).
    pub modifiers: Vec<String>,
}

impl Disposition {
    /// Whether the `error` modifier says handling the message went wrong.
    pub fn has_error(&self) -> bool {
        self.modifiers.iter().any(|m| m == "error")
    }
}

/// Manual or automatic, for either half of the disposition mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// `manual-action` / `MDN-sent-manually`.
    Manual,
    /// `automatic-action` / `MDN-sent-automatically`.
    Automatic,
    /// An extension mode, lower-cased.
    Other(String),
}

/// The disposition type: what the recipient's program did with the message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DispositionType {
    /// Shown to the recipient (not a proof it was read or understood).
    Displayed,
    /// Deleted without being displayed.
    Deleted,
    /// Sent somewhere else (printed, faxed, forwarded) without being displayed.
    Dispatched,
    /// Handled by an automatic process without being displayed.
    Processed,
    /// RFC 3798 `denied`: the recipient declined to send a receipt.
    Denied,
    /// RFC 3798 `failed`: a receipt could not be generated.
    Failed,
    /// An extension type, lower-cased.
    Other(String),
}

/// Parses a `message/disposition-notification` body. Never panics; bounded like
/// [`crate::parse_delivery_status`]. All field groups are read as one (RFC 8098 has a
/// single block; extension fields after a stray blank line are still kept).
pub fn parse_disposition_notification(body: &[u8]) -> Result<DispositionNotification, ParseError> {
    check_size(body)?;
    let lexed = lex(&decode(body));
    let mut mdn = DispositionNotification {
        reporting_ua: None,
        mdn_gateway: None,
        original_recipient: None,
        final_recipient: None,
        original_message_id: None,
        disposition: None,
        errors: Vec::new(),
        failures: Vec::new(),
        warnings: Vec::new(),
        extensions: Vec::new(),
        problems: lexed.problems.into_iter().map(Problem::from).collect(),
    };
    let mut disposition_line = None;
    for field in lexed.groups.iter().flatten() {
        let value = &field.value;
        let first = match field.name.to_ascii_lowercase().as_str() {
            "reporting-ua" => set_once(&mut mdn.reporting_ua, || parse_reporting_ua(value)),
            "mdn-gateway" => set_once(&mut mdn.mdn_gateway, || TypedValue::parse(value)),
            "original-recipient" => {
                set_once(&mut mdn.original_recipient, || TypedValue::parse(value))
            }
            "final-recipient" => set_once(&mut mdn.final_recipient, || TypedValue::parse(value)),
            "original-message-id" => {
                set_once(&mut mdn.original_message_id, || strip_comments(value).text)
            }
            "disposition" if disposition_line.is_none() => {
                disposition_line = Some(field.line);
                match parse_disposition(value) {
                    Some(disposition) => mdn.disposition = Some(disposition),
                    None => {
                        let kind = ProblemKind::InvalidDisposition {
                            text: value.clone(),
                        };
                        mdn.problems.push(Problem::new(field.line, kind));
                    }
                }
                true
            }
            "disposition" => false,
            "error" => push(&mut mdn.errors, value),
            "failure" => push(&mut mdn.failures, value),
            "warning" => push(&mut mdn.warnings, value),
            _ => {
                mdn.extensions.push(field.into());
                true
            }
        };
        if !first {
            let name = field.name.clone();
            mdn.problems.push(Problem::new(
                field.line,
                ProblemKind::DuplicateField { name },
            ));
        }
    }
    if disposition_line.is_none() && mdn.final_recipient.is_none() {
        return Err(ParseError::NotAReport);
    }
    if disposition_line.is_none() {
        mdn.problems.push(Problem::missing(1, "Disposition"));
    }
    if mdn.final_recipient.is_none() {
        mdn.problems.push(Problem::missing(1, "Final-Recipient"));
    }
    cap(&mut mdn.problems);
    Ok(mdn)
}

fn parse_reporting_ua(value: &str) -> ReportingUa {
    match value.split_once(';') {
        Some((name, product)) => ReportingUa {
            name: name.trim().to_owned(),
            product: Some(product.trim().to_owned()).filter(|p| !p.is_empty()),
        },
        None => ReportingUa {
            name: value.trim().to_owned(),
            product: None,
        },
    }
}

/// Reads `action-mode/sending-mode; type[/modifier, ...]`; `None` when the mode or the
/// type is missing.
pub fn parse_disposition(value: &str) -> Option<Disposition> {
    let text = strip_comments(value).text;
    let (mode, rest) = text.split_once(';')?;
    let (action_mode, sending_mode) = mode.split_once('/')?;
    let (kind, modifiers) = match rest.split_once('/') {
        Some((kind, modifiers)) => (kind, modifiers),
        None => (rest, ""),
    };
    let kind = kind.trim().to_ascii_lowercase();
    if kind.is_empty() || kind.contains(char::is_whitespace) {
        return None;
    }
    let action_mode = mode_of(action_mode, "manual-action", "automatic-action")?;
    let sending_mode = mode_of(sending_mode, "mdn-sent-manually", "mdn-sent-automatically")?;
    let kind = match kind.as_str() {
        "displayed" => DispositionType::Displayed,
        "deleted" => DispositionType::Deleted,
        "dispatched" => DispositionType::Dispatched,
        "processed" => DispositionType::Processed,
        "denied" => DispositionType::Denied,
        "failed" => DispositionType::Failed,
        _ => DispositionType::Other(kind),
    };
    let modifiers = modifiers
        .split(',')
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty())
        .collect();
    Some(Disposition {
        action_mode,
        sending_mode,
        kind,
        modifiers,
    })
}

fn mode_of(text: &str, manual: &str, automatic: &str) -> Option<Mode> {
    let text = text.trim().to_ascii_lowercase();
    if text.is_empty() {
        return None;
    }
    Some(if text == manual {
        Mode::Manual
    } else if text == automatic {
        Mode::Automatic
    } else {
        Mode::Other(text)
    })
}

fn set_once<T>(slot: &mut Option<T>, value: impl FnOnce() -> T) -> bool {
    if slot.is_some() {
        return false;
    }
    *slot = Some(value());
    true
}

fn push(list: &mut Vec<String>, value: &str) -> bool {
    list.push(value.to_owned());
    true
}

#[cfg(test)]
#[path = "mdn_tests.rs"]
mod tests;
