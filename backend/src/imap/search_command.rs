//! IMAP `UID SEARCH` and `UID SORT` commands built from the typed query, never from the
//! box's text, and sent with their answers read here.
//!
//! The pure part ([`criteria`], [`encode`]) is where safety lives: a user's value is
//! always one IMAP string — a quoted string when it is printable ASCII (`"` and `\`
//! escaped), else a literal (`{n}` and its bytes) — so no input can close the string and
//! add search keys or a second command. The tests read the encoded bytes back with an
//! IMAP tokenizer to prove it.

use super::connect::ImapSession;
use super::raw;
use crate::error::{Error, Result};
use async_imap::imap_proto::{MailboxDatum, RequestId, Response, Status};
use facteur_model::calendar::LocalDate;
use facteur_model::search::{SearchQuery, Term};
use facteur_model::sort::{SortDirection, SortKey, SortOrder};
use std::sync::atomic::{AtomicU64, Ordering};

/// One word of a command: protocol syntax of ours, or a user's string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// Written as is: search keys, numbers, dates, parentheses. Never user text.
    Syntax(String),
    /// A user's value, written as one IMAP string.
    Text(String),
}

fn syntax(word: &str) -> Part {
    Part::Syntax(word.to_owned())
}

/// What a search narrows on the server by, besides the query: the "first" sort keys
/// search unread (flagged) messages, then the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subset {
    All,
    Unread,
    Read,
    Flagged,
    Unflagged,
}

/// The search keys of `query` (RFC 3501 §6.4.4), ANDed, within `subset`. Whether a
/// message has attachments is no IMAP search key: the bridge checks it after.
pub fn criteria(query: &SearchQuery, subset: Subset) -> Vec<Part> {
    let mut parts = Vec::new();
    match subset {
        Subset::All => {}
        Subset::Unread => parts.push(syntax("UNSEEN")),
        Subset::Read => parts.push(syntax("SEEN")),
        Subset::Flagged => parts.push(syntax("FLAGGED")),
        Subset::Unflagged => parts.push(syntax("UNFLAGGED")),
    }
    for term in &query.terms {
        let keyed = |key: &str, value: &str| vec![syntax(key), Part::Text(value.to_owned())];
        parts.extend(match term {
            Term::From(v) => keyed("FROM", v),
            Term::To(v) => {
                let mut or = vec![syntax("OR")];
                or.extend(keyed("TO", v));
                or.extend(keyed("CC", v));
                or
            }
            Term::Subject(v) => keyed("SUBJECT", v),
            Term::Body(v) => keyed("BODY", v),
            Term::Text(v) => keyed("TEXT", v),
            Term::Since(d) => vec![syntax("SINCE"), Part::Syntax(imap_date(*d))],
            Term::Before(d) => vec![syntax("BEFORE"), Part::Syntax(imap_date(*d))],
            Term::Unread(true) => vec![syntax("UNSEEN")],
            Term::Unread(false) => vec![syntax("SEEN")],
            Term::Flagged(true) => vec![syntax("FLAGGED")],
            Term::Flagged(false) => vec![syntax("UNFLAGGED")],
            Term::HasAttachment(_) => vec![],
            Term::Larger(n) => vec![syntax("LARGER"), Part::Syntax(n.to_string())],
            Term::Smaller(n) => vec![syntax("SMALLER"), Part::Syntax(n.to_string())],
        });
    }
    if parts.is_empty() {
        parts.push(syntax("ALL"));
    }
    parts
}

/// `1-Mar-2026`, IMAP's date.
fn imap_date(date: LocalDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS[usize::from(date.month.clamp(1, 12)) - 1];
    format!("{}-{month}-{:04}", date.day, date.year)
}

/// The sort program of `UID SORT` for one key (RFC 5256; `DISPLAYFROM` from RFC 5957
/// when the server offers it). The "first" keys sort by date: their grouping is done
/// by searching each subset.
pub fn sort_program(order: SortOrder, display: bool) -> Part {
    let key = match order.key {
        SortKey::Date | SortKey::UnreadFirst | SortKey::FlaggedFirst => "DATE",
        SortKey::Sender if display => "DISPLAYFROM",
        SortKey::Sender => "FROM",
        SortKey::Subject => "SUBJECT",
        SortKey::Size => "SIZE",
    };
    Part::Syntax(match order.direction {
        SortDirection::Ascending => format!("({key})"),
        SortDirection::Descending => format!("(REVERSE {key})"),
    })
}

/// A command ready to write: lines (each ending where a literal's bytes follow) and the
/// literals between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Line(Vec<u8>),
    /// A literal's bytes; with `wait`, only after the server's `+` go-ahead.
    Literal {
        bytes: Vec<u8>,
        wait: bool,
    },
}

/// Writes `parts` after `head` (`UID SEARCH CHARSET UTF-8`), space-separated, ending in
/// CRLF. With `literal_plus` (RFC 7888) literals go without waiting for the go-ahead.
pub fn encode(head: &str, parts: &[Part], literal_plus: bool) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut line: Vec<u8> = head.as_bytes().to_vec();
    for part in parts {
        line.push(b' ');
        match part {
            Part::Syntax(word) => line.extend_from_slice(word.as_bytes()),
            Part::Text(text) => {
                // NUL is in no IMAP string; the model refuses control characters anyway.
                let bytes: Vec<u8> = text.bytes().filter(|&b| b != 0).collect();
                if bytes.iter().all(|b| (0x20..=0x7e).contains(b)) {
                    line.push(b'"');
                    for &byte in &bytes {
                        if matches!(byte, b'"' | b'\\') {
                            line.push(b'\\');
                        }
                        line.push(byte);
                    }
                    line.push(b'"');
                } else {
                    let plus = if literal_plus { "+" } else { "" };
                    line.extend_from_slice(format!("{{{}{plus}}}\r\n", bytes.len()).as_bytes());
                    segments.push(Segment::Line(std::mem::take(&mut line)));
                    segments.push(Segment::Literal {
                        bytes,
                        wait: !literal_plus,
                    });
                }
            }
        }
    }
    line.extend_from_slice(b"\r\n");
    segments.push(Segment::Line(line));
    segments
}

/// Sends `head parts` under a tag of its own and gathers the UIDs of its `* SEARCH` or
/// `* SORT` answers, in the server's order. A `NO` or `BAD` (e.g. `[BADCHARSET]`) is
/// the server's refusal.
pub async fn run(
    session: &mut ImapSession,
    head: &str,
    parts: &[Part],
    literal_plus: bool,
) -> Result<Vec<u32>> {
    static NEXT_TAG: AtomicU64 = AtomicU64::new(1);
    // Never of async-imap's form (`A0001`), so no answer is mistaken for another's.
    let tag = RequestId(format!("FSR{}", NEXT_TAG.fetch_add(1, Ordering::Relaxed)));
    let mut uids = Vec::new();
    let segments = encode(head, parts, literal_plus);
    let mut first = true;
    for segment in segments {
        match segment {
            Segment::Line(line) => {
                let mut bytes = Vec::with_capacity(line.len() + tag.0.len() + 1);
                if first {
                    bytes.extend_from_slice(tag.0.as_bytes());
                    bytes.push(b' ');
                    first = false;
                }
                bytes.extend_from_slice(&line);
                raw::write(session, &bytes).await?;
            }
            Segment::Literal { bytes, wait } => {
                if wait && let Some(refusal) = go_ahead(session, &tag, &mut uids).await? {
                    return Err(refusal);
                }
                raw::write(session, &bytes).await?;
            }
        }
    }
    raw::read_until(session, |response| fold(response, &tag, &mut uids))
        .await?
        .map(|()| uids)
}

/// Waits for `+`; `Some(error)` when the server ended the command instead.
async fn go_ahead(
    session: &mut ImapSession,
    tag: &RequestId,
    uids: &mut Vec<u32>,
) -> Result<Option<Error>> {
    raw::read_until(session, |response| {
        if matches!(response, Response::Continue { .. }) {
            return Some(None);
        }
        fold(response, tag, uids).map(|done| {
            Some(done.err().unwrap_or_else(|| {
                Error::Protocol("the server ended a search before its text".into())
            }))
        })
    })
    .await
}

/// Folds one response in: UIDs are gathered; `Some` when it was the tagged end.
pub fn fold(response: &Response<'_>, tag: &RequestId, uids: &mut Vec<u32>) -> Option<Result<()>> {
    match response {
        Response::MailboxData(MailboxDatum::Search(found) | MailboxDatum::Sort(found)) => {
            uids.extend_from_slice(found);
            None
        }
        Response::Done {
            tag: done,
            status,
            outcome,
        } if done == tag => Some(match status {
            Status::Ok => Ok(()),
            _ => Err(Error::ServerRefused(
                outcome.information.as_deref().unwrap_or("").to_owned(),
            )),
        }),
        _ => None,
    }
}

#[cfg(test)]
#[path = "search_command_tests.rs"]
mod tests;
