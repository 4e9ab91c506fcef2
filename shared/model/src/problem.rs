//! Errors as the bridge reports them: RFC 9457 problem details with a stable code.
//!
//! The browser translates [`ErrorCode`]; `detail` carries the server's own words (for
//! instance an IMAP `NO` text) for the user to read, never credentials.

use crate::compose::DraftSaved;
use crate::search::SearchError;
use crate::settings::SettingsDocument;
use serde::{Deserialize, Serialize};

/// Stable, machine-readable error codes; the UI has a translated sentence for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The server refused the user name or password.
    BadCredentials,
    /// The host name does not resolve.
    HostNotFound,
    /// Nothing answers on that host and port.
    HostUnreachable,
    /// The operator's configuration forbids connecting to that host or port.
    HostNotAllowed,
    /// Plain (unencrypted) connections are only allowed to loopback addresses.
    PlainNotAllowed,
    /// The TLS handshake failed, e.g. an untrusted or expired certificate.
    TlsFailure,
    /// The server took too long to answer.
    Timeout,
    /// The server does not speak the protocol we expected, or broke it.
    ProtocolError,
    /// The port answers in another protocol than the one asked (an SMTP greeting on the
    /// IMAP port, IMAP on the SMTP port, a web server): the port number is wrong.
    WrongProtocol,
    /// The server answered NO or BAD; `detail` has its text.
    ServerRefused,
    /// The connection dropped in the middle of a command.
    ConnectionLost,
    /// No folder by that name.
    FolderNotFound,
    /// A folder by that name already exists.
    FolderExists,
    /// The folder still holds messages (`message_count` says how many) or subfolders.
    FolderNotEmpty,
    /// The inbox and special-use folders (Sent, Trash, ...) cannot be renamed or deleted.
    FolderProtected,
    /// A folder name is empty or blank (or a level of its path is).
    FolderNameEmpty,
    /// A folder name holds the server's hierarchy delimiter (`/` on most servers).
    FolderNameHasDelimiter,
    /// A folder name starts with a dot or holds `..`.
    FolderNameDots,
    /// A folder name holds control characters, `*` or `%`.
    FolderNameForbiddenCharacter,
    /// A folder path is longer than the bridge accepts.
    FolderNameTooLong,
    /// A folder name is the inbox's or a special folder's, as the user sees it
    /// (« Boîte de réception », « Envoyés »...).
    FolderNameReserved,
    /// The mail server refused the folder name (IMAP `[CANNOT]`); `detail` has its text.
    FolderNameRefused,
    /// Another device saved the settings meanwhile; `current_settings` has its version.
    SettingsConflict,
    /// The settings document is larger than the bridge stores.
    SettingsTooLarge,
    /// The server offers no ManageSieve service (or refused the account on it).
    SieveUnavailable,
    /// The server refused the Sieve script; `detail` has its reason.
    SieveScriptInvalid,
    /// No message with that UID in that folder (perhaps moved or deleted elsewhere).
    MessageNotFound,
    /// No attachment with that index.
    AttachmentNotFound,
    /// No session: sign in first.
    NotSignedIn,
    /// The session cookie is no longer valid (server key changed, or expired).
    SessionExpired,
    /// The request carried the session cookie twice (one planted by another site or
    /// path); the bridge cannot tell which is the user's, so it honours neither.
    DuplicateSessionCookie,
    /// The shared store of signed-out sessions cannot be reached, so the bridge cannot
    /// tell whether this session was signed out elsewhere; it refuses rather than guess.
    SessionStoreUnavailable,
    /// A state-changing request failed the cross-site request checks.
    CsrfRejected,
    /// Too many sign-in attempts; try again later.
    RateLimited,
    /// An attachment (or the whole message) is larger than the bridge accepts;
    /// `limit_bytes` says the limit.
    AttachmentTooLarge,
    /// The session's uploaded files together pass the bridge's quota (`limit_bytes`);
    /// remove some or send the message first.
    UploadQuotaExceeded,
    /// No uploaded file by that id in this session (expired, sent or removed).
    UploadNotFound,
    /// The submission server refused the message for its size; `detail` has its text.
    MessageTooLarge,
    /// The submission server refused a recipient; `detail` has its text and the address.
    RecipientRefused,
    /// The submission server refused the message or the sender; `detail` has its text.
    SendFailed,
    /// The connection dropped (or the answer never came) after the whole message was
    /// sent: the server may have accepted it. Sending again may deliver it twice.
    SendOutcomeUnknown,
    /// The request body is larger than the bridge reads (`limit_bytes`); it was refused
    /// before being parsed.
    RequestTooLarge,
    /// The message is larger than the bridge opens (`limit_bytes`); the server's
    /// RFC822.SIZE said so before any of it was downloaded.
    MessageTooLargeToOpen,
    /// The mail server sent more in one answer than the bridge accepts (`limit_bytes`):
    /// a broken or hostile server; the connection was dropped.
    ServerResponseTooLarge,
    /// The connection dropped while the mail server was making a change (a move, a
    /// draft or settings save): it may have been made. Retrying is safe; looking first
    /// shows what happened.
    ChangeOutcomeUnknown,
    /// The request body or parameters are malformed; `detail` says which.
    InvalidInput,
    /// Anything else; logged on the bridge.
    Internal,
    /// The mail server turned the connection away for its load: it accepted the TCP
    /// connection but never greeted, or answered that it has too many connections
    /// (`[LIMIT]`, `[UNAVAILABLE]`). Trying again later may work; its operator may need
    /// to raise its limits.
    MailServerBusy,
    /// The search text is no valid query; `search_error` says why (the same typed error
    /// the browser's own parse gives).
    InvalidSearch,
}

impl ErrorCode {
    /// Every code, for exhaustive translation tests.
    pub const ALL: [ErrorCode; 49] = [
        ErrorCode::BadCredentials,
        ErrorCode::HostNotFound,
        ErrorCode::HostUnreachable,
        ErrorCode::HostNotAllowed,
        ErrorCode::PlainNotAllowed,
        ErrorCode::TlsFailure,
        ErrorCode::Timeout,
        ErrorCode::ProtocolError,
        ErrorCode::WrongProtocol,
        ErrorCode::ServerRefused,
        ErrorCode::ConnectionLost,
        ErrorCode::FolderNotFound,
        ErrorCode::FolderExists,
        ErrorCode::FolderNotEmpty,
        ErrorCode::FolderProtected,
        ErrorCode::FolderNameEmpty,
        ErrorCode::FolderNameHasDelimiter,
        ErrorCode::FolderNameDots,
        ErrorCode::FolderNameForbiddenCharacter,
        ErrorCode::FolderNameTooLong,
        ErrorCode::FolderNameReserved,
        ErrorCode::FolderNameRefused,
        ErrorCode::SettingsConflict,
        ErrorCode::SettingsTooLarge,
        ErrorCode::SieveUnavailable,
        ErrorCode::SieveScriptInvalid,
        ErrorCode::MessageNotFound,
        ErrorCode::AttachmentNotFound,
        ErrorCode::NotSignedIn,
        ErrorCode::SessionExpired,
        ErrorCode::DuplicateSessionCookie,
        ErrorCode::SessionStoreUnavailable,
        ErrorCode::CsrfRejected,
        ErrorCode::RateLimited,
        ErrorCode::AttachmentTooLarge,
        ErrorCode::UploadQuotaExceeded,
        ErrorCode::UploadNotFound,
        ErrorCode::MessageTooLarge,
        ErrorCode::RecipientRefused,
        ErrorCode::SendFailed,
        ErrorCode::SendOutcomeUnknown,
        ErrorCode::RequestTooLarge,
        ErrorCode::MessageTooLargeToOpen,
        ErrorCode::ServerResponseTooLarge,
        ErrorCode::ChangeOutcomeUnknown,
        ErrorCode::InvalidInput,
        ErrorCode::Internal,
        ErrorCode::MailServerBusy,
        ErrorCode::InvalidSearch,
    ];
}

/// An `application/problem+json` body (RFC 9457) with Facteur's `code` extension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI naming the problem type: `urn:facteur:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short English summary for logs and API users; the UI shows its own translation.
    pub title: String,
    pub status: u16,
    /// Specifics for this occurrence, e.g. the server's refusal text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ErrorCode,
    /// Extension member of `folder_not_empty`: how many messages the folder holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_count: Option<u32>,
    /// Extension member of `settings_conflict`: the version another device saved, to
    /// merge with before saving again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_settings: Option<SettingsDocument>,
    /// Extension member of `attachment_too_large`, `upload_quota_exceeded`,
    /// `message_too_large_to_open` and `server_response_too_large`: the limit, in bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit_bytes: Option<u64>,
    /// Extension member of a failed send: where the message was kept, to retry from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saved_draft: Option<DraftSaved>,
    /// Extension member of `invalid_search`: why the text is no valid query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_error: Option<SearchError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialize_as_stable_snake_case() {
        let json = serde_json::to_string(&ErrorCode::BadCredentials).unwrap();
        assert_eq!(json, "\"bad_credentials\"");
        let problem = Problem {
            kind: "urn:facteur:problem:tls_failure".into(),
            title: "TLS failure".into(),
            status: 502,
            detail: None,
            code: ErrorCode::TlsFailure,
            message_count: None,
            current_settings: None,
            limit_bytes: None,
            saved_draft: None,
            search_error: None,
        };
        let value: serde_json::Value = serde_json::to_value(&problem).unwrap();
        assert_eq!(value["type"], "urn:facteur:problem:tls_failure");
        assert_eq!(value["code"], "tls_failure");
        assert!(value.get("detail").is_none());
        assert!(value.get("message_count").is_none());
        // Problems from an older bridge, without extension members, still parse.
        let old: Problem = serde_json::from_str(
            r#"{"type":"urn:facteur:problem:timeout","title":"t","status":504,"code":"timeout"}"#,
        )
        .unwrap();
        assert_eq!(old.current_settings, None);
    }

    #[test]
    fn all_lists_every_code_once() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code));
        }
    }
}
