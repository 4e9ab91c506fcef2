//! The signed-in account as an axum extractor: `401 not_signed_in` without a cookie,
//! `401 session_expired` for a forged, foreign or expired one.

use super::account::Account;
use super::cookie::{open_account, read_cookie};
use crate::error::Error;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

impl FromRequestParts<AppState> for Account {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let sealed = read_cookie(&parts.headers).ok_or(Error::NotSignedIn)?;
        open_account(&state.key, sealed, unix_now())
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
