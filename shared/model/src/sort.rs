//! How a message list or search result is ordered: by date (the default), sender,
//! subject or size, or unread or flagged messages first, ascending or descending.
//!
//! The bridge asks the server to sort (IMAP SORT, RFC 5256) when it can; [`compare`] is
//! the same order computed here, for servers without SORT and to merge results from
//! several folders. Ties go to the lower UID, as RFC 5256 breaks them.

use crate::day_groups::effective_time;
use crate::message::{Flag, MessageSummary};
use crate::{Timestamp, Uid};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// What messages are ordered by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// The Date header (the arrival time when it is missing or in the future).
    #[default]
    Date,
    /// The sender's display name, else address.
    Sender,
    /// The subject without `Re:`/`Fwd:` prefixes and `[list]` tags.
    Subject,
    /// The size in bytes.
    Size,
    /// Unread messages first, then by date.
    UnreadFirst,
    /// Flagged messages first, then by date.
    FlaggedFirst,
}

/// Ascending (A→Z, oldest, smallest first) or descending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortDirection {
    #[default]
    Descending,
    Ascending,
}

/// A complete order; the default is newest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SortOrder {
    pub key: SortKey,
    pub direction: SortDirection,
}

impl SortKey {
    /// Every key, in the order a menu offers them.
    pub const ALL: [SortKey; 6] = [
        SortKey::Date,
        SortKey::Sender,
        SortKey::Subject,
        SortKey::Size,
        SortKey::UnreadFirst,
        SortKey::FlaggedFirst,
    ];

    /// The key's name in a query string (`?sort=`).
    pub const fn query_value(self) -> &'static str {
        match self {
            SortKey::Date => "date",
            SortKey::Sender => "sender",
            SortKey::Subject => "subject",
            SortKey::Size => "size",
            SortKey::UnreadFirst => "unread_first",
            SortKey::FlaggedFirst => "flagged_first",
        }
    }

    /// The key named `value` in a query string.
    pub fn from_query(value: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.query_value() == value)
    }
}

impl SortDirection {
    /// The direction's name in a query string (`?order=`).
    pub const fn query_value(self) -> &'static str {
        match self {
            SortDirection::Descending => "desc",
            SortDirection::Ascending => "asc",
        }
    }

    /// The direction named `value` in a query string.
    pub fn from_query(value: &str) -> Option<SortDirection> {
        match value {
            "desc" => Some(SortDirection::Descending),
            "asc" => Some(SortDirection::Ascending),
            _ => None,
        }
    }
}

/// What the order of one message depends on, taken from its summary (or from a FETCH
/// of its envelope on the bridge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortFacts {
    pub uid: Uid,
    /// The date it is filed under ([`effective_time`]).
    pub date: Timestamp,
    /// Display name else address, lower case.
    pub sender: String,
    /// [`base_subject`], lower case.
    pub subject: String,
    pub size: u32,
    pub unread: bool,
    pub flagged: bool,
}

impl SortFacts {
    /// The facts of a listed message.
    pub fn of(message: &MessageSummary) -> SortFacts {
        SortFacts {
            uid: message.uid,
            date: effective_time(message),
            sender: message
                .from
                .as_ref()
                .map(|from| from.label().to_lowercase())
                .unwrap_or_default(),
            subject: base_subject(&message.subject).to_lowercase(),
            size: message.size,
            unread: !message.has_flag(Flag::Seen),
            flagged: message.has_flag(Flag::Flagged),
        }
    }
}

/// `a` against `b` in `order`: the key (reversed when descending), then the date in the
/// same direction for the "first" keys, then the lower UID.
pub fn compare(order: SortOrder, a: &SortFacts, b: &SortFacts) -> Ordering {
    let directed = |ordering: Ordering| match order.direction {
        SortDirection::Ascending => ordering,
        SortDirection::Descending => ordering.reverse(),
    };
    let by_key = match order.key {
        SortKey::Date => directed(a.date.cmp(&b.date)),
        SortKey::Sender => directed(a.sender.cmp(&b.sender)),
        SortKey::Subject => directed(a.subject.cmp(&b.subject)),
        SortKey::Size => directed(a.size.cmp(&b.size)),
        // `true` first whatever the direction; the direction orders the dates within.
        SortKey::UnreadFirst => b
            .unread
            .cmp(&a.unread)
            .then_with(|| directed(a.date.cmp(&b.date))),
        SortKey::FlaggedFirst => b
            .flagged
            .cmp(&a.flagged)
            .then_with(|| directed(a.date.cmp(&b.date))),
    };
    by_key.then_with(|| a.uid.cmp(&b.uid))
}

/// The subject a thread shares (RFC 5256 §2.1, simplified): without leading `Re:`,
/// `Fw:`, `Fwd:` (any case, any number, with `[…]` tags between) and a trailing `(fwd)`.
pub fn base_subject(subject: &str) -> &str {
    let mut rest = subject.trim();
    loop {
        let before = rest;
        if let Some(stripped) = strip_suffix_ignore_case(rest, "(fwd)") {
            rest = stripped.trim_end();
        }
        if let Some(tagged) = rest.strip_prefix('[')
            && let Some(end) = tagged.find(']')
            && !tagged[end + 1..].trim().is_empty()
        {
            rest = tagged[end + 1..].trim_start();
        }
        for prefix in ["re", "fwd", "fw"] {
            if let Some(head) = rest.get(..prefix.len())
                && head.eq_ignore_ascii_case(prefix)
            {
                let after = rest[prefix.len()..].trim_start();
                let after = match after.strip_prefix('[') {
                    Some(tagged) => tagged.find(']').map_or(after, |end| &tagged[end + 1..]),
                    None => after,
                };
                if let Some(after) = after.strip_prefix(':') {
                    rest = after.trim_start();
                    break;
                }
            }
        }
        if rest == before {
            return rest;
        }
    }
}

fn strip_suffix_ignore_case<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = text.len().checked_sub(suffix.len())?;
    let tail = text.get(cut..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &text[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(uid: u32, date: i64, sender: &str, subject: &str, size: u32) -> SortFacts {
        SortFacts {
            uid: Uid(uid),
            date: Timestamp(date),
            sender: sender.into(),
            subject: subject.into(),
            size,
            unread: uid.is_multiple_of(2),
            flagged: uid.is_multiple_of(3),
        }
    }

    fn sorted(order: SortOrder, mut list: Vec<SortFacts>) -> Vec<u32> {
        list.sort_by(|a, b| compare(order, a, b));
        list.into_iter().map(|f| f.uid.0).collect()
    }

    fn sample() -> Vec<SortFacts> {
        vec![
            facts(1, 300, "bob", "budget", 10),
            facts(2, 100, "alice", "réunion", 30),
            facts(3, 200, "chloé", "agenda", 20),
            facts(4, 200, "alice", "zèbre", 5),
        ]
    }

    #[test]
    fn each_key_orders_both_ways_with_ties_to_the_lower_uid() {
        let order = |key, direction| SortOrder { key, direction };
        use SortDirection::*;
        use SortKey::*;
        assert_eq!(sorted(SortOrder::default(), sample()), [1, 3, 4, 2]);
        assert_eq!(sorted(order(Date, Ascending), sample()), [2, 3, 4, 1]);
        assert_eq!(sorted(order(Sender, Ascending), sample()), [2, 4, 1, 3]);
        assert_eq!(sorted(order(Sender, Descending), sample()), [3, 1, 2, 4]);
        assert_eq!(sorted(order(Subject, Ascending), sample()), [3, 1, 2, 4]);
        assert_eq!(sorted(order(Size, Descending), sample()), [2, 3, 1, 4]);
        // Unread (even UIDs) first, newest first within each group.
        assert_eq!(
            sorted(order(UnreadFirst, Descending), sample()),
            [4, 2, 1, 3]
        );
        assert_eq!(
            sorted(order(UnreadFirst, Ascending), sample()),
            [2, 4, 3, 1]
        );
        // Flagged (UID 3) first.
        assert_eq!(
            sorted(order(FlaggedFirst, Descending), sample()),
            [3, 1, 4, 2]
        );
    }

    #[test]
    fn query_values_name_every_order() {
        for key in SortKey::ALL {
            assert_eq!(SortKey::from_query(key.query_value()), Some(key));
        }
        for direction in [SortDirection::Ascending, SortDirection::Descending] {
            assert_eq!(
                SortDirection::from_query(direction.query_value()),
                Some(direction)
            );
        }
        assert_eq!(SortKey::from_query("colour"), None);
        assert_eq!(SortDirection::from_query("up"), None);
        assert_eq!(
            serde_json::to_value(SortOrder::default()).unwrap(),
            serde_json::json!({"key": "date", "direction": "descending"})
        );
    }

    #[test]
    fn base_subjects_lose_reply_and_forward_marks() {
        assert_eq!(base_subject("Re: Réunion"), "Réunion");
        assert_eq!(base_subject("RE: Fwd: re:Réunion"), "Réunion");
        assert_eq!(base_subject("Re[2]: budget"), "budget");
        assert_eq!(base_subject("[liste] Re: budget (fwd)"), "budget");
        assert_eq!(base_subject("Fw: "), "");
        assert_eq!(base_subject("[seul]"), "[seul]");
        assert_eq!(base_subject("Reunion"), "Reunion");
        assert_eq!(base_subject("Ré: été"), "Ré: été");
    }
}
