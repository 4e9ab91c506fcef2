//! The token requests as the sign-in flow makes them: the code exchange after consent,
//! the refresh before an access token lapses, the revocation at sign-out, each failure
//! told as an [`OAuthFailure`] the browser can translate.

use super::client::{Endpoint, HttpFailure, OAuthHttp};
use super::config::OAuthProvider;
use super::pkce::{CallbackRefusal, CodeVerifier};
use super::token::{
    Grant, TokenRefusal, TokenText, code_exchange_body, read_token_response, refresh_body,
    revocation_body,
};

/// Why an OAuth step failed, as the person is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OAuthFailure {
    /// Declined on the provider's consent page.
    ConsentRefused,
    /// Granted without the mail scopes.
    ScopeMissing,
    /// The authorization is expired or was withdrawn: sign in again.
    TokenRevoked,
    /// The callback is not this browser's (forged, replayed, or too old).
    StateMismatch,
    /// The operator's registration is refused by the provider (client id or secret).
    ClientRejected,
    /// The provider could not be reached or answered something else.
    ProviderUnavailable,
}

impl From<TokenRefusal> for OAuthFailure {
    fn from(refusal: TokenRefusal) -> Self {
        match refusal {
            TokenRefusal::Revoked => Self::TokenRevoked,
            TokenRefusal::ScopeMissing => Self::ScopeMissing,
            TokenRefusal::ClientRejected => Self::ClientRejected,
            TokenRefusal::Unavailable => Self::ProviderUnavailable,
        }
    }
}

impl From<CallbackRefusal> for OAuthFailure {
    fn from(refusal: CallbackRefusal) -> Self {
        match refusal {
            CallbackRefusal::ConsentRefused => Self::ConsentRefused,
            CallbackRefusal::ScopeMissing => Self::ScopeMissing,
            CallbackRefusal::StateMismatch | CallbackRefusal::Expired => Self::StateMismatch,
            CallbackRefusal::ProviderError => Self::ProviderUnavailable,
        }
    }
}

fn unavailable(provider: &OAuthProvider, failure: HttpFailure) -> OAuthFailure {
    // The detail is the operator's to read; the person is told the provider is unreachable.
    tracing::warn!(provider = %provider.id, %failure, "OAuth endpoint unreachable");
    OAuthFailure::ProviderUnavailable
}

/// Exchanges the authorization `code` (with its PKCE verifier) for tokens, at `now`.
pub async fn exchange_code(
    http: &OAuthHttp,
    provider: &OAuthProvider,
    code: &str,
    verifier: &CodeVerifier,
    now: i64,
) -> Result<Grant, OAuthFailure> {
    let body = code_exchange_body(provider, code, verifier);
    token_request(http, provider, body, now).await
}

/// One request to the token endpoint, its answer read.
async fn token_request(
    http: &OAuthHttp,
    provider: &OAuthProvider,
    body: String,
    now: i64,
) -> Result<Grant, OAuthFailure> {
    let answer = http
        .post_form(provider, Endpoint::Token, body)
        .await
        .map_err(|failure| unavailable(provider, failure))?;
    Ok(read_token_response(
        answer.status,
        &answer.body,
        &provider.scopes,
        now,
    )?)
}

/// A fresh access token for `refresh_token`, at `now`. The grant keeps `refresh_token`
/// when the provider does not rotate it.
pub async fn refresh(
    http: &OAuthHttp,
    provider: &OAuthProvider,
    refresh_token: &TokenText,
    now: i64,
) -> Result<Grant, OAuthFailure> {
    let body = refresh_body(provider, refresh_token);
    let mut grant = token_request(http, provider, body, now).await?;
    if grant.refresh_token.is_none() {
        grant.refresh_token = Some(refresh_token.clone());
    }
    Ok(grant)
}

/// What became of the authorization at sign-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revocation {
    /// The provider confirmed (RFC 7009: `200`, known token or not).
    Revoked,
    /// The provider has no revocation endpoint (Microsoft): the person withdraws access
    /// in their account's settings; the refresh token dies with the cookie.
    NotOffered,
}

/// Revokes `refresh_token` where the provider offers it.
pub async fn revoke(
    http: &OAuthHttp,
    provider: &OAuthProvider,
    refresh_token: &TokenText,
) -> Result<Revocation, OAuthFailure> {
    match http
        .post_form(
            provider,
            Endpoint::Revocation,
            revocation_body(provider, refresh_token),
        )
        .await
    {
        Ok(answer) if answer.status == 200 => Ok(Revocation::Revoked),
        Ok(_) => Err(OAuthFailure::ProviderUnavailable),
        Err(HttpFailure::NotOffered) => Ok(Revocation::NotOffered),
        Err(failure) => Err(unavailable(provider, failure)),
    }
}
