//! Which sent message, and which of its recipients, a report is about.
//!
//! A report can name its message three ways, tried in this order: the ENVID the sender
//! gave at MAIL FROM (DSN `Original-Envelope-Id`), the `Original-Message-ID` of a read
//! receipt, and the `Message-ID` in the returned headers (`text/rfc822-headers` part).
//! When both sides carry an ENVID it alone decides: a re-sent draft keeps its
//! Message-ID but gets a new ENVID, and reports about the first attempt must not move
//! the second one's status.

use crate::dsn::{DeliveryStatusReport, RecipientReport};
use crate::fields::{MAX_INPUT_BYTES, collapse_spaces, decode, strip_comments};
use crate::mdn::DispositionNotification;
use crate::typed_value::TypedValue;
use crate::xtext::xtext_decode;
use serde::{Deserialize, Serialize};

/// What Facteur remembers of a message it sent, to recognise reports about it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SentMessageKey {
    /// The ENVID given at MAIL FROM, when DSN was requested.
    pub envid: Option<String>,
    /// The message's Message-ID header (with or without angle brackets).
    pub message_id: Option<String>,
    /// The RCPT TO addresses, in the order the message shows them.
    pub recipients: Vec<String>,
}

/// The references a report carries, gathered from its parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportRefs<'a> {
    /// A DSN's Original-Envelope-Id.
    pub envid: Option<&'a str>,
    /// An MDN's Original-Message-ID.
    pub original_message_id: Option<&'a str>,
    /// The bytes of the returned headers (`text/rfc822-headers`, or the head of a
    /// returned `message/rfc822`), if the report has them.
    pub returned_headers: Option<&'a [u8]>,
}

impl<'a> ReportRefs<'a> {
    /// The references of a delivery status report and its returned headers.
    pub fn of_dsn(report: &'a DeliveryStatusReport, returned_headers: Option<&'a [u8]>) -> Self {
        ReportRefs {
            envid: report.original_envelope_id.as_deref(),
            original_message_id: None,
            returned_headers,
        }
    }

    /// The references of a read receipt and its returned headers.
    pub fn of_mdn(mdn: &'a DispositionNotification, returned_headers: Option<&'a [u8]>) -> Self {
        ReportRefs {
            envid: None,
            original_message_id: mdn.original_message_id.as_deref(),
            returned_headers,
        }
    }
}

/// How a report was recognised as being about a sent message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The DSN's Original-Envelope-Id is the ENVID we sent.
    EnvelopeId,
    /// The MDN's Original-Message-ID is the message's Message-ID.
    OriginalMessageId,
    /// The returned headers carry the message's Message-ID.
    ReturnedMessageId,
}

/// Whether the report is about the sent message, and by which reference.
pub fn match_report(key: &SentMessageKey, refs: &ReportRefs<'_>) -> Option<MatchedBy> {
    if let (Some(ours), Some(theirs)) = (key.envid.as_deref(), refs.envid) {
        return same_envid(ours, theirs).then_some(MatchedBy::EnvelopeId);
    }
    let ours = normalize_message_id(key.message_id.as_deref()?)?;
    let original = refs.original_message_id.and_then(normalize_message_id);
    if original.as_deref() == Some(ours.as_str()) {
        return Some(MatchedBy::OriginalMessageId);
    }
    let returned = refs
        .returned_headers
        .and_then(message_id_from_headers)
        .and_then(|id| normalize_message_id(&id));
    (returned.as_deref() == Some(ours.as_str())).then_some(MatchedBy::ReturnedMessageId)
}

/// ENVIDs compare as written, or once xtext-decoded: RFC 3464 says the report repeats
/// the xtext, but Postfix writes it decoded (`a+2B1` comes back as `a+1`).
fn same_envid(ours: &str, theirs: &str) -> bool {
    let ours = ours.trim();
    let theirs = strip_comments(theirs).text;
    if ours == theirs {
        return true;
    }
    let ours_decoded = xtext_decode(ours).ok();
    let theirs_decoded = xtext_decode(&theirs).ok();
    ours_decoded.as_deref() == Some(theirs.as_str())
        || (ours_decoded.is_some() && ours_decoded == theirs_decoded)
}

/// Which of the sent message's recipients a DSN recipient block is about (an index into
/// [`SentMessageKey::recipients`]).
pub fn recipient_of_dsn(key: &SentMessageKey, report: &RecipientReport) -> Option<usize> {
    let candidates = [&report.original_recipient, &report.final_recipient];
    recipient_index(key, candidates.into_iter().flatten())
}

/// Which of the sent message's recipients a read receipt is from.
pub fn recipient_of_mdn(key: &SentMessageKey, mdn: &DispositionNotification) -> Option<usize> {
    let candidates = [&mdn.original_recipient, &mdn.final_recipient];
    recipient_index(key, candidates.into_iter().flatten())
}

/// The first recipient any candidate address names: exactly after normalization, then
/// ignoring the local part's case (servers almost all do). When nothing matches and the
/// message had one recipient, the report is about that one (an alias rewrote the address).
fn recipient_index<'a>(
    key: &SentMessageKey,
    candidates: impl Iterator<Item = &'a TypedValue>,
) -> Option<usize> {
    let ours: Vec<String> = key
        .recipients
        .iter()
        .map(|r| normalize_address(r))
        .collect();
    let theirs: Vec<String> = candidates.flat_map(address_forms).collect();
    let exact = theirs.iter().find_map(|t| ours.iter().position(|o| o == t));
    exact
        .or_else(|| {
            theirs
                .iter()
                .find_map(|t| ours.iter().position(|o| o.eq_ignore_ascii_case(t)))
        })
        .or_else(|| (key.recipients.len() == 1).then_some(0))
}

/// A report address normalized, plus its xtext-decoded form when that differs (MTAs
/// disagree on whether Original-Recipient is decoded).
fn address_forms(value: &TypedValue) -> Vec<String> {
    let plain = normalize_address(&value.value);
    let decoded = xtext_decode(value.value.trim())
        .ok()
        .map(|d| normalize_address(&d))
        .filter(|d| *d != plain);
    std::iter::once(plain).chain(decoded).collect()
}

/// An address in a comparable form: `rfc822;` prefix, comments, spaces and angle
/// brackets removed, domain lower-cased (the local part's case is the mailbox's own).
pub fn normalize_address(text: &str) -> String {
    let text = strip_comments(text).text;
    let text = match text.split_once(';') {
        Some((kind, rest)) if kind.trim().eq_ignore_ascii_case("rfc822") => rest,
        _ => text.as_str(),
    };
    let text = text.trim();
    let text = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .unwrap_or(text)
        .trim();
    match text.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_ascii_lowercase()),
        None => text.to_owned(),
    }
}

/// A Message-ID in a comparable form: the `id-left@id-right` inside the angle brackets
/// (comments and folding removed), right side lower-cased; `None` when empty.
pub fn normalize_message_id(text: &str) -> Option<String> {
    let text = collapse_spaces(&strip_comments(text).text);
    let inner = match (text.find('<'), text.find('>')) {
        (Some(start), Some(end)) if start < end => &text[start + 1..end],
        _ => text.as_str(),
    };
    let inner: String = inner.chars().filter(|c| !c.is_whitespace()).collect();
    if inner.is_empty() {
        return None;
    }
    Some(match inner.rsplit_once('@') {
        Some((left, right)) => format!("{left}@{}", right.to_ascii_lowercase()),
        None => inner,
    })
}

/// The Message-ID field of a header block, unfolded, as written; `None` when absent.
/// Reads only up to the first blank line, and at most [`MAX_INPUT_BYTES`].
pub fn message_id_from_headers(headers: &[u8]) -> Option<String> {
    let headers = &headers[..headers.len().min(MAX_INPUT_BYTES)];
    let text = decode(headers);
    let mut current: Option<String> = None;
    for raw_line in text.split('\n') {
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(value) = current.as_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if current.is_some() {
            break; // the Message-ID field ended; the first one wins
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim_end().eq_ignore_ascii_case("message-id")
        {
            current = Some(value.trim().to_owned());
        }
    }
    current
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;
