//! Request and response bodies of the bridge's JSON API (`/api/...`).
//!
//! Routes (all JSON unless said otherwise; errors are [`crate::problem::Problem`]):
//! - `POST /api/session` [`LoginRequest`] → [`SessionInfo`], sets the session cookie
//! - `GET /api/session` → [`SessionInfo`]; `DELETE /api/session` signs out
//! - `GET /api/folders` → [`FolderList`]
//! - `POST /api/folders` [`CreateFolder`] → 201 [`FolderChanged`] (created and
//!   subscribed); `folder_exists` (409) when it is already there
//! - `POST /api/folders/{folder}/rename` [`RenameFolder`] → [`FolderChanged`];
//!   `folder_protected` (403) for INBOX and special-use folders, `folder_exists` (409)
//! - `DELETE /api/folders/{folder}?messages={refuse|move_to_trash|destroy}` →
//!   [`FolderDeleted`]; with `refuse` (the default) a folder holding messages or
//!   subfolders answers `folder_not_empty` (409, the problem's `message_count` says how
//!   many messages); `folder_protected` (403) for INBOX and special-use folders
//! - `POST /api/folders/{folder}/subscription` [`Subscription`] → 204
//! - `POST /api/folders/{folder}/move` [`TransferRequest`] → [`TransferResult`] with
//!   `moved`; `POST /api/folders/{folder}/copy` → [`TransferResult`] with `copied`.
//!   One UID MOVE per request (or UID COPY then UID EXPUNGE of exactly those UIDs, or a
//!   copy only: said in `method` and `note`); UIDs already gone are not an error;
//!   `folder_not_found` (404) when `to` does not exist
//! - `GET /api/folders/{folder}/messages?before={uid}&limit={n}` → [`MessagePage`],
//!   newest first
//! - `GET /api/folders/{folder}/messages?after={uid}&limit={n}` → [`MessagePage`] of
//!   the messages whose UID is above `after`, **oldest first** (arrival order, for the
//!   rules; `next_after` continues); `after=0` starts from the oldest
//! - `GET /api/folders/{folder}/messages/{uid}` → [`crate::message::MessageDetail`]
//! - `GET /api/folders/{folder}/messages/{uid}/text` → [`MessageText`] (plain text, at
//!   most 64 KB, for rules that test the body)
//! - `GET /api/folders/{folder}/messages/{uid}/body.html?images={blocked|shown}` → the
//!   sanitized HTML body as a document for a sandboxed iframe (its own strict CSP)
//! - `GET /api/folders/{folder}/messages/{uid}/attachments/{index}` → the file
//! - `GET /api/folders/{folder}/messages/{uid}/headers` → [`MessageHeaders`] (every
//!   header field, decoded, at most 64 KB, for rules that test any named header)
//! - `POST /api/folders/{folder}/flags` [`FlagChange`] → 204; `invalid_input` (400)
//!   for a keyword that is not an IMAP atom
//! - `GET /api/settings` → [`SettingsDocument`]; `PUT /api/settings` [`SaveSettings`]
//!   → [`SettingsSaved`]; `settings_conflict` (409, the problem's `current_settings`
//!   has the other device's version) when `base_revision` is stale;
//!   `settings_too_large` (413)
//! - `GET /api/sieve?port={n}` → [`SieveStatus`]; `PUT /api/sieve` [`InstallSieve`] →
//!   [`SieveInstalled`]; `sieve_script_invalid` (422, `detail` has the server's
//!   reason), `sieve_unavailable` (409)
//! - Writing and sending (uploads, drafts, `POST /api/send` once per key,
//!   `GET /api/compose/capabilities`, read receipts): listed in [`crate::compose`]
//!
//! Every POST, PUT and DELETE needs the `X-Facteur-Request: 1` header (CSRF).
//!
//! [`CreateFolder`]: crate::folder_ops::CreateFolder
//! [`FolderChanged`]: crate::folder_ops::FolderChanged
//! [`RenameFolder`]: crate::folder_ops::RenameFolder
//! [`FolderDeleted`]: crate::folder_ops::FolderDeleted
//! [`Subscription`]: crate::folder_ops::Subscription
//! [`TransferRequest`]: crate::folder_ops::TransferRequest
//! [`TransferResult`]: crate::folder_ops::TransferResult
//! [`MessageText`]: crate::folder_ops::MessageText
//! [`MessageHeaders`]: crate::folder_ops::MessageHeaders
//! [`SettingsDocument`]: crate::settings::SettingsDocument
//! [`SaveSettings`]: crate::settings::SaveSettings
//! [`SettingsSaved`]: crate::settings::SettingsSaved
//! [`SieveStatus`]: crate::sieve::SieveStatus
//! [`InstallSieve`]: crate::sieve::InstallSieve
//! [`SieveInstalled`]: crate::sieve::SieveInstalled
//!
//! `{folder}` is the folder path, percent-encoded as one path segment.

use crate::folder::Folder;
use crate::message::{Flag, MessageSummary};
use crate::{EmailAddress, FolderPath, Uid, UidValidity};
use serde::{Deserialize, Serialize};

/// How a connection to a mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// TLS from the first byte (IMAPS 993, SMTPS 465).
    Tls,
    /// Plain connection upgraded with STARTTLS (IMAP 143, submission 587).
    StartTls,
    /// No encryption at all: the bridge allows it only to loopback addresses.
    Plain,
}

/// A mail server to connect to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServerEndpoint {
    pub host: String,
    pub port: u16,
    pub security: Security,
}

/// Sign-in form: who the user is and where their mail lives.
///
/// `Debug` is written by hand and redacts the password, so it can never reach a log.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub email: EmailAddress,
    /// Login name when it differs from the address; the address is used when `None`.
    pub username: Option<String>,
    pub password: String,
    pub imap: ServerEndpoint,
    pub smtp: ServerEndpoint,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("email", &self.email)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("imap", &self.imap)
            .field("smtp", &self.smtp)
            .finish()
    }
}

/// The signed-in account, never including the password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub email: EmailAddress,
    pub username: String,
    pub imap: ServerEndpoint,
    pub smtp: ServerEndpoint,
}

/// All folders of the account, in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderList {
    pub folders: Vec<Folder>,
}

/// The largest page the bridge serves; bigger requests are clamped.
pub const MAX_PAGE_SIZE: u32 = 200;

/// One page of a folder's messages, newest (highest UID) first, or oldest first when
/// asked for the messages `after` a UID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagePage {
    pub folder: FolderPath,
    pub uid_validity: UidValidity,
    /// The UID the next message to arrive will get at least (UIDNEXT), when the server
    /// says: everything below it has been seen by whoever reads this page.
    #[serde(default)]
    pub uid_next: Option<Uid>,
    /// Messages in the folder in all.
    pub total: u32,
    pub messages: Vec<MessageSummary>,
    /// Pass as `before` to get the next (older) page; `None` on the last page.
    pub next_before: Option<Uid>,
    /// With `after`: pass as `after` to get the next (newer) page; `None` when this page
    /// reaches the newest message.
    #[serde(default)]
    pub next_after: Option<Uid>,
}

/// Flags and keywords to add to and remove from some messages of one folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagChange {
    pub uids: Vec<Uid>,
    #[serde(default)]
    pub add: Vec<Flag>,
    #[serde(default)]
    pub remove: Vec<Flag>,
    /// IMAP keywords (user tags) to add: atoms of at most [`MAX_KEYWORD_LEN`] bytes,
    /// without `\` (system flags are `add`/`remove`).
    #[serde(default)]
    pub add_keywords: Vec<String>,
    #[serde(default)]
    pub remove_keywords: Vec<String>,
}

/// The longest keyword the bridge stores, in bytes.
pub const MAX_KEYWORD_LEN: usize = 100;

/// The keyword the bridge sets while it moves a message (so two devices never move it
/// both); users can neither see nor set it.
pub const RESERVED_KEYWORD: &str = "$FacteurMoving";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_request_debug_redacts_the_password() {
        let endpoint = ServerEndpoint {
            host: "imap.example.test".into(),
            port: 993,
            security: Security::Tls,
        };
        let request = LoginRequest {
            email: EmailAddress::parse("demo@example.test").unwrap(),
            username: None,
            password: "correct horse battery staple".into(),
            imap: endpoint.clone(),
            smtp: endpoint,
        };
        let text = format!("{request:?} {request:#?}");
        assert!(!text.contains("correct horse"), "{text}");
        assert!(text.contains("demo@example.test"));
    }
}
