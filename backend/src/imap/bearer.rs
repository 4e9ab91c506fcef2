//! IMAP `AUTHENTICATE XOAUTH2` / `OAUTHBEARER` (RFC 7628) through async-imap's
//! authenticator: the first challenge is answered with the bearer token, a second one is
//! the server's error report, read into a [`BearerRefusal`] and acknowledged so the
//! server ends the exchange with its tagged `NO`.

use crate::transport::sasl::{
    BearerMechanism, BearerRefusal, bearer_error_acknowledgement, read_bearer_error,
};

/// The mechanism to use given the server's greeting (`* OK [CAPABILITY … AUTH=…]`):
/// OAUTHBEARER when offered, else XOAUTH2, which every large provider speaks and which
/// a greeting without capabilities leaves as the only guess.
pub fn mechanism_from_greeting(greeting: &str) -> BearerMechanism {
    let capabilities = greeting
        .split_once("[CAPABILITY ")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .unwrap_or("");
    BearerMechanism::choose(capabilities.split_ascii_whitespace())
        .unwrap_or(BearerMechanism::XOAuth2)
}

/// One bearer exchange: the initial response, then what the server said if it refused.
#[derive(Clone)]
pub struct BearerAuthenticator {
    mechanism: BearerMechanism,
    /// The initial response before base64 (async-imap encodes it).
    message: String,
    answered: bool,
    /// Set when the server sent an error challenge.
    pub refusal: Option<BearerRefusal>,
}

// By hand: the message carries the access token.
impl std::fmt::Debug for BearerAuthenticator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BearerAuthenticator")
            .field("mechanism", &self.mechanism)
            .field("refusal", &self.refusal)
            .finish_non_exhaustive()
    }
}

impl BearerAuthenticator {
    /// An exchange for `username` with `access_token` at `host`:`port`.
    pub fn new(
        mechanism: BearerMechanism,
        username: &str,
        access_token: &str,
        host: &str,
        port: u16,
    ) -> BearerAuthenticator {
        BearerAuthenticator {
            mechanism,
            message: mechanism.message(username, access_token, host, port),
            answered: false,
            refusal: None,
        }
    }

    /// The mechanism's name for `AUTHENTICATE`.
    pub fn mechanism(&self) -> BearerMechanism {
        self.mechanism
    }
}

impl async_imap::Authenticator for &mut BearerAuthenticator {
    type Response = Vec<u8>;

    fn process(&mut self, challenge: &[u8]) -> Vec<u8> {
        if !self.answered {
            self.answered = true;
            return self.message.as_bytes().to_vec();
        }
        self.refusal = Some(read_bearer_error(challenge));
        bearer_error_acknowledgement(self.mechanism).to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_imap::Authenticator;

    #[test]
    fn the_greeting_names_the_mechanism() {
        let cases = [
            (
                "* OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER] Dovecot ready.",
                BearerMechanism::OAuthBearer,
            ),
            (
                "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2] ready",
                BearerMechanism::XOAuth2,
            ),
            (
                "* OK The Microsoft Exchange IMAP4 service is ready.",
                BearerMechanism::XOAuth2,
            ),
        ];
        for (greeting, expected) in cases {
            assert_eq!(mechanism_from_greeting(greeting), expected, "{greeting}");
        }
    }

    #[test]
    fn the_token_then_the_acknowledged_refusal() {
        let mut exchange =
            BearerAuthenticator::new(BearerMechanism::OAuthBearer, "u@x", "s3cr3t", "h", 993);
        let mut auth = &mut exchange;
        let first = auth.process(b"");
        assert_eq!(
            first,
            b"n,a=u@x,\x01host=h\x01port=993\x01auth=Bearer s3cr3t\x01\x01"
        );
        let second = auth.process(br#"{"status":"invalid_token"}"#);
        assert_eq!(second, b"\x01");
        assert_eq!(exchange.refusal, Some(BearerRefusal::InvalidToken));
        assert!(!format!("{exchange:?}").contains("s3cr3t"));
        let mut xoauth2 = BearerAuthenticator::new(BearerMechanism::XOAuth2, "u", "t", "h", 1);
        let mut auth = &mut xoauth2;
        auth.process(b"");
        assert_eq!(auth.process(br#"{"status":"403"}"#), b"");
        assert_eq!(xoauth2.refusal, Some(BearerRefusal::InsufficientScope));
    }
}
