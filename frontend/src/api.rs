//! Typed client of the bridge's JSON API: one async function per route.
//!
//! Every request carries `X-Facteur-Request: 1` (the bridge's CSRF check) and sends
//! cookies only to our own origin. Failures come back as [`ApiError`].

pub mod compose;
pub mod delivery;
pub mod search;
pub mod setup;
pub mod stores;

use facteur_model::api::{
    FlagChange, FolderList, LoginRequest, MessagePage, SessionInfo, SessionStatus,
};
use facteur_model::compose::DraftSaved;
use facteur_model::folder_ops::{
    CreateFolder, FolderChanged, FolderDeleted, MessageHeaders, MessageText, NonEmptyFolder,
    RenameFolder, Subscription, TransferRequest, TransferResult,
};
use facteur_model::message::MessageDetail;
use facteur_model::problem::{ErrorCode, Problem};
use facteur_model::settings::{SaveSettings, SettingsDocument, SettingsSaved};
use facteur_model::sieve::{InstallSieve, SieveInstalled, SieveStatus};
use facteur_model::{FolderPath, Uid};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;
use web_sys::RequestCredentials;

pub use facteur_model::message::ImagePolicy;
pub use facteur_model::routes::{self, TransferKind};
use facteur_model::routes::{Call, Method};

/// A future of a call made through a seam ([`compose::ComposeApi`],
/// [`stores::MailboxApi`], [`stores::SettingsApi`]), run on the browser's single thread.
pub type Pending<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// The real bridge behind the seams (component tests answer them with fakes).
#[derive(Debug, Clone, Copy, Default)]
pub struct Bridge;

/// Messages fetched per page of the list.
pub const PAGE_SIZE: u32 = 50;

/// Why an API call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The bridge answered with a problem document.
    Bridge {
        code: ErrorCode,
        /// The server's own words, e.g. an IMAP `NO` text.
        detail: Option<String>,
        /// `folder_not_empty`: how many messages the folder holds.
        message_count: Option<u32>,
        /// `settings_conflict`: the version another device saved.
        current_settings: Option<Box<SettingsDocument>>,
        /// `attachment_too_large`: the limit, in bytes.
        limit_bytes: Option<u64>,
        /// A failed send: where the message was kept.
        saved_draft: Option<DraftSaved>,
    },
    /// The request never got an answer (offline, bridge down).
    Network,
    /// The bridge answered something we cannot read.
    UnexpectedResponse { status: u16 },
}

impl ApiError {
    /// The bridge's error code, if it sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Bridge { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The server's own explanation, if any.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ApiError::Bridge { detail, .. } => detail.as_deref(),
            _ => None,
        }
    }

    /// A problem answer without extension members (tests and local checks).
    pub fn bridge(code: ErrorCode, detail: Option<String>) -> ApiError {
        ApiError::Bridge {
            code,
            detail,
            message_count: None,
            current_settings: None,
            limit_bytes: None,
            saved_draft: None,
        }
    }

    /// Whether the user must sign in again.
    pub fn ends_session(&self) -> bool {
        matches!(
            self.code(),
            Some(ErrorCode::NotSignedIn | ErrorCode::SessionExpired)
        )
    }
}

/// `POST /api/session`: signs in and sets the session cookie.
pub async fn sign_in(request: &LoginRequest) -> Result<SessionInfo, ApiError> {
    send_json(routes::sign_in(), request).await
}

/// `GET /api/session`: signed in with the account, or signed out.
pub async fn current_session() -> Result<SessionStatus, ApiError> {
    read_json(request(routes::current_session()).send().await).await
}

/// `DELETE /api/session`: signs out.
pub async fn sign_out() -> Result<(), ApiError> {
    read_empty(request(routes::sign_out()).send().await).await
}

/// `GET /api/folders`
pub async fn folders() -> Result<FolderList, ApiError> {
    read_json(request(routes::list_folders()).send().await).await
}

/// `GET /api/folders/{folder}/messages`: one page, newest first, older than `before`.
pub async fn messages(folder: &FolderPath, before: Option<Uid>) -> Result<MessagePage, ApiError> {
    messages_page(folder, before, PAGE_SIZE).await
}

/// `GET /api/folders/{folder}/messages?before=&limit=`: a page of any size (the bridge
/// clamps it to [`facteur_model::api::MAX_PAGE_SIZE`]).
pub async fn messages_page(
    folder: &FolderPath,
    before: Option<Uid>,
    limit: u32,
) -> Result<MessagePage, ApiError> {
    read_json(
        request(routes::messages(folder, before, limit))
            .send()
            .await,
    )
    .await
}

/// `GET /api/folders/{folder}/messages?after=&limit=`: the messages above `after`,
/// oldest first.
pub async fn messages_after(
    folder: &FolderPath,
    after: Uid,
    limit: u32,
) -> Result<MessagePage, ApiError> {
    read_json(
        request(routes::messages_after(folder, after, limit))
            .send()
            .await,
    )
    .await
}

/// `GET /api/folders/{folder}/messages/{uid}/text`: the plain text, for body conditions.
pub async fn message_text(folder: &FolderPath, uid: Uid) -> Result<MessageText, ApiError> {
    read_json(request(routes::message_text(folder, uid)).send().await).await
}

/// `GET /api/folders/{folder}/messages/{uid}/headers`: every header field, for header
/// conditions.
pub async fn message_headers(folder: &FolderPath, uid: Uid) -> Result<MessageHeaders, ApiError> {
    read_json(request(routes::message_headers(folder, uid)).send().await).await
}

/// `POST /api/folders`: creates (and subscribes) a folder.
pub async fn create_folder(request: &CreateFolder) -> Result<FolderChanged, ApiError> {
    send_json(routes::create_folder(), request).await
}

/// `POST /api/folders/{folder}/rename`
pub async fn rename_folder(
    folder: &FolderPath,
    request: &RenameFolder,
) -> Result<FolderChanged, ApiError> {
    send_json(routes::rename_folder(folder), request).await
}

/// `DELETE /api/folders/{folder}?messages=`: `Refuse` answers `folder_not_empty` (with
/// the count) when messages remain; the others need the user's explicit choice.
pub async fn delete_folder(
    folder: &FolderPath,
    messages: NonEmptyFolder,
) -> Result<FolderDeleted, ApiError> {
    read_json(
        request(routes::delete_folder(folder, messages))
            .send()
            .await,
    )
    .await
}

/// `POST /api/folders/{folder}/subscription`
pub async fn set_subscription(folder: &FolderPath, subscribed: bool) -> Result<(), ApiError> {
    send_empty(routes::subscription(folder), &Subscription { subscribed }).await
}

/// `POST /api/folders/{folder}/move` or `/copy`
pub async fn transfer(
    folder: &FolderPath,
    kind: TransferKind,
    request: &TransferRequest,
) -> Result<TransferResult, ApiError> {
    send_json(routes::transfer(folder, kind), request).await
}

/// `GET /api/settings`
pub async fn settings() -> Result<SettingsDocument, ApiError> {
    read_json(request(routes::get_settings()).send().await).await
}

/// `PUT /api/settings`: `settings_conflict` carries the other device's version.
pub async fn save_settings(request: &SaveSettings) -> Result<SettingsSaved, ApiError> {
    send_json(routes::put_settings(), request).await
}

/// `GET /api/sieve?port=`: whether the server offers ManageSieve.
pub async fn sieve_status(port: Option<u16>) -> Result<SieveStatus, ApiError> {
    read_json(request(routes::sieve_status(port)).send().await).await
}

/// `PUT /api/sieve`: installs and activates the script.
pub async fn install_sieve(request: &InstallSieve) -> Result<SieveInstalled, ApiError> {
    send_json(routes::install_sieve(), request).await
}

/// `GET /api/folders/{folder}/messages/{uid}`
pub async fn message(folder: &FolderPath, uid: Uid) -> Result<MessageDetail, ApiError> {
    read_json(request(routes::message(folder, uid)).send().await).await
}

/// `POST /api/folders/{folder}/flags`
pub async fn set_flags(folder: &FolderPath, change: &FlagChange) -> Result<(), ApiError> {
    send_empty(routes::flags(folder), change).await
}

async fn send_json<B: serde::Serialize, T: DeserializeOwned>(
    call: Call,
    body: &B,
) -> Result<T, ApiError> {
    let request = request(call)
        .json(body)
        .map_err(|_| ApiError::UnexpectedResponse { status: 0 })?;
    read_json(request.send().await).await
}

/// [`send_json`] for routes that answer 204.
async fn send_empty<B: serde::Serialize>(call: Call, body: &B) -> Result<(), ApiError> {
    let request = request(call)
        .json(body)
        .map_err(|_| ApiError::UnexpectedResponse { status: 0 })?;
    read_empty(request.send().await).await
}

/// A request for `call` (the route's own method and URL), with the CSRF header and the
/// cookie policy every call needs.
fn request(call: Call) -> RequestBuilder {
    let builder = match call.method {
        Method::Get => Request::get(&call.url),
        Method::Post => Request::post(&call.url),
        Method::Put => Request::put(&call.url),
        Method::Delete => Request::delete(&call.url),
    };
    builder
        .header("X-Facteur-Request", "1")
        .header("Accept", "application/json")
        .credentials(RequestCredentials::SameOrigin)
}

async fn read_json<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    // Only the parse depends on `T`: the waiting (status check, body text) is one
    // non-generic future shared by every route, not one copy per response type.
    let (status, body) = read_text(sent).await?;
    serde_json::from_str(&body).map_err(|_| ApiError::UnexpectedResponse { status })
}

/// A successful response's status and body text (what `Response::json` parses).
async fn read_text(sent: Result<Response, gloo_net::Error>) -> Result<(u16, String), ApiError> {
    let response = checked(sent).await?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|_| ApiError::UnexpectedResponse { status })?;
    Ok((status, body))
}

async fn read_empty(sent: Result<Response, gloo_net::Error>) -> Result<(), ApiError> {
    checked(sent).await.map(|_| ())
}

impl From<Problem> for ApiError {
    /// The bridge's problem document, an empty `detail` dropped.
    fn from(problem: Problem) -> ApiError {
        ApiError::Bridge {
            code: problem.code,
            detail: problem.detail.filter(|d| !d.trim().is_empty()),
            message_count: problem.message_count,
            current_settings: problem.current_settings.map(Box::new),
            limit_bytes: problem.limit_bytes,
            saved_draft: problem.saved_draft,
        }
    }
}

/// Passes successful responses through and turns the others into [`ApiError`].
async fn checked(sent: Result<Response, gloo_net::Error>) -> Result<Response, ApiError> {
    let response = sent.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => Err(ApiError::from(problem)),
        Err(_) => Err(ApiError::UnexpectedResponse { status }),
    }
}
