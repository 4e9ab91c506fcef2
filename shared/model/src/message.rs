//! Messages as the browser sees them: list summaries and opened messages.

use crate::{FolderPath, Timestamp, Uid};
use serde::{Deserialize, Serialize};

/// A mailbox as written in a header: an optional display name and the address.
///
/// The address stays a plain string: received mail carries malformed ones that we must
/// still show as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub name: Option<String>,
    pub email: String,
}

impl Address {
    /// The display name if there is one, else the address.
    pub fn label(&self) -> &str {
        match &self.name {
            Some(name) if !name.trim().is_empty() => name,
            _ => &self.email,
        }
    }
}

/// Whether a message's sanitized HTML body may load remote images (`?images=` of the
/// body route); blocked unless the user asks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImagePolicy {
    #[default]
    Blocked,
    Shown,
}

impl ImagePolicy {
    /// The value in the body route's query string.
    pub const fn query_value(self) -> &'static str {
        match self {
            ImagePolicy::Blocked => "blocked",
            ImagePolicy::Shown => "shown",
        }
    }
}

/// A system flag of IMAP (RFC 9051 §2.3.2) that the app shows or changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    Seen,
    Answered,
    Flagged,
    Draft,
    Deleted,
}

/// One line of the message list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSummary {
    pub uid: Uid,
    pub from: Option<Address>,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    /// Decoded subject (RFC 2047 encoded-words resolved); empty when missing.
    pub subject: String,
    /// The Date header, when present and parseable.
    pub date: Option<Timestamp>,
    /// When the server received the message (IMAP INTERNALDATE).
    pub received: Timestamp,
    pub flags: Vec<Flag>,
    /// RFC822.SIZE in bytes.
    pub size: u32,
    pub has_attachments: bool,
    /// The first words of the text, whitespace collapsed, for the list.
    pub preview: String,
    /// The List-Id header (mailing lists), whitespace collapsed, when present.
    #[serde(default)]
    pub list_id: Option<String>,
    /// IMAP keywords (user tags, e.g. `$Label1`, `Work`): the flags that are not system
    /// flags, as the server spells them.
    #[serde(default)]
    pub keywords: Vec<String>,
}

impl MessageSummary {
    /// Whether the message carries `flag`.
    pub fn has_flag(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }
}

/// An attachment of an opened message (not its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Position among the message's attachments; addresses the download.
    pub index: u32,
    /// The file name as sent, or a generated one when the part had none.
    pub filename: String,
    /// MIME type as declared by the sender, e.g. `application/pdf`.
    pub content_type: String,
    /// Decoded size in bytes.
    pub size: u64,
}

/// An opened message: headers, bodies and attachments, all parsed and sanitized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageDetail {
    pub folder: FolderPath,
    pub summary: MessageSummary,
    pub reply_to: Vec<Address>,
    pub message_id: Option<String>,
    /// The plain-text body: the text/plain part, or text derived from the HTML part.
    pub text: Option<String>,
    /// Whether there is an HTML body; it is fetched separately, sanitized, into a sandbox.
    pub has_html: bool,
    /// Whether the HTML body refers to remote images (blocked until the user asks).
    pub has_remote_images: bool,
    pub attachments: Vec<Attachment>,
    /// The In-Reply-To Message-ID (with angle brackets), for threads and replies.
    #[serde(default)]
    pub in_reply_to: Option<String>,
    /// The References Message-IDs, oldest first (with angle brackets), for replies.
    #[serde(default)]
    pub references: Vec<String>,
    /// Where the sender asks a read receipt to go (Disposition-Notification-To), when
    /// it asks and the request has not been answered yet (no `$MDNSent` keyword).
    #[serde(default)]
    pub read_receipt_to: Option<Address>,
    /// Whether the message is a delivery report or a read receipt, shown as a summary
    /// (`GET .../report`) rather than as raw MIME.
    #[serde(default)]
    pub report: Option<ReportKind>,
}

/// The kind of report a message is (RFC 6522 `multipart/report`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// A delivery status notification (`report-type=delivery-status`, RFC 3464).
    DeliveryStatus,
    /// A read receipt (`report-type=disposition-notification`, RFC 8098).
    ReadReceipt,
}
