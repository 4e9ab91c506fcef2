//! The signed-in account as an axum extractor: `401 not_signed_in` without a cookie,
//! `401 session_expired` for a forged, foreign, expired or signed-out one, `400
//! duplicate_session_cookie` for two cookies, `503 session_store_unavailable` when the
//! shared list of signed-out sessions cannot be read.

use super::account::Account;
use super::cookie::{cookie_name, open_account, read_cookie};
use crate::error::Error;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

impl FromRequestParts<AppState> for Account {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        let name = cookie_name(state.config.session.cookie_secure);
        let sealed = read_cookie(&parts.headers, name)?.ok_or(Error::NotSignedIn)?;
        let now = unix_now();
        let account = open_account(&state.key, sealed, now)?;
        if state.revocations.is_revoked(account.id, now).await? {
            // Signed out on another instance: its live connection here goes too.
            state.pool.remove(&account.id);
            return Err(Error::SessionExpired);
        }
        Ok(account)
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
