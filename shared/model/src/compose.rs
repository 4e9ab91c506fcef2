//! Writing and sending mail: drafts, uploads, sending, address suggestions and read
//! receipts, as the bridge and the browser exchange them (the routes are in
//! [`crate::routes`]).

use crate::message::Address;
use crate::problem::ErrorCode;
use crate::{EmailAddress, FolderPath, Uid};
use serde::{Deserialize, Serialize};

/// The default limit on one attachment and on a whole message, in bytes (25 MB).
pub const DEFAULT_MAX_ATTACHMENT_BYTES: u64 = 25 * 1024 * 1024;

/// The header of the Sent copy that carries the ENVID given at MAIL FROM, so reports
/// can be matched to it later; only the copy in Sent has it, recipients never see it.
pub const ENVID_HEADER: &str = "X-Facteur-Envid";

/// The header of a saved draft that remembers the delivery options chosen
/// (`dsn=yes; mdn=no`) and, after a failed send, why it failed.
pub const DRAFT_STATE_HEADER: &str = "X-Facteur-Draft";

/// What the browser needs to know before sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeCapabilities {
    /// Whether the submission server offers DSN (RFC 3461); when not, the composer says
    /// so before sending a message that requests a delivery notification.
    pub dsn: bool,
    /// The largest file the bridge accepts as one attachment, in bytes.
    pub max_attachment_bytes: u64,
    /// The submission server's SIZE limit, when it announces one.
    pub server_size_limit: Option<u64>,
    /// Whether the provider files sent mail in Sent itself (the bridge then skips its copy).
    pub server_saves_sent: bool,
}

/// An opaque identifier of an uploaded file, valid for the session that uploaded it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UploadId(pub String);

/// A file the bridge holds for a message being written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    pub id: UploadId,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
}

/// Where an attachment of a draft comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    try_from = "tagged::RawDraftAttachment"
)]
pub enum DraftAttachment {
    /// A file uploaded in this session.
    Uploaded(UploadedFile),
    /// An attachment of a message on the server (forwarding, or a reopened draft).
    FromMessage {
        folder: FolderPath,
        uid: Uid,
        index: u32,
        filename: String,
        content_type: String,
        size: u64,
    },
    /// A whole message on the server, attached as `message/rfc822` (forward as attachment).
    Message {
        folder: FolderPath,
        uid: Uid,
        /// The attached message's subject, for the file name and the list.
        subject: String,
        size: u64,
    },
}

/// The body of a message being written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftBody {
    /// The plain-text version, always present (sent alone or as the first alternative).
    pub text: String,
    /// The rich version (bold, italic, lists, links), when the user wrote rich text; the
    /// bridge sanitizes it again and sends `multipart/alternative`.
    pub html: Option<String>,
}

/// A message being written, as the composer holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The identity it is sent from (the account or one of the user's identities).
    pub from: Address,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub bcc: Vec<Address>,
    pub subject: String,
    pub body: DraftBody,
    pub attachments: Vec<DraftAttachment>,
    /// Message-ID of the message answered (with angle brackets).
    pub in_reply_to: Option<String>,
    /// The thread's Message-IDs, oldest first (with angle brackets).
    pub references: Vec<String>,
    /// Ask for delivery receipts (delivery status notifications, RET=HDRS).
    pub request_dsn: bool,
    /// Which ones, when `request_dsn`: failures and delays only unless the user asked
    /// for a receipt of each delivery too (absent in older drafts and clients).
    #[serde(default)]
    pub dsn_notify: DsnNotify,
    /// Ask for a read receipt (Disposition-Notification-To).
    pub request_read_receipt: bool,
    /// Why the last send of this draft failed, as saved with it.
    #[serde(default)]
    pub last_failure: Option<SendFailure>,
}

/// Which delivery receipts a message asks for (RFC 3461 `NOTIFY`), when it asks for any.
///
/// Failures and delays by default: a receipt for every message that arrives fills the
/// inbox with reports nobody needs to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DsnNotify {
    /// Only when delivery fails or is delayed.
    #[default]
    FailureAndDelay,
    /// Also when it succeeds, for each recipient.
    AlsoSuccess,
}

impl DsnNotify {
    /// The `NOTIFY=` value of each `RCPT TO`.
    pub fn keywords(self) -> &'static str {
        match self {
            DsnNotify::FailureAndDelay => "FAILURE,DELAY",
            DsnNotify::AlsoSuccess => "SUCCESS,FAILURE,DELAY",
        }
    }
}

/// Why a send failed, kept with the draft so the reason shows when it is reopened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendFailure {
    /// What went wrong, for the browser to word in the reader's language.
    pub code: ErrorCode,
    /// The server's own words, when it gave any.
    pub detail: Option<String>,
}

/// Save a draft; `replaces` is the previous save of the same draft, removed afterwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveDraft {
    pub draft: Draft,
    pub replaces: Option<Uid>,
}

/// Where a draft was saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSaved {
    pub folder: FolderPath,
    /// The new UID (when the server says it, with UIDPLUS).
    pub uid: Option<Uid>,
}

/// A client-chosen key that makes sending idempotent: the same key sends once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SendKey(pub String);

/// Send a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendRequest {
    pub key: SendKey,
    pub draft: Draft,
    /// The draft's current copy in Drafts, removed once sent.
    pub draft_uid: Option<Uid>,
}

/// What happened to one recipient at submission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedRecipient {
    pub email: EmailAddress,
}

/// A message sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendResult {
    /// The Message-ID given to the message (with angle brackets).
    pub message_id: String,
    /// The copy in Sent, when the bridge made one and the server gave its UID.
    pub sent_folder: Option<FolderPath>,
    pub sent_uid: Option<Uid>,
    /// Whether there is a copy in Sent, and who made it.
    pub sent_copy: SentCopy,
    /// The ENVID given at MAIL FROM when DSN was requested and offered.
    pub envid: Option<String>,
    /// Whether DSN was requested but the server does not offer it.
    pub dsn_unavailable: bool,
    pub recipients: Vec<AcceptedRecipient>,
}

/// The copy of a sent message in the Sent folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentCopy {
    /// The bridge appended it (to `sent_folder`).
    Appended,
    /// The provider files sent mail itself (Gmail), so the bridge did not.
    ByServer,
    /// The message went, but writing the copy failed: Sent does not hold it.
    Missing,
}

/// Addresses seen in the mailbox that start with (or contain) what was typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressSuggestions {
    pub addresses: Vec<Address>,
}

/// How a read receipt is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptAnswer {
    /// The user clicked "send the receipt" (manual-action/MDN-sent-manually).
    SendManually,
    /// The user's policy is "always" (automatic-action/MDN-sent-automatically).
    SendAutomatically,
    /// The user declined: nothing is sent, the request is not asked again.
    Decline,
}

/// Answer a message's read-receipt request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptRequest {
    pub answer: ReceiptAnswer,
}

/// Reading [`DraftAttachment`] without serde's buffered path for internally tagged enums
/// (which copies the whole object into an intermediate tree, then deserializes each
/// variant from it: a second set of generic code per variant in the browser bundle). The
/// object is read flat, `kind` and every field any variant has, in any order, then
/// checked against `kind`. The JSON is the same both ways; serializing is derived.
mod tagged {
    use super::{DraftAttachment, UploadId, UploadedFile};
    use crate::{FolderPath, Uid};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Uploaded,
        FromMessage,
        Message,
    }

    #[derive(Deserialize)]
    pub(super) struct RawDraftAttachment {
        kind: Kind,
        id: Option<UploadId>,
        folder: Option<FolderPath>,
        uid: Option<Uid>,
        index: Option<u32>,
        filename: Option<String>,
        content_type: Option<String>,
        subject: Option<String>,
        size: Option<u64>,
    }

    /// A field the variant `kind` needs.
    fn need<T>(value: Option<T>, field: &'static str) -> Result<T, String> {
        value.ok_or_else(|| format!("missing field `{field}`"))
    }

    impl TryFrom<RawDraftAttachment> for DraftAttachment {
        type Error = String;

        fn try_from(raw: RawDraftAttachment) -> Result<Self, String> {
            Ok(match raw.kind {
                Kind::Uploaded => DraftAttachment::Uploaded(UploadedFile {
                    id: need(raw.id, "id")?,
                    filename: need(raw.filename, "filename")?,
                    content_type: need(raw.content_type, "content_type")?,
                    size: need(raw.size, "size")?,
                }),
                Kind::FromMessage => DraftAttachment::FromMessage {
                    folder: need(raw.folder, "folder")?,
                    uid: need(raw.uid, "uid")?,
                    index: need(raw.index, "index")?,
                    filename: need(raw.filename, "filename")?,
                    content_type: need(raw.content_type, "content_type")?,
                    size: need(raw.size, "size")?,
                },
                Kind::Message => DraftAttachment::Message {
                    folder: need(raw.folder, "folder")?,
                    uid: need(raw.uid, "uid")?,
                    subject: need(raw.subject, "subject")?,
                    size: need(raw.size, "size")?,
                },
            })
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_attachment_kind_reads_back_from_its_json_in_any_field_order() {
            let attachments = [
                DraftAttachment::Uploaded(UploadedFile {
                    id: UploadId("u1".into()),
                    filename: "a.pdf".into(),
                    content_type: "application/pdf".into(),
                    size: 10,
                }),
                DraftAttachment::FromMessage {
                    folder: FolderPath("INBOX".into()),
                    uid: Uid(7),
                    index: 2,
                    filename: "b.png".into(),
                    content_type: "image/png".into(),
                    size: 20,
                },
                DraftAttachment::Message {
                    folder: FolderPath("Sent".into()),
                    uid: Uid(9),
                    subject: "Hello".into(),
                    size: 30,
                },
            ];
            for attachment in attachments {
                let json = serde_json::to_string(&attachment).unwrap();
                let back: DraftAttachment = serde_json::from_str(&json).unwrap();
                assert_eq!(back, attachment);
            }
            let tag_last =
                r#"{"size":1,"content_type":"t","filename":"f","id":"x","kind":"uploaded"}"#;
            assert_eq!(
                serde_json::from_str::<DraftAttachment>(tag_last).unwrap(),
                DraftAttachment::Uploaded(UploadedFile {
                    id: UploadId("x".into()),
                    filename: "f".into(),
                    content_type: "t".into(),
                    size: 1,
                })
            );
            for refused in [
                r#"{"kind":"uploaded","filename":"f","content_type":"t","size":1}"#,
                r#"{"kind":"message","folder":"INBOX","uid":1,"size":1}"#,
                r#"{"kind":"attached"}"#,
                r#"{"id":"x"}"#,
            ] {
                assert!(
                    serde_json::from_str::<DraftAttachment>(refused).is_err(),
                    "{refused}"
                );
            }
        }
    }
}
