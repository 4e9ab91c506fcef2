//! Tokens, pure: the bodies of the token, refresh and revocation requests (RFC 6749 §4.1.3
//! and §6, RFC 7009), the reading of the token endpoint's answer into a grant or a typed
//! refusal, and when an access token is refreshed. The HTTP exchange is `client.rs`'s.

use super::config::OAuthProvider;
use super::pkce::CodeVerifier;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A secret string that never shows in `Debug` (access and refresh tokens).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TokenText(String);

impl TokenText {
    /// The token, for a SASL answer or a request body only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<&str> for TokenText {
    fn from(text: &str) -> Self {
        TokenText(text.to_owned())
    }
}

impl fmt::Debug for TokenText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes redacted>", self.0.len())
    }
}

/// What a token endpoint granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub access_token: TokenText,
    /// Absent on a refresh that keeps the old one (RFC 6749 §6).
    pub refresh_token: Option<TokenText>,
    /// When it was obtained and when it lapses, seconds since the epoch.
    pub times: TokenTimes,
}

/// An access token's life: when it was obtained and when it lapses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenTimes {
    pub obtained_at: i64,
    pub expires_at: i64,
}

/// Refresh at most this long before expiry (a minute covers a slow server and clock skew).
pub const REFRESH_MARGIN_SECS: i64 = 60;

/// Lifetime assumed when a provider does not say (`expires_in` is only RECOMMENDED).
pub const DEFAULT_LIFETIME_SECS: i64 = 3600;

impl TokenTimes {
    /// When to refresh: a minute before expiry, or at three quarters of a lifetime
    /// shorter than four minutes, so a short-lived token is still used at all.
    pub fn refresh_at(&self) -> i64 {
        let lifetime = (self.expires_at - self.obtained_at).max(0);
        self.expires_at - REFRESH_MARGIN_SECS.min(lifetime / 4)
    }

    /// Whether the access token should be refreshed before it is used at `now`.
    pub fn refresh_due(&self, now: i64) -> bool {
        now >= self.refresh_at()
    }
}

/// Why the token endpoint gave no grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    /// `invalid_grant`: the code or refresh token is expired, revoked or used.
    Revoked,
    /// The grant lacks a scope mail access needs.
    ScopeMissing,
    /// `invalid_client`, `unauthorized_client`: the operator's registration is wrong.
    ClientRejected,
    /// A 5xx, or an answer that is not a token response.
    Unavailable,
}

/// The form body exchanging an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.5).
pub fn code_exchange_body(provider: &OAuthProvider, code: &str, verifier: &CodeVerifier) -> String {
    form(
        provider,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", provider.redirect_url.as_str()),
            ("code_verifier", verifier.expose()),
        ],
    )
}

/// The form body refreshing an access token (RFC 6749 §6).
pub fn refresh_body(provider: &OAuthProvider, refresh_token: &TokenText) -> String {
    form(
        provider,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token.expose()),
        ],
    )
}

/// The form body revoking a refresh token (RFC 7009 §2.1).
pub fn revocation_body(provider: &OAuthProvider, refresh_token: &TokenText) -> String {
    form(
        provider,
        &[
            ("token", refresh_token.expose()),
            ("token_type_hint", "refresh_token"),
        ],
    )
}

/// A form body with the client's credentials in it (RFC 6749 §2.3.1 allows the body; it
/// is the one every provider takes).
fn form(provider: &OAuthProvider, pairs: &[(&str, &str)]) -> String {
    let mut body = url::form_urlencoded::Serializer::new(String::new());
    body.extend_pairs(pairs.iter().copied());
    body.append_pair("client_id", &provider.client_id);
    if let Some(secret) = &provider.client_secret {
        body.append_pair("client_secret", secret.expose());
    }
    body.finish()
}

/// Reads the token endpoint's answer (`status` and JSON `body`) at `now`.
/// `requested` are the scopes asked for: when the provider lists what it granted, each
/// one asked for (but `offline_access`, which is about the refresh token) must be there.
pub fn read_token_response(
    status: u16,
    body: &[u8],
    requested: &[String],
    now: i64,
) -> Result<Grant, TokenRefusal> {
    #[derive(Deserialize)]
    struct Answer {
        access_token: Option<String>,
        token_type: Option<String>,
        expires_in: Option<i64>,
        refresh_token: Option<String>,
        scope: Option<String>,
        error: Option<String>,
    }
    let answer: Answer = serde_json::from_slice(body).map_err(|_| TokenRefusal::Unavailable)?;
    if let Some(error) = answer.error.as_deref() {
        return Err(match error {
            "invalid_grant" => TokenRefusal::Revoked,
            "invalid_scope" | "insufficient_scope" => TokenRefusal::ScopeMissing,
            "invalid_client" | "unauthorized_client" => TokenRefusal::ClientRejected,
            _ => TokenRefusal::Unavailable,
        });
    }
    let access_token = match (status, answer.access_token) {
        (200, Some(token)) if !token.is_empty() => token,
        _ => return Err(TokenRefusal::Unavailable),
    };
    if !answer
        .token_type
        .is_some_and(|kind| kind.eq_ignore_ascii_case("bearer"))
    {
        return Err(TokenRefusal::Unavailable);
    }
    if let Some(granted) = answer.scope.as_deref() {
        let granted: Vec<&str> = granted.split_ascii_whitespace().collect();
        let missing = requested
            .iter()
            .filter(|scope| *scope != "offline_access")
            .any(|scope| !granted.contains(&scope.as_str()));
        if missing {
            return Err(TokenRefusal::ScopeMissing);
        }
    }
    let lifetime = answer
        .expires_in
        .filter(|secs| *secs > 0)
        .unwrap_or(DEFAULT_LIFETIME_SECS);
    Ok(Grant {
        access_token: TokenText(access_token),
        refresh_token: answer
            .refresh_token
            .filter(|token| !token.is_empty())
            .map(TokenText),
        times: TokenTimes {
            obtained_at: now,
            expires_at: now.saturating_add(lifetime),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::config::tests_support::{first_provider, pair};

    fn provider() -> OAuthProvider {
        first_provider(
            "redirect_url = \"https://mail.example.org/api/oauth/callback\"\n\
             [microsoft]\nclient_id = \"cid\"\nclient_secret = \"a&b=c\"\n",
        )
    }

    #[test]
    fn refresh_comes_a_minute_early_or_at_three_quarters_of_a_short_life() {
        let hour = TokenTimes {
            obtained_at: 1_000,
            expires_at: 4_600,
        };
        assert_eq!(hour.refresh_at(), 4_540);
        assert!(!hour.refresh_due(4_539));
        assert!(hour.refresh_due(4_540));
        assert!(hour.refresh_due(9_999));
        let short = TokenTimes {
            obtained_at: 1_000,
            expires_at: 1_020,
        };
        assert_eq!(short.refresh_at(), 1_015);
        let broken = TokenTimes {
            obtained_at: 2_000,
            expires_at: 1_000,
        };
        assert!(broken.refresh_due(1_000));
    }

    #[test]
    fn request_bodies_are_form_encoded_with_the_client() {
        let provider = provider();
        let verifier = CodeVerifier::from_random([9; 32]);
        let body = code_exchange_body(&provider, "c o/d+e", &verifier);
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
            .into_owned()
            .collect();
        let get = |name: &str| pair(&pairs, name);
        assert_eq!(get("grant_type"), Some("authorization_code"));
        assert_eq!(get("code"), Some("c o/d+e"));
        assert_eq!(get("code_verifier"), Some(verifier.expose()));
        assert_eq!(
            get("redirect_uri"),
            Some("https://mail.example.org/api/oauth/callback")
        );
        assert_eq!(get("client_id"), Some("cid"));
        assert_eq!(get("client_secret"), Some("a&b=c"));
        let refresh = refresh_body(&provider, &TokenText::from("rt"));
        assert!(refresh.starts_with("grant_type=refresh_token&refresh_token=rt&client_id=cid"));
        let revoke = revocation_body(&provider, &TokenText::from("rt"));
        assert!(revoke.starts_with("token=rt&token_type_hint=refresh_token"));
    }

    #[test]
    fn a_token_response_becomes_a_grant() {
        let requested: Vec<String> = provider().scopes;
        let body = br#"{"access_token":"at-1","token_type":"Bearer","expires_in":3599,
            "refresh_token":"rt-1",
            "scope":"https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send"}"#;
        let grant = read_token_response(200, body, &requested, 100).unwrap();
        assert_eq!(grant.access_token.expose(), "at-1");
        assert_eq!(
            grant.refresh_token.as_ref().map(TokenText::expose),
            Some("rt-1")
        );
        assert_eq!(grant.times.expires_at, 3_699);
        assert!(!format!("{grant:?}").contains("rt-1"));
        // No scope listed means the requested ones; no expiry means an hour.
        let bare = br#"{"access_token":"at","token_type":"bearer"}"#;
        let grant = read_token_response(200, bare, &requested, 0).unwrap();
        assert_eq!(grant.times.expires_at, DEFAULT_LIFETIME_SECS);
        assert_eq!(grant.refresh_token, None);
    }

    #[test]
    fn refusals_are_typed() {
        let requested = provider().scopes;
        let cases: [(u16, &[u8], TokenRefusal); 8] = [
            (400, br#"{"error":"invalid_grant"}"#, TokenRefusal::Revoked),
            (400, br#"{"error":"invalid_scope"}"#, TokenRefusal::ScopeMissing),
            (401, br#"{"error":"invalid_client"}"#, TokenRefusal::ClientRejected),
            (500, b"<html>oops</html>", TokenRefusal::Unavailable),
            (
                200,
                br#"{"access_token":"a","token_type":"mac"}"#,
                TokenRefusal::Unavailable,
            ),
            (
                200,
                br#"{"access_token":"","token_type":"bearer"}"#,
                TokenRefusal::Unavailable,
            ),
            (
                503,
                br#"{"access_token":"a","token_type":"bearer"}"#,
                TokenRefusal::Unavailable,
            ),
            (
                200,
                br#"{"access_token":"a","token_type":"bearer","scope":"https://outlook.office.com/IMAP.AccessAsUser.All"}"#,
                TokenRefusal::ScopeMissing,
            ),
        ];
        for (status, body, expected) in cases {
            assert_eq!(
                read_token_response(status, body, &requested, 0),
                Err(expected),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}
