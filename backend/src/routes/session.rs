//! `/api/session`: sign in (credentials checked against the IMAP server right away),
//! who am I, sign out.

use super::client::ClientIp;
use super::extract::ApiJson;
use crate::error::{Error, Result};
use crate::session::cookie::{
    clear_cookie, cookie_name, cookie_values, open_account, seal_account, set_cookie,
};
use crate::session::extract::unix_now;
use crate::session::{Account, SessionId};
use crate::smtp::probe::probe_smtp;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use facteur_model::api::{LoginRequest, SessionStatus, SignedOutReason};

/// `POST /api/session`.
pub async fn sign_in(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    ApiJson(request): ApiJson<LoginRequest>,
) -> Result<Response> {
    let username = login_name(&request)?;
    // Counted by the name the server will see: `email` is free text the server never reads.
    state.limiter.check(client, &username)?;
    // Both endpoints against the policy first: nothing is opened for a forbidden one.
    let policy = &state.connector.policy;
    policy.resolve(&request.imap).await?;
    policy.resolve(&request.smtp).await.map_err(for_smtp)?;
    let session = state
        .connector
        .open(&request.imap, &username, &request.password)
        .await?;
    probe_smtp(&state.connector, &request.smtp)
        .await
        .map_err(|error| for_smtp(error.into()))?;
    let now = unix_now();
    let lifetime = state.config.session.lifetime_hours.saturating_mul(3600);
    let account = Account {
        id: SessionId::random().map_err(|e| Error::internal("randomness", e.to_string()))?,
        email: request.email,
        username,
        password: request.password,
        imap: request.imap,
        smtp: request.smtp,
        issued_at: now,
        expires_at: now.saturating_add(i64::try_from(lifetime).unwrap_or(i64::MAX)),
        oauth: None,
    };
    state.pool.insert(account.id, session);
    tracing::info!(session = ?account.id, email = %account.email, "signed in");
    let sealed = seal_account(&state.key, &account)?;
    let cookie = set_cookie(&sealed, state.config.session.cookie_secure, lifetime)?;
    Ok((
        [
            (header::SET_COOKIE, cookie),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Json(account.info()),
    )
        .into_response())
}

/// `GET /api/session`: signed in or signed out, both as `200`, so that the app's probe at
/// start-up is not a failed request. It tells a caller no more than the `401` of any other
/// route would (whether its own cookie is live); a duplicate cookie (`400`) and an
/// unreadable list of signed-out sessions (`503`) stay errors.
pub async fn current(account: std::result::Result<Account, Error>) -> Result<Json<SessionStatus>> {
    let status = match account {
        Ok(account) => SessionStatus::SignedIn(account.info()),
        Err(Error::NotSignedIn) => SessionStatus::SignedOut {
            reason: SignedOutReason::NoSession,
        },
        Err(Error::SessionExpired) => SessionStatus::SignedOut {
            reason: SignedOutReason::Expired,
        },
        Err(other) => return Err(other),
    };
    Ok(Json(status))
}

/// What sign-out asks the browser to forget besides the cookie: cached responses and the
/// page's storage. Not `"cookies"`: browsers apply it to the whole registrable domain, so
/// it would sign the user out of every other site under the same parent domain; the
/// session cookie is removed by its own `Set-Cookie`.
pub const CLEAR_SITE_DATA: &str = "\"cache\", \"storage\"";

/// `DELETE /api/session`: records the session as signed out (for every instance), drops
/// its live connection and clears the cookie. Every session cookie the request carries is
/// signed out, so a duplicate cannot keep one alive. When the shared store cannot record
/// it, the answer is `503 session_store_unavailable` (the browser still forgets the
/// cookie, but the user learns that copies of it may still work).
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let secure = state.config.session.cookie_secure;
    let now = unix_now();
    let mut recorded = Ok(());
    for sealed in cookie_values(&headers, cookie_name(secure)) {
        let Ok(account) = open_account(&state.key, sealed, now) else {
            continue;
        };
        state.pool.remove(&account.id);
        state.uploads.remove_session(&account);
        match state
            .revocations
            .revoke(account.id, account.expires_at, now)
            .await
        {
            Ok(()) => tracing::info!(session = ?account.id, "signed out"),
            Err(error) => recorded = Err(error),
        }
    }
    let forget = [
        (header::SET_COOKIE, clear_cookie(secure)),
        (
            HeaderName::from_static("clear-site-data"),
            HeaderValue::from_static(CLEAR_SITE_DATA),
        ),
    ];
    match recorded {
        Ok(()) => (StatusCode::NO_CONTENT, forget).into_response(),
        Err(error) => (forget, error).into_response(),
    }
}

/// Checks the typed fields and returns the login name to use.
fn login_name(request: &LoginRequest) -> Result<String> {
    let username = request.login_name().to_owned();
    if username.len() > 256 || username.chars().any(char::is_control) {
        return Err(Error::InvalidInput(
            "username: at most 256 characters, no control characters".into(),
        ));
    }
    if request.password.is_empty() {
        return Err(Error::InvalidInput("password: required".into()));
    }
    if request.password.len() > 1024 || request.password.contains(['\r', '\n', '\0']) {
        return Err(Error::InvalidInput(
            "password: at most 1024 bytes, no line breaks".into(),
        ));
    }
    for (field, endpoint) in [("imap", &request.imap), ("smtp", &request.smtp)] {
        if endpoint.port == 0 {
            return Err(Error::InvalidInput(format!("{field}.port: 1 to 65535")));
        }
        crate::security::outbound::normalize_host(&endpoint.host).map_err(|_| {
            Error::InvalidInput(format!("{field}.host: not a host name or address"))
        })?;
    }
    Ok(username)
}

/// Says that an error is about the SMTP server, not the IMAP one.
fn for_smtp(error: Error) -> Error {
    let about = |text: String| format!("SMTP server: {text}");
    match error {
        Error::HostNotFound(text) => Error::HostNotFound(about(text)),
        Error::HostNotAllowed(text) => Error::HostNotAllowed(about(text)),
        Error::HostUnreachable(text) => Error::HostUnreachable(about(text)),
        Error::TlsFailure(text) => Error::TlsFailure(about(text)),
        Error::Timeout(text) => Error::Timeout(about(text)),
        Error::Protocol(text) => Error::Protocol(about(text)),
        Error::ServerRefused(text) => Error::ServerRefused(about(text)),
        Error::ConnectionLost(text) => Error::ConnectionLost(about(text)),
        Error::InvalidInput(text) => Error::InvalidInput(format!("smtp.{text}")),
        other => other,
    }
}
