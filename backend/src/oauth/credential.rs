//! What an OAuth session carries and what the bridge keeps for it.
//!
//! The cookie holds only the provider's id and the refresh token (sealed like the
//! password of a password session): access tokens are short-lived and, at Microsoft, JWTs
//! of one to two kilobytes that would push the cookie past the browsers' 4 KB. They live
//! in [`AccessTokens`], a per-instance cache like the IMAP connections: an instance that
//! has none (a restart, another instance behind the load balancer) refreshes.

use super::client::OAuthHttp;
use super::config::OAuthProviders;
use super::exchange::{OAuthFailure, refresh};
use super::token::{Grant, TokenText, TokenTimes};
use crate::session::SessionId;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// The grant sealed into an OAuth session's cookie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthCredential {
    /// The configured provider's id.
    pub provider: String,
    pub refresh_token: TokenText,
}

#[derive(Debug, Clone)]
struct Cached {
    access_token: TokenText,
    times: TokenTimes,
    /// The newest refresh token (providers that rotate them hand out a new one).
    refresh_token: TokenText,
}

/// Access tokens by session, refreshed before they lapse.
#[derive(Debug, Default)]
pub struct AccessTokens(Mutex<HashMap<SessionId, Cached>>);

/// Entries whose access token lapsed this long ago are dropped when another is stored.
const STALE_AFTER_SECS: i64 = 3600;

impl AccessTokens {
    /// Keeps a new grant for `session` (at sign-in, or after a refresh).
    pub fn remember(&self, session: SessionId, grant: &Grant, refresh_token: &TokenText) {
        let now = grant.times.obtained_at;
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.retain(|_, cached| cached.times.expires_at + STALE_AFTER_SECS > now);
        map.insert(
            session,
            Cached {
                access_token: grant.access_token.clone(),
                times: grant.times,
                refresh_token: grant
                    .refresh_token
                    .clone()
                    .unwrap_or_else(|| refresh_token.clone()),
            },
        );
    }

    /// The access token to use for `session` at `now`: the cached one until its refresh
    /// is due, else a new one from the provider.
    pub async fn current(
        &self,
        http: &OAuthHttp,
        providers: &OAuthProviders,
        session: SessionId,
        credential: &OAuthCredential,
        now: i64,
    ) -> Result<TokenText, OAuthFailure> {
        let cached = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&session)
            .cloned();
        if let Some(cached) = &cached
            && !cached.times.refresh_due(now)
        {
            return Ok(cached.access_token.clone());
        }
        // A provider removed from the configuration ends its sessions.
        let provider = providers
            .by_id(&credential.provider)
            .ok_or(OAuthFailure::TokenRevoked)?;
        let refresh_token = cached
            .map(|cached| cached.refresh_token)
            .unwrap_or_else(|| credential.refresh_token.clone());
        let grant = refresh(http, provider, &refresh_token, now).await?;
        self.remember(session, &grant, &refresh_token);
        Ok(grant.access_token)
    }

    /// Forgets `session` (sign-out) and gives its newest refresh token, to revoke.
    pub fn forget(&self, session: SessionId, credential: &OAuthCredential) -> TokenText {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&session)
            .map(|cached| cached.refresh_token)
            .unwrap_or_else(|| credential.refresh_token.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Account;
    use crate::session::account::tests_support::sample;
    use crate::session::cookie::{seal_account, set_cookie};
    use crate::session::keys::SessionKeys;
    use crate::session::seal::SealKey;
    use facteur_model::api::{Security, ServerEndpoint};

    /// The largest `Set-Cookie` value browsers keep: 4096 bytes for name, value and
    /// attributes together (RFC 6265 §6.1's minimum, which Chromium and Firefox apply).
    const BROWSER_COOKIE_LIMIT: usize = 4096;

    /// A Microsoft session with long fields and a 2 KiB refresh token (Microsoft's are
    /// opaque and reported around 1–1.5 KB) fits in one cookie, with room to spare.
    #[test]
    fn an_oauth_session_cookie_stays_under_the_browsers_4_kb() {
        let keys = SessionKeys::new(SealKey::random().unwrap(), Vec::new());
        let email = format!("{}@outlook.com", "a".repeat(64));
        let account = Account {
            email: facteur_model::EmailAddress::parse(&email).unwrap(),
            username: email.clone(),
            password: "".into(),
            imap: ServerEndpoint {
                host: "outlook.office365.com".into(),
                port: 993,
                security: Security::Tls,
            },
            smtp: ServerEndpoint {
                host: "smtp.office365.com".into(),
                port: 587,
                security: Security::StartTls,
            },
            oauth: Some(OAuthCredential {
                provider: "microsoft".into(),
                refresh_token: TokenText::from("M.C5.".repeat(410).as_str()),
            }),
            ..sample()
        };
        let sealed = seal_account(&keys, &account).unwrap();
        let header = set_cookie(&sealed, true, 12 * 3600).unwrap();
        let size = header.len();
        assert!(
            size < BROWSER_COOKIE_LIMIT,
            "{size} bytes: over the browsers' limit"
        );
        // Measured: 3,482 bytes with these fields (2026-12-07).
        assert!(size > 2048 * 4 / 3, "{size}: the token was not sealed in");
        // A password session's cookie does not grow.
        let password_only = seal_account(&keys, &sample()).unwrap();
        assert!(
            !String::from_utf8_lossy(&serde_json::to_vec(&sample()).unwrap()).contains("oauth")
        );
        assert!(password_only.len() < 1024);
    }
}
