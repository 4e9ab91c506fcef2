//! What a rule can look at: the facts of one message, and the context it is judged in.

use crate::text::fold_eq;
use facteur_model::message::{Address, Flag, MessageSummary};
use facteur_model::{FolderPath, Timestamp, Uid};
use serde::{Deserialize, Serialize};

/// Everything a rule may test about one message, gathered by the caller beforehand.
///
/// The engine never fetches anything: list-level facts come from a [`MessageSummary`]
/// (see the `From` conversion); headers and the body are added when the caller has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageFacts {
    pub uid: Uid,
    /// The folder the message is in now.
    pub folder: FolderPath,
    pub from: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    /// Known only for messages we sent (Sent folder); empty for received mail.
    #[serde(default)]
    pub bcc: Vec<Address>,
    #[serde(default)]
    pub reply_to: Vec<Address>,
    /// Decoded subject; empty when missing.
    pub subject: String,
    /// The Date header, when present and parseable.
    pub date: Option<Timestamp>,
    /// When the server received the message (IMAP INTERNALDATE).
    pub received: Timestamp,
    /// RFC822.SIZE in bytes.
    pub size: u32,
    pub flags: Vec<Flag>,
    /// IMAP keywords (user tags) on the message.
    #[serde(default)]
    pub keywords: Vec<String>,
    pub has_attachments: bool,
    /// The List-Id header, when present.
    #[serde(default)]
    pub list_id: Option<String>,
    /// Other headers by name (names compare case-insensitively), values decoded.
    #[serde(default)]
    pub headers: Vec<(String, String)>,
    /// The plain-text body; `None` means "not fetched", not "empty".
    #[serde(default)]
    pub body_text: Option<String>,
}

impl MessageFacts {
    /// The facts of a list line in `folder` (List-Id and keywords included): no extra
    /// headers, no body yet.
    pub fn from_summary(summary: &MessageSummary, folder: FolderPath) -> Self {
        MessageFacts {
            folder,
            ..MessageFacts::from(summary)
        }
    }

    /// Whether the message carries `flag`.
    pub fn has_flag(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// Whether the message carries `keyword` (IMAP keywords are case-insensitive).
    pub fn has_keyword(&self, keyword: &str) -> bool {
        self.keywords
            .iter()
            .any(|k| k.eq_ignore_ascii_case(keyword))
    }

    /// The instant date conditions use: the Date header, else the receipt time.
    pub fn effective_date(&self) -> Timestamp {
        self.date.unwrap_or(self.received)
    }
}

/// The list-level facts; the folder is left empty for the caller to fill in
/// (prefer [`MessageFacts::from_summary`]).
impl From<&MessageSummary> for MessageFacts {
    fn from(summary: &MessageSummary) -> Self {
        MessageFacts {
            uid: summary.uid,
            folder: FolderPath(String::new()),
            from: summary.from.clone(),
            to: summary.to.clone(),
            cc: summary.cc.clone(),
            bcc: Vec::new(),
            reply_to: Vec::new(),
            subject: summary.subject.clone(),
            date: summary.date,
            received: summary.received,
            size: summary.size,
            flags: summary.flags.clone(),
            keywords: summary.keywords.clone(),
            has_attachments: summary.has_attachments,
            list_id: summary.list_id.clone(),
            headers: Vec::new(),
            body_text: None,
        }
    }
}

/// What the engine needs to know about the world: it never reads the clock or settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// The current instant, for "age in days".
    pub now: Timestamp,
    /// The user's own addresses, for "from me" / "to me" (compared case-insensitively).
    pub identities: Vec<String>,
    /// The user's offset from UTC, so "before 2026-03-01" means the user's local day.
    pub utc_offset_seconds: i32,
    /// The account's Trash folder, target of "move to Trash".
    pub trash: FolderPath,
}

impl Context {
    /// Whether `address` is one of the user's identities.
    pub fn is_identity(&self, address: &str) -> bool {
        let address = address.trim();
        self.identities
            .iter()
            .any(|identity| fold_eq(identity.trim(), address))
    }
}
