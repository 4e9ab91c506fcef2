//! The proof that binds an authorization to the browser that asked for it: a PKCE
//! verifier (RFC 7636, S256) and a `state` value, kept in a short-lived sealed cookie
//! between the redirect to the provider and the callback. Pure: randomness and the clock
//! are inputs, so the checks are unit-tested.

use super::config::OAuthProvider;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use serde::{Deserialize, Serialize};
use std::fmt;
use url::Url;

/// Seconds a person has to consent at the provider before the pending sign-in lapses.
pub const PENDING_LIFETIME_SECS: i64 = 600;

/// 32 random bytes, base64url: the 43-character verifier RFC 7636 §4.1 recommends.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CodeVerifier(String);

impl CodeVerifier {
    /// A verifier from 32 random bytes.
    pub fn from_random(bytes: [u8; 32]) -> CodeVerifier {
        CodeVerifier(BASE64URL.encode(bytes))
    }

    /// The verifier, for the token request only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The S256 challenge sent in the authorization request:
    /// `BASE64URL(SHA256(verifier))` (RFC 7636 §4.2).
    pub fn challenge(&self) -> String {
        BASE64URL.encode(ring::digest::digest(
            &ring::digest::SHA256,
            self.0.as_bytes(),
        ))
    }
}

impl fmt::Debug for CodeVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CodeVerifier(<redacted>)")
    }
}

/// An OAuth sign-in between the redirect to the provider and its callback, sealed in its
/// own cookie so only the browser that started it can finish it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PendingSignIn {
    /// The configured provider's id.
    pub provider: String,
    /// The address the person typed, passed as `login_hint` and checked against the
    /// mailbox the token opens.
    pub email: String,
    /// The `state` value sent to the provider, 128 random bits base64url.
    pub state: String,
    pub verifier: CodeVerifier,
    /// Seconds since the epoch after which the callback is refused.
    pub expires_at: i64,
}

impl PendingSignIn {
    /// A fresh pending sign-in from 48 random bytes (16 for `state`, 32 for the verifier).
    pub fn new(provider: &str, email: &str, random: [u8; 48], now: i64) -> PendingSignIn {
        let (state, verifier) = random.split_at(16);
        let mut verifier_bytes = [0u8; 32];
        verifier_bytes.copy_from_slice(verifier);
        PendingSignIn {
            provider: provider.to_owned(),
            email: email.to_owned(),
            state: BASE64URL.encode(state),
            verifier: CodeVerifier::from_random(verifier_bytes),
            expires_at: now + PENDING_LIFETIME_SECS,
        }
    }

    /// The URL the browser is sent to: the provider's authorization endpoint with the
    /// code flow, PKCE S256, `state`, the scopes and the address as `login_hint`.
    pub fn authorization_url(&self, provider: &OAuthProvider) -> Url {
        let mut url = provider.authorization_endpoint.clone();
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &provider.client_id)
                .append_pair("redirect_uri", provider.redirect_url.as_str())
                .append_pair("scope", &provider.scopes.join(" "))
                .append_pair("state", &self.state)
                .append_pair("code_challenge", &self.verifier.challenge())
                .append_pair("code_challenge_method", "S256")
                .append_pair("login_hint", &self.email);
            for (name, value) in &provider.extra_authorization_parameters {
                query.append_pair(name, value);
            }
        }
        url
    }

    /// Checks the provider's answer against this pending sign-in and gives the code.
    pub fn accept<'a>(
        &self,
        callback: &'a CallbackQuery,
        now: i64,
    ) -> Result<&'a str, CallbackRefusal> {
        if now > self.expires_at {
            return Err(CallbackRefusal::Expired);
        }
        // Checked before the error: an error answer with another `state` is not ours.
        let state_matches = callback
            .state
            .as_deref()
            .is_some_and(|state| constant_time_eq(state.as_bytes(), self.state.as_bytes()));
        if !state_matches {
            return Err(CallbackRefusal::StateMismatch);
        }
        match (&callback.error, &callback.code) {
            (Some(error), _) if error == "access_denied" => Err(CallbackRefusal::ConsentRefused),
            (Some(error), _) if error == "invalid_scope" => Err(CallbackRefusal::ScopeMissing),
            (Some(_), _) | (None, None) => Err(CallbackRefusal::ProviderError),
            (None, Some(code)) if code.is_empty() => Err(CallbackRefusal::ProviderError),
            (None, Some(code)) => Ok(code),
        }
    }
}

/// The query string the provider sends the browser back with (RFC 6749 §4.1.2).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    /// `access_denied`, `invalid_scope`… (§4.1.2.1).
    pub error: Option<String>,
}

/// Why a callback is not turned into a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackRefusal {
    /// The person declined at the provider's consent page.
    ConsentRefused,
    /// The provider would not grant the mail scopes.
    ScopeMissing,
    /// No pending sign-in, or another one's `state`: a forged or replayed callback.
    StateMismatch,
    /// The pending sign-in is older than [`PENDING_LIFETIME_SECS`].
    Expired,
    /// Any other error the provider reported, or no code.
    ProviderError,
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::oauth::config::tests_support::{first_provider, pair};

    fn provider() -> OAuthProvider {
        first_provider(
            "redirect_url = \"https://mail.example.org/api/oauth/callback\"\n\
             [google]\nclient_id = \"cid.apps.googleusercontent.com\"\n",
        )
    }

    fn pending() -> PendingSignIn {
        PendingSignIn::new("google", "jean@gmail.com", [7; 48], 1_000)
    }

    fn callback(code: Option<&str>, state: Option<&str>, error: Option<&str>) -> CallbackQuery {
        CallbackQuery {
            code: code.map(str::to_owned),
            state: state.map(str::to_owned),
            error: error.map(str::to_owned),
        }
    }

    /// RFC 7636 Appendix B: the verifier's bytes, the verifier and its S256 challenge.
    #[test]
    fn the_challenge_matches_rfc_7636_appendix_b() {
        let bytes = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212,
            37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let verifier = CodeVerifier::from_random(bytes);
        assert_eq!(
            verifier.expose(),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        );
        assert_eq!(
            verifier.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(!format!("{verifier:?}").contains("dBjf"));
    }

    #[test]
    fn the_authorization_url_carries_the_flow() {
        let pending = pending();
        let url = pending.authorization_url(&provider());
        assert!(
            url.as_str()
                .starts_with("https://accounts.google.com/o/oauth2/v2/auth?")
        );
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |name: &str| pair(&pairs, name);
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert_eq!(
            get("code_challenge"),
            Some(pending.verifier.challenge().as_str())
        );
        assert_eq!(get("state"), Some(pending.state.as_str()));
        assert_eq!(get("scope"), Some("https://mail.google.com/"));
        assert_eq!(
            get("redirect_uri"),
            Some("https://mail.example.org/api/oauth/callback")
        );
        assert_eq!(get("login_hint"), Some("jean@gmail.com"));
        assert_eq!(get("access_type"), Some("offline"));
        // The verifier itself never leaves the bridge.
        assert!(!url.as_str().contains(pending.verifier.expose()));
    }

    #[test]
    fn state_and_verifier_come_from_separate_random_bytes() {
        let mut random = [0u8; 48];
        random[..16].fill(1);
        random[16..].fill(2);
        let pending = PendingSignIn::new("google", "a@b.c", random, 0);
        assert_eq!(pending.state, BASE64URL.encode([1u8; 16]));
        assert_eq!(pending.verifier.expose(), BASE64URL.encode([2u8; 32]));
        assert_eq!(pending.expires_at, PENDING_LIFETIME_SECS);
    }

    #[test]
    fn the_callback_is_accepted_only_with_its_own_state_in_time() {
        let pending = pending();
        let state = pending.state.clone();
        let good = callback(Some("the-code"), Some(&state), None);
        assert_eq!(pending.accept(&good, 1_000), Ok("the-code"));
        assert_eq!(
            pending.accept(&good, 1_000 + PENDING_LIFETIME_SECS + 1),
            Err(CallbackRefusal::Expired)
        );
        let cases = [
            (
                callback(Some("c"), Some("another-state"), None),
                CallbackRefusal::StateMismatch,
            ),
            (
                callback(Some("c"), None, None),
                CallbackRefusal::StateMismatch,
            ),
            (
                callback(None, Some("x"), Some("access_denied")),
                CallbackRefusal::StateMismatch,
            ),
            (
                callback(None, Some(&state), Some("access_denied")),
                CallbackRefusal::ConsentRefused,
            ),
            (
                callback(None, Some(&state), Some("invalid_scope")),
                CallbackRefusal::ScopeMissing,
            ),
            (
                callback(None, Some(&state), Some("server_error")),
                CallbackRefusal::ProviderError,
            ),
            (
                callback(None, Some(&state), None),
                CallbackRefusal::ProviderError,
            ),
            (
                callback(Some(""), Some(&state), None),
                CallbackRefusal::ProviderError,
            ),
        ];
        for (query, expected) in cases {
            assert_eq!(pending.accept(&query, 1_000), Err(expected), "{query:?}");
        }
    }
}
