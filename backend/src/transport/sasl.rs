//! SASL, the one place the sign-in tokens are built: PLAIN (RFC 4616) for SMTP AUTH
//! and ManageSieve AUTHENTICATE, the two base64 answers of the LOGIN mechanism, and the
//! OAuth 2.0 bearer mechanisms OAUTHBEARER (RFC 7628) and XOAUTH2 (Google's and
//! Microsoft's) with the reading of their error challenge.
//! The tokens carry the password or the access token: never log them.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

/// The PLAIN initial response, base64: `\0username\0password` (no authorization id).
pub fn plain_token(username: &str, password: &str) -> String {
    BASE64.encode(format!("\0{username}\0{password}"))
}

/// One answer of the LOGIN mechanism (the user name, then the password), base64.
pub fn login_answer(value: &str) -> String {
    BASE64.encode(value)
}

/// A SASL mechanism that carries an OAuth 2.0 bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerMechanism {
    /// RFC 7628, the standard one.
    OAuthBearer,
    /// Google's and Microsoft's older mechanism, which every large provider speaks.
    XOAuth2,
}

impl BearerMechanism {
    /// The mechanism's name in `AUTHENTICATE`/`AUTH` commands and capability lists.
    pub fn name(self) -> &'static str {
        match self {
            Self::OAuthBearer => "OAUTHBEARER",
            Self::XOAuth2 => "XOAUTH2",
        }
    }

    /// The one to use among the mechanisms a server advertises (`AUTH=XOAUTH2` in IMAP
    /// capabilities, the words after `AUTH` in EHLO): the standard one first.
    pub fn choose<'a>(advertised: impl IntoIterator<Item = &'a str>) -> Option<BearerMechanism> {
        let mut found = None;
        for name in advertised {
            let name = name.trim();
            let name = name.strip_prefix("AUTH=").unwrap_or(name);
            if name.eq_ignore_ascii_case("OAUTHBEARER") {
                return Some(Self::OAuthBearer);
            }
            if name.eq_ignore_ascii_case("XOAUTH2") {
                found = Some(Self::XOAuth2);
            }
        }
        found
    }

    /// The initial client response, base64, for `username` and `access_token` at the
    /// server `host`:`port` (OAUTHBEARER names the server; XOAUTH2 does not).
    pub fn initial_response(
        self,
        username: &str,
        access_token: &str,
        host: &str,
        port: u16,
    ) -> String {
        BASE64.encode(self.message(username, access_token, host, port))
    }

    /// The initial client response before base64.
    pub fn message(self, username: &str, access_token: &str, host: &str, port: u16) -> String {
        match self {
            Self::OAuthBearer => oauthbearer_message(username, access_token, host, port),
            Self::XOAuth2 => xoauth2_message(username, access_token),
        }
    }
}

/// The OAUTHBEARER initial response (RFC 7628 §3.1), base64: a GS2 header naming the
/// user, then `host`, `port` and `auth` key/values, each ended by ^A, and a final ^A.
pub fn oauthbearer_token(username: &str, access_token: &str, host: &str, port: u16) -> String {
    BASE64.encode(oauthbearer_message(username, access_token, host, port))
}

/// The OAUTHBEARER initial response before base64 (for clients that encode it
/// themselves, as async-imap's authenticators do).
pub fn oauthbearer_message(username: &str, access_token: &str, host: &str, port: u16) -> String {
    let user = gs2_saslname(username);
    format!("n,a={user},\x01host={host}\x01port={port}\x01auth=Bearer {access_token}\x01\x01")
}

/// The XOAUTH2 initial response, base64: `user=…^Aauth=Bearer …^A^A`.
pub fn xoauth2_token(username: &str, access_token: &str) -> String {
    BASE64.encode(xoauth2_message(username, access_token))
}

/// The XOAUTH2 initial response before base64.
pub fn xoauth2_message(username: &str, access_token: &str) -> String {
    format!("user={username}\x01auth=Bearer {access_token}\x01\x01")
}

/// What a client sends after an error challenge to end the exchange, before base64:
/// a single ^A for OAUTHBEARER (RFC 7628 §3.2.3), nothing (an empty line) for XOAUTH2.
pub fn bearer_error_acknowledgement(mechanism: BearerMechanism) -> &'static [u8] {
    match mechanism {
        BearerMechanism::OAuthBearer => b"\x01",
        BearerMechanism::XOAuth2 => b"",
    }
}

/// RFC 5801's saslname: `=` and `,` written as `=3D` and `=2C`.
fn gs2_saslname(name: &str) -> String {
    name.replace('=', "=3D").replace(',', "=2C")
}

/// Why the server refused a bearer token, from its error challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BearerRefusal {
    /// The token is expired, revoked or unknown: refresh it (once), else sign in again.
    InvalidToken,
    /// The token is valid but was granted without the scope mail access needs.
    InsufficientScope,
    /// Anything else (a malformed challenge, another status).
    Other,
}

/// Reads the base64 JSON error challenge both mechanisms send before failing
/// (RFC 7628 §3.2.2 `{"status":"invalid_token",…}`; Google's XOAUTH2 uses HTTP codes,
/// `{"status":"401",…}` for a bad token and `"403"` for a missing scope).
pub fn read_bearer_challenge(challenge_base64: &str) -> BearerRefusal {
    match BASE64.decode(challenge_base64.trim()) {
        Ok(bytes) => read_bearer_error(&bytes),
        Err(_) => BearerRefusal::Other,
    }
}

/// Reads the error challenge once base64-decoded (the JSON itself).
pub fn read_bearer_error(json: &[u8]) -> BearerRefusal {
    #[derive(serde::Deserialize)]
    struct Challenge {
        status: String,
    }
    match serde_json::from_slice::<Challenge>(json) {
        Ok(challenge) => match challenge.status.as_str() {
            "invalid_token" | "401" | "400" => BearerRefusal::InvalidToken,
            "insufficient_scope" | "403" => BearerRefusal::InsufficientScope,
            _ => BearerRefusal::Other,
        },
        Err(_) => BearerRefusal::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_joins_the_names_with_nul_bytes() {
        // RFC 4616's example: "\0tim\0tanstaaftanstaaf".
        assert_eq!(
            plain_token("tim", "tanstaaftanstaaf"),
            "AHRpbQB0YW5zdGFhZnRhbnN0YWFm"
        );
        assert_eq!(login_answer("demo"), "ZGVtbw==");
    }

    /// RFC 7628 §4.1, the IMAP example: initial response for `user@example.com` at
    /// `server.example.com:143`, as printed in the RFC.
    #[test]
    fn oauthbearer_matches_the_rfc_7628_example() {
        assert_eq!(
            oauthbearer_token(
                "user@example.com",
                "vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==",
                "server.example.com",
                143
            ),
            "bixhPXVzZXJAZXhhbXBsZS5jb20sAWhvc3Q9c2VydmVyLmV4YW1wbGUuY29tAXBvcnQ9MTQzAWF1dGg9QmVhcmVyIHZGOWRmdDRxbVRjMk52YjNSbGNrQmhiSFJoZG1semRHRXVZMjl0Q2c9PQEB"
        );
        assert_eq!(
            BASE64.encode(bearer_error_acknowledgement(BearerMechanism::OAuthBearer)),
            "AQ=="
        );
    }

    /// Google's published XOAUTH2 example (developers.google.com/gmail/imap/xoauth2-protocol).
    #[test]
    fn xoauth2_matches_googles_example() {
        assert_eq!(
            xoauth2_token(
                "someuser@example.com",
                "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg"
            ),
            "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ=="
        );
        assert_eq!(
            BearerMechanism::XOAuth2.initial_response("someuser@example.com", "t", "h", 1),
            xoauth2_token("someuser@example.com", "t")
        );
    }

    #[test]
    fn the_gs2_header_escapes_commas_and_equals_signs() {
        let token = oauthbearer_token("a,b=c@x", "t", "h", 1);
        let text = String::from_utf8(BASE64.decode(token).unwrap()).unwrap();
        assert!(text.starts_with("n,a=a=2Cb=3Dc@x,\x01"), "{text:?}");
    }

    #[test]
    fn the_standard_mechanism_is_preferred() {
        let cases: [(&[&str], Option<BearerMechanism>); 4] = [
            (
                &["IMAP4rev1", "AUTH=PLAIN", "AUTH=XOAUTH2"],
                Some(BearerMechanism::XOAuth2),
            ),
            (
                &["AUTH=XOAUTH2", "AUTH=OAUTHBEARER"],
                Some(BearerMechanism::OAuthBearer),
            ),
            (
                &["PLAIN", "LOGIN", "xoauth2"],
                Some(BearerMechanism::XOAuth2),
            ),
            (&["AUTH=PLAIN", "AUTH=LOGIN"], None),
        ];
        for (advertised, expected) in cases {
            assert_eq!(
                BearerMechanism::choose(advertised.iter().copied()),
                expected,
                "{advertised:?}"
            );
        }
    }

    #[test]
    fn error_challenges_name_the_refusal() {
        // RFC 7628 §4.3's example challenge.
        let rfc = BASE64.encode(
            r#"{"status":"invalid_token","scope":"example_scope","openid-configuration":"https://example.com/.well-known/openid-configuration"}"#,
        );
        assert_eq!(read_bearer_challenge(&rfc), BearerRefusal::InvalidToken);
        let google = BASE64
            .encode(r#"{"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}"#);
        assert_eq!(read_bearer_challenge(&google), BearerRefusal::InvalidToken);
        let scope = BASE64.encode(r#"{"status":"insufficient_scope","scope":"mail"}"#);
        assert_eq!(
            read_bearer_challenge(&scope),
            BearerRefusal::InsufficientScope
        );
        assert_eq!(read_bearer_challenge("not base64!"), BearerRefusal::Other);
        assert_eq!(
            read_bearer_challenge(&BASE64.encode("[]")),
            BearerRefusal::Other
        );
    }
}
