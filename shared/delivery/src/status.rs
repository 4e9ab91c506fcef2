//! The status a sent message shows for each recipient, and how successive reports about
//! one recipient fold into it.
//!
//! **Ordering rules** ([`combine`]): reports are given in the order they arrived. Each
//! status has a rank:
//!
//! | rank | statuses | why |
//! |------|----------|-----|
//! | 0 | waiting | nothing heard yet |
//! | 1 | delayed | the MTA is still trying |
//! | 2 | relayed, expanded | handed on; a later report may still come |
//! | 3 | delivered, failed | a final DSN: no MTA sends more about this attempt |
//! | 4 | deleted, dispatched, processed | the recipient's program handled it |
//! | 5 | read | the recipient's program displayed it |
//!
//! A later report replaces the current status when its rank is equal or higher, so:
//! failed or delivered beat delayed, whatever their order; relayed then delivered gives
//! delivered, delivered then a late relayed stays delivered; a newer delay replaces an
//! older one (its retry date is fresher); between the two finals, the later wins (an
//! alias may fail on one path and deliver on another). A read receipt beats everything,
//! failure included: it comes from the recipient's own program, so the message got there.

use crate::dsn::{Action, RecipientReport};
use crate::mdn::{DispositionNotification, DispositionType};
use crate::status_code::StatusCode;
use facteur_model::Timestamp;
use serde::{Deserialize, Serialize};

/// What the sender sees for one recipient of a sent message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "state",
    rename_all = "snake_case",
    try_from = "tagged::RawRecipientStatus"
)]
pub enum RecipientStatus {
    /// A notification was requested and nothing has come back yet.
    Waiting,
    /// Not delivered yet; the server keeps trying.
    Delayed {
        /// The status code given, e.g. `4.4.1`.
        code: Option<StatusCode>,
        /// The server's own words, if it gave any.
        reason: String,
        /// When the server will give up.
        will_retry_until: Option<Timestamp>,
    },
    /// Handed to a server that sends no notifications: no further news will come.
    Relayed,
    /// Delivered to a list or alias, which forwarded it to its members.
    Expanded,
    /// Delivered to the recipient's mailbox.
    Delivered,
    /// Not delivered, for good.
    Failed {
        /// The status code given, e.g. `5.1.1` (a `4.x.x` code when retries ran out).
        code: Option<StatusCode>,
        /// The server's own words, e.g. `550 5.1.1 <x@example.test> User doesn't exist`.
        reason: String,
    },
    /// Deleted by the recipient's program without being displayed.
    Deleted {
        /// When the receipt says it happened (the receipt message's date).
        at: Option<Timestamp>,
    },
    /// Printed, faxed or forwarded by the recipient's program without being displayed.
    Dispatched {
        /// When the receipt says it happened.
        at: Option<Timestamp>,
    },
    /// Handled by an automatic process on the recipient's side without being displayed.
    Processed {
        /// When the receipt says it happened.
        at: Option<Timestamp>,
    },
    /// Displayed to the recipient (a read receipt).
    Read {
        /// When the receipt says it happened.
        at: Option<Timestamp>,
    },
}

/// Reading [`RecipientStatus`] without serde's buffered path for internally tagged enums
/// (which copies the whole object into an intermediate tree and then deserializes each
/// variant from it: a second set of generic code per variant in the browser bundle). The
/// object is read flat, `state` and every field any variant has, in any order, then
/// checked against `state`. The JSON is the same both ways; serializing is derived.
mod tagged {
    use super::{RecipientStatus, StatusCode, Timestamp};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum State {
        Waiting,
        Delayed,
        Relayed,
        Expanded,
        Delivered,
        Failed,
        Deleted,
        Dispatched,
        Processed,
        Read,
    }

    #[derive(Deserialize)]
    pub(super) struct RawRecipientStatus {
        state: State,
        code: Option<StatusCode>,
        reason: Option<String>,
        will_retry_until: Option<Timestamp>,
        at: Option<Timestamp>,
    }

    impl TryFrom<RawRecipientStatus> for RecipientStatus {
        type Error = &'static str;

        fn try_from(raw: RawRecipientStatus) -> Result<Self, &'static str> {
            Ok(match raw.state {
                State::Waiting => RecipientStatus::Waiting,
                State::Delayed => RecipientStatus::Delayed {
                    code: raw.code,
                    reason: raw.reason.ok_or("missing field `reason`")?,
                    will_retry_until: raw.will_retry_until,
                },
                State::Relayed => RecipientStatus::Relayed,
                State::Expanded => RecipientStatus::Expanded,
                State::Delivered => RecipientStatus::Delivered,
                State::Failed => RecipientStatus::Failed {
                    code: raw.code,
                    reason: raw.reason.ok_or("missing field `reason`")?,
                },
                State::Deleted => RecipientStatus::Deleted { at: raw.at },
                State::Dispatched => RecipientStatus::Dispatched { at: raw.at },
                State::Processed => RecipientStatus::Processed { at: raw.at },
                State::Read => RecipientStatus::Read { at: raw.at },
            })
        }
    }
}

impl RecipientStatus {
    /// The rank of the ordering rules in the module documentation.
    pub fn rank(&self) -> u8 {
        match self {
            Self::Waiting => 0,
            Self::Delayed { .. } => 1,
            Self::Relayed | Self::Expanded => 2,
            Self::Delivered | Self::Failed { .. } => 3,
            Self::Deleted { .. } | Self::Dispatched { .. } | Self::Processed { .. } => 4,
            Self::Read { .. } => 5,
        }
    }

    /// The status after a `later` report: the later one when it ranks equal or higher.
    pub fn then(self, later: RecipientStatus) -> RecipientStatus {
        if later.rank() >= self.rank() {
            later
        } else {
            self
        }
    }

    /// The status one DSN recipient block stands for. The Action decides, not the
    /// status class: Postfix reports an expired `4.4.1` retry as `Action: failed`.
    pub fn from_dsn(report: &RecipientReport) -> RecipientStatus {
        match report.action {
            Action::Failed => RecipientStatus::Failed {
                code: report.status,
                reason: reason_of(report),
            },
            Action::Delayed => RecipientStatus::Delayed {
                code: report.status,
                reason: reason_of(report),
                will_retry_until: report.will_retry_until.as_ref().and_then(|d| d.at),
            },
            Action::Delivered => RecipientStatus::Delivered,
            Action::Relayed => RecipientStatus::Relayed,
            Action::Expanded => RecipientStatus::Expanded,
        }
    }

    /// The status a read receipt stands for; `received_at` is the receipt message's date
    /// (an MDN body carries none). A receipt of an unknown or refusal type still proves
    /// the message reached the recipient's mailbox: delivered.
    pub fn from_mdn(
        mdn: &DispositionNotification,
        received_at: Option<Timestamp>,
    ) -> RecipientStatus {
        let at = received_at;
        match mdn.disposition.as_ref().map(|d| &d.kind) {
            Some(DispositionType::Displayed) => RecipientStatus::Read { at },
            Some(DispositionType::Deleted) => RecipientStatus::Deleted { at },
            Some(DispositionType::Dispatched) => RecipientStatus::Dispatched { at },
            Some(DispositionType::Processed) => RecipientStatus::Processed { at },
            Some(DispositionType::Denied | DispositionType::Failed)
            | Some(DispositionType::Other(_))
            | None => RecipientStatus::Delivered,
        }
    }
}

/// The server's words for a failure or delay: the Diagnostic-Code text, else the
/// Status comment, else nothing (the UI then explains the code alone).
fn reason_of(report: &RecipientReport) -> String {
    report
        .diagnostic_code
        .as_ref()
        .map(|d| d.value.clone())
        .filter(|v| !v.is_empty())
        .or_else(|| report.status_comment.clone())
        .unwrap_or_default()
}

/// Folds the statuses of one recipient's reports, oldest first, into the current one
/// (see the ordering rules above); no report at all means [`RecipientStatus::Waiting`].
pub fn combine(statuses: impl IntoIterator<Item = RecipientStatus>) -> RecipientStatus {
    statuses
        .into_iter()
        .fold(RecipientStatus::Waiting, RecipientStatus::then)
}

#[cfg(test)]
#[path = "status_tests.rs"]
mod tests;
