//! Request and response bodies of the bridge's JSON API (`/api/...`): the session,
//! folders, message pages and flags. The routes themselves, each with its method, path
//! and what it takes and answers, are defined once in [`crate::routes`].

use crate::folder::Folder;
use crate::message::{Flag, MessageSummary};
use crate::{EmailAddress, FolderPath, Password, Uid, UidValidity};
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

/// Sign-in form: who the user is and where their mail lives. The setup wizard's
/// connection test takes the same fields (`facteur_providers::setup_api::ConnectionTestRequest`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub email: EmailAddress,
    /// Login name when it differs from the address; the address is used when `None`.
    pub username: Option<String>,
    /// Redacted in `Debug`, so the request can never reach a log with it.
    pub password: Password,
    pub imap: ServerEndpoint,
    pub smtp: ServerEndpoint,
}

impl LoginRequest {
    /// The name to log in with: the username without surrounding spaces, or the address
    /// when none was given.
    pub fn login_name(&self) -> &str {
        match &self.username {
            Some(name) if !name.trim().is_empty() => name.trim(),
            _ => self.email.as_str(),
        }
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

/// The answer of `GET /api/session`. Not being signed in is an answer, not an error:
/// the app asks it at every start-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SessionStatus {
    /// The cookie holds a live session of this account.
    SignedIn(SessionInfo),
    /// No live session.
    SignedOut { reason: SignedOutReason },
}

/// Why `GET /api/session` found no live session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignedOutReason {
    /// The request carried no session cookie.
    NoSession,
    /// The cookie's session expired, was signed out, or could not be opened.
    Expired,
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

    #[test]
    fn the_login_name_is_the_trimmed_username_else_the_address() {
        let endpoint = ServerEndpoint {
            host: "imap.example.test".into(),
            port: 993,
            security: Security::Tls,
        };
        let mut request = LoginRequest {
            email: EmailAddress::parse("demo@example.test").unwrap(),
            username: Some(" jean ".into()),
            password: "pw".into(),
            imap: endpoint.clone(),
            smtp: endpoint,
        };
        assert_eq!(request.login_name(), "jean");
        request.username = Some("  ".into());
        assert_eq!(request.login_name(), "demo@example.test");
        request.username = None;
        assert_eq!(request.login_name(), "demo@example.test");
    }

    #[test]
    fn the_session_status_is_tagged_by_state() {
        let out = SessionStatus::SignedOut {
            reason: SignedOutReason::NoSession,
        };
        let json = serde_json::to_value(&out).unwrap();
        assert_eq!(
            json,
            serde_json::json!({ "state": "signed_out", "reason": "no_session" })
        );
        let endpoint = ServerEndpoint {
            host: "imap.example.test".into(),
            port: 993,
            security: Security::Tls,
        };
        let signed_in = SessionStatus::SignedIn(SessionInfo {
            email: EmailAddress::parse("demo@example.test").unwrap(),
            username: "demo".into(),
            imap: endpoint.clone(),
            smtp: endpoint,
        });
        let json = serde_json::to_value(&signed_in).unwrap();
        assert_eq!(json["state"], "signed_in");
        assert_eq!(json["username"], "demo");
        let back: SessionStatus = serde_json::from_value(json).unwrap();
        assert_eq!(back, signed_in);
    }
}
