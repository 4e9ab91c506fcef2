//! Typed client of the bridge's JSON API: one async function per route.
//!
//! Every request carries `X-Facteur-Request: 1` (the bridge's CSRF check) and sends
//! cookies only to our own origin. Failures come back as [`ApiError`].

pub mod routes;

use facteur_model::api::{FlagChange, FolderList, LoginRequest, MessagePage, SessionInfo};
use facteur_model::message::MessageDetail;
use facteur_model::problem::{ErrorCode, Problem};
use facteur_model::{FolderPath, Uid};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use web_sys::RequestCredentials;

pub use routes::ImagePolicy;

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
    let builder = prepare(Request::post(&routes::session()));
    let request = builder
        .json(request)
        .map_err(|_| ApiError::UnexpectedResponse { status: 0 })?;
    read_json(request.send().await).await
}

/// `GET /api/session`: the signed-in account, or `NotSignedIn`.
pub async fn current_session() -> Result<SessionInfo, ApiError> {
    read_json(prepare(Request::get(&routes::session())).send().await).await
}

/// `DELETE /api/session`: signs out.
pub async fn sign_out() -> Result<(), ApiError> {
    read_empty(prepare(Request::delete(&routes::session())).send().await).await
}

/// `GET /api/folders`
pub async fn folders() -> Result<FolderList, ApiError> {
    read_json(prepare(Request::get(&routes::folders())).send().await).await
}

/// `GET /api/folders/{folder}/messages`: one page, newest first, older than `before`.
pub async fn messages(folder: &FolderPath, before: Option<Uid>) -> Result<MessagePage, ApiError> {
    let url = routes::messages(folder, before, PAGE_SIZE);
    read_json(prepare(Request::get(&url)).send().await).await
}

/// `GET /api/folders/{folder}/messages/{uid}`
pub async fn message(folder: &FolderPath, uid: Uid) -> Result<MessageDetail, ApiError> {
    read_json(
        prepare(Request::get(&routes::message(folder, uid)))
            .send()
            .await,
    )
    .await
}

/// `POST /api/folders/{folder}/flags`
pub async fn set_flags(folder: &FolderPath, change: &FlagChange) -> Result<(), ApiError> {
    let request = prepare(Request::post(&routes::flags(folder)))
        .json(change)
        .map_err(|_| ApiError::UnexpectedResponse { status: 0 })?;
    read_empty(request.send().await).await
}

fn prepare(builder: RequestBuilder) -> RequestBuilder {
    builder
        .header("X-Facteur-Request", "1")
        .header("Accept", "application/json")
        .credentials(RequestCredentials::SameOrigin)
}

async fn read_json<T: DeserializeOwned>(
    sent: Result<Response, gloo_net::Error>,
) -> Result<T, ApiError> {
    let response = checked(sent).await?;
    let status = response.status();
    response
        .json::<T>()
        .await
        .map_err(|_| ApiError::UnexpectedResponse { status })
}

async fn read_empty(sent: Result<Response, gloo_net::Error>) -> Result<(), ApiError> {
    checked(sent).await.map(|_| ())
}

/// Passes successful responses through and turns the others into [`ApiError`].
async fn checked(sent: Result<Response, gloo_net::Error>) -> Result<Response, ApiError> {
    let response = sent.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    match response.json::<Problem>().await {
        Ok(problem) => Err(ApiError::Bridge {
            code: problem.code,
            detail: problem.detail.filter(|d| !d.trim().is_empty()),
        }),
        Err(_) => Err(ApiError::UnexpectedResponse { status }),
    }
}
