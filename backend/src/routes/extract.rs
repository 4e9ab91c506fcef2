//! Request extractors whose rejections are problem+json `invalid_input`, saying which
//! field is wrong but never echoing values (a mistyped password must not come back).

use crate::error::Error;
use crate::security::slow_clients::{MAX_JSON_BYTES, is_body_deadline};
use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use facteur_model::{FolderPath, Uid};
use serde::de::DeserializeOwned;

/// A JSON body.
pub struct ApiJson<T>(pub T);

/// Path parameters.
pub struct ApiPath<T>(pub T);

/// Query parameters.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Error;

    async fn from_request(request: Request, state: &S) -> Result<Self, Error> {
        Json::<T>::from_request(request, state)
            .await
            .map(|Json(value)| ApiJson(value))
            .map_err(|rejection: JsonRejection| json_rejection(&rejection))
    }
}

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(value)| ApiPath(value))
            .map_err(|rejection: PathRejection| invalid(&rejection.body_text()))
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| ApiQuery(value))
            .map_err(|rejection: QueryRejection| invalid(&rejection.body_text()))
    }
}

/// The message a route's path names (`{folder}/messages/{uid}`), checked before any
/// IMAP: a valid folder path and a UID above 0 (UID 0 never exists: `message_not_found`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageAddress {
    pub folder: FolderPath,
    pub uid: Uid,
}

/// Checks a folder and UID taken from a path.
pub fn message_address(folder: String, uid: u32) -> Result<MessageAddress, Error> {
    let folder = folder_path(folder)?;
    if uid == 0 {
        return Err(Error::MessageNotFound);
    }
    Ok(MessageAddress {
        folder,
        uid: Uid(uid),
    })
}

impl<S: Send + Sync> FromRequestParts<S> for MessageAddress {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Error> {
        let ApiPath((folder, uid)) =
            ApiPath::<(String, u32)>::from_request_parts(parts, state).await?;
        message_address(folder, uid)
    }
}

/// A folder path from the URL (already percent-decoded by the router).
pub fn folder_path(raw: String) -> Result<FolderPath, Error> {
    if raw.is_empty() || raw.len() > 1000 || raw.chars().any(|c| c.is_control()) {
        return Err(Error::InvalidInput(
            "folder: 1 to 1000 characters, no control characters".into(),
        ));
    }
    Ok(FolderPath(raw))
}

/// A body over the limit (refused while it arrived, before any parsing) or too slow to
/// arrive gets its own error; anything else is `invalid_input`.
fn json_rejection(rejection: &JsonRejection) -> Error {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return Error::RequestTooLarge {
            limit: MAX_JSON_BYTES as u64,
        };
    }
    if is_body_deadline(rejection) {
        return Error::RequestTimeout;
    }
    invalid(&rejection.body_text())
}

/// `invalid_input` with serde's message, values quoted in backticks removed.
fn invalid(text: &str) -> Error {
    Error::InvalidInput(redact_values(text))
}

/// serde quotes offending non-string values in backticks: drop them.
pub fn redact_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        if c == '`' {
            if !inside {
                out.push_str("`…`");
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_backticks_are_removed() {
        assert_eq!(
            redact_values("password: invalid type: integer `123456`, expected a string"),
            "password: invalid type: integer `…`, expected a string"
        );
        assert_eq!(
            redact_values("email: the address is empty"),
            "email: the address is empty"
        );
    }

    #[test]
    fn a_message_address_needs_a_folder_and_a_uid_above_zero() {
        assert_eq!(
            message_address("INBOX".into(), 7).unwrap(),
            MessageAddress {
                folder: FolderPath("INBOX".into()),
                uid: Uid(7)
            }
        );
        assert!(matches!(
            message_address("INBOX".into(), 0),
            Err(Error::MessageNotFound)
        ));
        assert!(matches!(
            message_address(String::new(), 7),
            Err(Error::InvalidInput(_))
        ));
    }
}
