//! The bridge's one error type and its answer as `application/problem+json` (RFC 9457).
//!
//! Over 450 lines: one `match` maps every error to its status and code, so it stays in one
//! place; tests beside it.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use facteur_model::compose::DraftSaved;
use facteur_model::folder_name::FolderNameProblem;
use facteur_model::problem::{ErrorCode, Problem};
use facteur_model::search::SearchError;
use facteur_model::settings::SettingsDocument;

/// Everything that can go wrong while serving a request.
///
/// Texts carried here end up in `detail`, so they must never hold a password: they come
/// from servers' replies, our own checks, or the error kind.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("no such API route")]
    UnknownRoute,
    #[error("the server refused the credentials")]
    BadCredentials(Option<String>),
    #[error("host not found: {0}")]
    HostNotFound(String),
    #[error("host unreachable: {0}")]
    HostUnreachable(String),
    #[error("host not allowed: {0}")]
    HostNotAllowed(String),
    #[error("plain connections are only allowed to loopback addresses")]
    PlainNotAllowed,
    #[error("TLS failure: {0}")]
    TlsFailure(String),
    #[error("timed out: {0}")]
    Timeout(String),
    #[error("protocol error: {0}")]
    Protocol(String),
    /// The port answers in another protocol than `expected` (an SMTP greeting on the
    /// IMAP port...): the codes say it all, there is no server text to show.
    #[error("the {expected:?} port answers as {heard:?}")]
    WrongProtocol {
        expected: facteur_providers::Protocol,
        heard: facteur_providers::setup_api::HeardProtocol,
    },
    #[error("the server refused: {0}")]
    ServerRefused(String),
    #[error("connection lost: {0}")]
    ConnectionLost(String),
    #[error("folder not found: {0}")]
    FolderNotFound(String),
    #[error("folder already exists: {0}")]
    FolderExists(String),
    #[error("folder not empty: {detail}")]
    FolderNotEmpty { detail: String, messages: u32 },
    #[error("protected folder: {0}")]
    FolderProtected(String),
    /// A typed folder name the checks of `facteur_model::folder_name` refuse.
    #[error("folder name refused: {0:?}")]
    FolderName(FolderNameProblem),
    /// The mail server refused a folder name (`[CANNOT]`); its words are the detail.
    #[error("the server refused the folder name: {0}")]
    FolderNameRefused(String),
    #[error("settings changed on another device")]
    SettingsConflict(Box<SettingsDocument>),
    #[error("settings too large: {0}")]
    SettingsTooLarge(String),
    #[error("ManageSieve unavailable: {0}")]
    SieveUnavailable(String),
    #[error("Sieve script refused: {0}")]
    SieveScriptInvalid(String),
    #[error("message not found")]
    MessageNotFound,
    #[error("attachment not found")]
    AttachmentNotFound,
    #[error("not signed in")]
    NotSignedIn,
    #[error("session expired")]
    SessionExpired,
    #[error("the request carries the session cookie more than once")]
    DuplicateSessionCookie,
    #[error("the store of signed-out sessions is unreachable: {0}")]
    SessionStoreUnavailable(String),
    #[error("cross-site request rejected: {0}")]
    CsrfRejected(&'static str),
    #[error("too many sign-in attempts")]
    RateLimited { retry_after_secs: u64 },
    #[error("too large: more than {limit} bytes")]
    AttachmentTooLarge { limit: u64 },
    #[error("the uploads of the session or of the account pass the quota of {limit} bytes")]
    UploadQuotaExceeded { limit: u64 },
    #[error("upload not found")]
    UploadNotFound,
    #[error("message too large for the server: {0}")]
    MessageTooLarge(String),
    /// The server's RFC822.SIZE for the message is above `max_message_bytes`.
    #[error("the message is larger than {limit} bytes")]
    MessageTooLargeToOpen { limit: u64 },
    /// The server announced or sent more than the bridge reads in one answer.
    #[error("the server's answer passes {limit} bytes")]
    ServerResponseTooLarge { limit: u64 },
    #[error("recipient refused: {0}")]
    RecipientRefused(String),
    #[error("sending failed: {0}")]
    SendFailed(String),
    /// The whole message was sent but the server's answer was lost.
    #[error("the server may have accepted the message: {0}")]
    SendOutcomeUnknown(String),
    /// The connection dropped while the IMAP server was making a change: it may have.
    #[error("the server may have made the change: {0}")]
    ChangeOutcomeUnknown(String),
    /// A send that failed, with where the message was kept (it is never lost).
    #[error("{cause}")]
    NotSent {
        cause: Box<Error>,
        saved_draft: Option<DraftSaved>,
    },
    /// A request body larger than the bridge reads, refused before parsing.
    #[error("request body larger than {limit} bytes")]
    RequestTooLarge { limit: u64 },
    /// The client took too long to send its request body.
    #[error("the request took too long to arrive")]
    RequestTimeout,
    /// A failure inside the bridge; the source stays in the log, never in the answer.
    #[error("internal error: {context}")]
    Internal {
        context: &'static str,
        #[source]
        source: Option<BoxError>,
    },
    /// The mail server turned the connection away for its load (no greeting, `[LIMIT]`).
    #[error("the mail server is busy: {0}")]
    ServerBusy(String),
    /// The search text is no valid query.
    #[error("invalid search: {0:?}")]
    InvalidSearch(SearchError),
}

/// Any error, kept as the source of an [`Error::Internal`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Shorthand used throughout the bridge.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An internal failure while doing `context`, keeping `source` for the log.
    pub fn internal(context: &'static str, source: impl Into<BoxError>) -> Error {
        Error::Internal {
            context,
            source: Some(source.into()),
        }
    }

    /// An internal failure with no error behind it: a broken invariant.
    pub fn invariant(context: &'static str) -> Error {
        Error::Internal {
            context,
            source: None,
        }
    }

    /// The stable code the browser translates.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::InvalidInput(_) | Error::UnknownRoute => ErrorCode::InvalidInput,
            Error::BadCredentials(_) => ErrorCode::BadCredentials,
            Error::HostNotFound(_) => ErrorCode::HostNotFound,
            Error::HostUnreachable(_) => ErrorCode::HostUnreachable,
            Error::HostNotAllowed(_) => ErrorCode::HostNotAllowed,
            Error::PlainNotAllowed => ErrorCode::PlainNotAllowed,
            Error::TlsFailure(_) => ErrorCode::TlsFailure,
            Error::Timeout(_) => ErrorCode::Timeout,
            Error::Protocol(_) => ErrorCode::ProtocolError,
            Error::WrongProtocol { .. } => ErrorCode::WrongProtocol,
            Error::ServerRefused(_) => ErrorCode::ServerRefused,
            Error::ConnectionLost(_) => ErrorCode::ConnectionLost,
            Error::FolderNotFound(_) => ErrorCode::FolderNotFound,
            Error::FolderExists(_) => ErrorCode::FolderExists,
            Error::FolderNotEmpty { .. } => ErrorCode::FolderNotEmpty,
            Error::FolderProtected(_) => ErrorCode::FolderProtected,
            Error::FolderName(problem) => problem.code(),
            Error::FolderNameRefused(_) => ErrorCode::FolderNameRefused,
            Error::SettingsConflict(_) => ErrorCode::SettingsConflict,
            Error::SettingsTooLarge(_) => ErrorCode::SettingsTooLarge,
            Error::SieveUnavailable(_) => ErrorCode::SieveUnavailable,
            Error::SieveScriptInvalid(_) => ErrorCode::SieveScriptInvalid,
            Error::MessageNotFound => ErrorCode::MessageNotFound,
            Error::AttachmentNotFound => ErrorCode::AttachmentNotFound,
            Error::NotSignedIn => ErrorCode::NotSignedIn,
            Error::SessionExpired => ErrorCode::SessionExpired,
            Error::DuplicateSessionCookie => ErrorCode::DuplicateSessionCookie,
            Error::SessionStoreUnavailable(_) => ErrorCode::SessionStoreUnavailable,
            Error::CsrfRejected(_) => ErrorCode::CsrfRejected,
            Error::RateLimited { .. } => ErrorCode::RateLimited,
            Error::AttachmentTooLarge { .. } => ErrorCode::AttachmentTooLarge,
            Error::UploadQuotaExceeded { .. } => ErrorCode::UploadQuotaExceeded,
            Error::UploadNotFound => ErrorCode::UploadNotFound,
            Error::MessageTooLarge(_) => ErrorCode::MessageTooLarge,
            Error::MessageTooLargeToOpen { .. } => ErrorCode::MessageTooLargeToOpen,
            Error::ServerResponseTooLarge { .. } => ErrorCode::ServerResponseTooLarge,
            Error::RecipientRefused(_) => ErrorCode::RecipientRefused,
            Error::SendFailed(_) => ErrorCode::SendFailed,
            Error::SendOutcomeUnknown(_) => ErrorCode::SendOutcomeUnknown,
            Error::ChangeOutcomeUnknown(_) => ErrorCode::ChangeOutcomeUnknown,
            Error::ServerBusy(_) => ErrorCode::MailServerBusy,
            Error::NotSent { cause, .. } => cause.code(),
            Error::RequestTooLarge { .. } => ErrorCode::RequestTooLarge,
            Error::RequestTimeout => ErrorCode::Timeout,
            Error::Internal { .. } => ErrorCode::Internal,
            Error::InvalidSearch(_) => ErrorCode::InvalidSearch,
        }
    }

    /// The HTTP status that fits the code.
    pub fn status(&self) -> StatusCode {
        match self {
            Error::InvalidInput(_) | Error::DuplicateSessionCookie | Error::InvalidSearch(_) => {
                StatusCode::BAD_REQUEST
            }
            Error::FolderName(FolderNameProblem::Exists) => StatusCode::CONFLICT,
            Error::FolderName(_) => StatusCode::BAD_REQUEST,
            Error::FolderNameRefused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::UnknownRoute
            | Error::FolderNotFound(_)
            | Error::MessageNotFound
            | Error::AttachmentNotFound
            | Error::UploadNotFound => StatusCode::NOT_FOUND,
            Error::BadCredentials(_) | Error::NotSignedIn | Error::SessionExpired => {
                StatusCode::UNAUTHORIZED
            }
            Error::HostNotAllowed(_)
            | Error::PlainNotAllowed
            | Error::CsrfRejected(_)
            | Error::FolderProtected(_) => StatusCode::FORBIDDEN,
            Error::FolderExists(_)
            | Error::FolderNotEmpty { .. }
            | Error::SettingsConflict(_)
            | Error::SieveUnavailable(_) => StatusCode::CONFLICT,
            Error::SettingsTooLarge(_)
            | Error::AttachmentTooLarge { .. }
            | Error::UploadQuotaExceeded { .. }
            | Error::MessageTooLarge(_)
            | Error::RequestTooLarge { .. }
            | Error::MessageTooLargeToOpen { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Error::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Error::RecipientRefused(_) | Error::SendFailed(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::NotSent { cause, .. } => cause.status(),
            Error::SieveScriptInvalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::HostNotFound(_)
            | Error::HostUnreachable(_)
            | Error::TlsFailure(_)
            | Error::Protocol(_)
            | Error::WrongProtocol { .. }
            | Error::ServerRefused(_)
            | Error::ConnectionLost(_)
            | Error::SendOutcomeUnknown(_)
            | Error::ServerResponseTooLarge { .. }
            | Error::ChangeOutcomeUnknown(_) => StatusCode::BAD_GATEWAY,
            Error::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            Error::SessionStoreUnavailable(_) | Error::ServerBusy(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
        }
    }

    /// Whether the connection the error came from is no longer usable.
    pub fn breaks_connection(&self) -> bool {
        matches!(
            self,
            Error::ConnectionLost(_)
                | Error::Timeout(_)
                | Error::Protocol(_)
                | Error::WrongProtocol { .. }
                | Error::ServerResponseTooLarge { .. }
        )
    }

    fn title(&self) -> &'static str {
        match self.code() {
            ErrorCode::BadCredentials => "The server refused the user name or password",
            ErrorCode::HostNotFound => "The host name does not resolve",
            ErrorCode::HostUnreachable => "Nothing answers on that host and port",
            ErrorCode::HostNotAllowed => "Connecting to that host or port is not allowed",
            ErrorCode::PlainNotAllowed => "Unencrypted connections are only allowed to loopback",
            ErrorCode::TlsFailure => "The TLS handshake failed",
            ErrorCode::Timeout => "The server took too long to answer",
            ErrorCode::ProtocolError => "The server broke the protocol",
            ErrorCode::WrongProtocol => "The port answers in another protocol",
            ErrorCode::ServerRefused => "The server refused the command",
            ErrorCode::ConnectionLost => "The connection to the server dropped",
            ErrorCode::FolderNotFound => "No such folder",
            ErrorCode::FolderExists => "A folder by that name already exists",
            ErrorCode::FolderNotEmpty => "The folder is not empty",
            ErrorCode::FolderProtected => "The inbox and special folders cannot be changed",
            ErrorCode::FolderNameEmpty => "The folder name is empty",
            ErrorCode::FolderNameHasDelimiter => {
                "The folder name holds the server's hierarchy delimiter"
            }
            ErrorCode::FolderNameDots => "The folder name starts with a dot or holds ..",
            ErrorCode::FolderNameForbiddenCharacter => {
                "The folder name holds control characters, * or %"
            }
            ErrorCode::FolderNameTooLong => "The folder name is too long",
            ErrorCode::FolderNameReserved => "The folder name is the inbox's or a special folder's",
            ErrorCode::FolderNameRefused => "The mail server refused the folder name",
            ErrorCode::SettingsConflict => "The settings were changed on another device",
            ErrorCode::SettingsTooLarge => "The settings are too large to store",
            ErrorCode::SieveUnavailable => "The server offers no ManageSieve service",
            ErrorCode::SieveScriptInvalid => "The server refused the Sieve script",
            ErrorCode::MessageNotFound => "No such message",
            ErrorCode::AttachmentNotFound => "No such attachment",
            ErrorCode::NotSignedIn => "Not signed in",
            ErrorCode::SessionExpired => "The session has expired",
            ErrorCode::DuplicateSessionCookie => "The session cookie was sent more than once",
            ErrorCode::SessionStoreUnavailable => "The store of signed-out sessions is unreachable",
            ErrorCode::CsrfRejected => "Cross-site request rejected",
            ErrorCode::RateLimited => "Too many attempts",
            ErrorCode::AttachmentTooLarge => "The file is larger than the limit",
            ErrorCode::UploadQuotaExceeded => "The uploads pass the quota",
            ErrorCode::UploadNotFound => "No such uploaded file",
            ErrorCode::MessageTooLarge => "The server refused the message for its size",
            ErrorCode::MessageTooLargeToOpen => "The message is larger than the bridge opens",
            ErrorCode::ServerResponseTooLarge => {
                "The mail server sent more in one answer than the bridge accepts"
            }
            ErrorCode::RecipientRefused => "The server refused a recipient",
            ErrorCode::SendFailed => "The server refused the message",
            ErrorCode::SendOutcomeUnknown => {
                "The connection dropped after the message was sent; the server may have it"
            }
            ErrorCode::RequestTooLarge => "The request body is too large",
            ErrorCode::ChangeOutcomeUnknown => {
                "The connection dropped during the change; the server may have made it"
            }
            ErrorCode::InvalidInput => "Invalid request",
            ErrorCode::Internal => "Internal error",
            ErrorCode::MailServerBusy => "The mail server is turning connections away",
            ErrorCode::InvalidSearch => "The search text is no valid query",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            Error::InvalidInput(text)
            | Error::HostNotFound(text)
            | Error::HostUnreachable(text)
            | Error::HostNotAllowed(text)
            | Error::TlsFailure(text)
            | Error::Timeout(text)
            | Error::Protocol(text)
            | Error::ServerRefused(text)
            | Error::ConnectionLost(text)
            | Error::FolderNotFound(text)
            | Error::FolderExists(text)
            | Error::FolderProtected(text)
            | Error::FolderNameRefused(text)
            | Error::SettingsTooLarge(text)
            | Error::SieveUnavailable(text)
            | Error::SieveScriptInvalid(text)
            | Error::MessageTooLarge(text)
            | Error::RecipientRefused(text)
            | Error::SendFailed(text)
            | Error::SendOutcomeUnknown(text)
            | Error::ChangeOutcomeUnknown(text)
            | Error::ServerBusy(text)
            | Error::FolderNotEmpty { detail: text, .. } => Some(text.clone()),
            Error::SettingsConflict(_) => {
                Some("another device saved the settings since they were loaded".to_owned())
            }
            Error::BadCredentials(text) => text.clone(),
            Error::CsrfRejected(text) => Some((*text).to_owned()),
            Error::UnknownRoute => Some("no such API route".to_owned()),
            Error::AttachmentTooLarge { limit }
            | Error::RequestTooLarge { limit }
            | Error::MessageTooLargeToOpen { limit }
            | Error::ServerResponseTooLarge { limit } => {
                Some(format!("the limit is {limit} bytes"))
            }
            Error::RequestTimeout => Some("the request took too long to arrive".to_owned()),
            Error::UploadQuotaExceeded { limit } => {
                Some(format!("pending uploads may total {limit} bytes"))
            }
            Error::NotSent { cause, .. } => cause.detail(),
            Error::RateLimited { retry_after_secs } => {
                Some(format!("try again in {retry_after_secs} s"))
            }
            // Internal details stay in the log; a search error is typed (`search_error`).
            Error::Internal { .. }
            | Error::InvalidSearch(_)
            | Error::FolderName(_)
            | Error::PlainNotAllowed
            | Error::WrongProtocol { .. }
            | Error::MessageNotFound
            | Error::AttachmentNotFound
            | Error::UploadNotFound
            | Error::NotSignedIn
            | Error::SessionExpired
            | Error::DuplicateSessionCookie
            // The store's own words may name its address: they go to the log only.
            | Error::SessionStoreUnavailable(_) => None,
        }
    }

    /// The problem document for this error.
    pub fn problem(&self) -> Problem {
        let code = self.code();
        let code_text = serde_json::to_value(code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "internal".to_owned());
        Problem {
            kind: format!("urn:facteur:problem:{code_text}"),
            title: self.title().to_owned(),
            status: self.status().as_u16(),
            detail: self.detail(),
            code,
            message_count: match self {
                Error::FolderNotEmpty { messages, .. } => Some(*messages),
                _ => None,
            },
            current_settings: match self {
                Error::SettingsConflict(current) => Some((**current).clone()),
                _ => None,
            },
            limit_bytes: match self {
                Error::AttachmentTooLarge { limit }
                | Error::UploadQuotaExceeded { limit }
                | Error::RequestTooLarge { limit }
                | Error::MessageTooLargeToOpen { limit }
                | Error::ServerResponseTooLarge { limit } => Some(*limit),
                _ => None,
            },
            saved_draft: match self {
                Error::NotSent { saved_draft, .. } => saved_draft.clone(),
                _ => None,
            },
            search_error: match self {
                Error::InvalidSearch(error) => Some(error.clone()),
                _ => None,
            },
        }
    }
}

impl From<FolderNameProblem> for Error {
    fn from(problem: FolderNameProblem) -> Self {
        Error::FolderName(problem)
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        if let Error::Internal { context, source } = &self {
            let source = source.as_ref().map(|source| source.to_string());
            tracing::error!(context, ?source, "internal error");
        } else if let Error::SessionStoreUnavailable(text) = &self {
            tracing::warn!(error = %text, "session store unreachable");
        } else {
            tracing::debug!(error = %self, "request failed");
        }
        let status = self.status();
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        if let Error::RateLimited { retry_after_secs } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_carry_the_code_in_type_and_code() {
        let problem = Error::TlsFailure("certificate expired".into()).problem();
        assert_eq!(problem.kind, "urn:facteur:problem:tls_failure");
        assert_eq!(problem.code, ErrorCode::TlsFailure);
        assert_eq!(problem.status, 502);
        assert_eq!(problem.detail.as_deref(), Some("certificate expired"));
    }

    #[test]
    fn rate_limited_answers_retry_after() {
        let response = Error::RateLimited {
            retry_after_secs: 7,
        }
        .into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "7");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
    }

    #[test]
    fn extension_members_carry_what_the_ui_acts_on() {
        let problem = Error::FolderNotEmpty {
            detail: "Projets holds 3 messages".into(),
            messages: 3,
        }
        .problem();
        assert_eq!((problem.status, problem.message_count), (409, Some(3)));
        let current = SettingsDocument {
            settings: serde_json::json!({"rules": []}),
            revision: "abc".into(),
            storage: facteur_model::settings::SettingsStorage::Metadata,
        };
        let problem = Error::SettingsConflict(Box::new(current.clone())).problem();
        assert_eq!(problem.code, ErrorCode::SettingsConflict);
        assert_eq!(problem.current_settings, Some(current));
    }

    #[test]
    fn internal_details_are_not_sent() {
        let error = Error::internal(
            "reading the message file",
            std::io::Error::other("secret path /etc/x"),
        );
        // Kept for the log, as the error's source...
        let source = std::error::Error::source(&error).map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("secret path /etc/x"));
        // ...never sent.
        let problem = error.problem();
        assert_eq!(problem.detail, None);
        assert_eq!(problem.code, ErrorCode::Internal);
        assert_eq!(
            Error::invariant("a broken invariant").problem().detail,
            None
        );
    }
}
