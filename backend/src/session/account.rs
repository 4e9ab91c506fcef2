//! What a session cookie carries: the account, its servers and its credentials.

use facteur_model::api::{ServerEndpoint, SessionInfo};
use facteur_model::{EmailAddress, Password};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A random session identifier; it keys the cache of live connections and lives only
/// inside the sealed cookie.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(#[serde(with = "hex_bytes")] [u8; 16]);

impl SessionId {
    /// A fresh random identifier.
    pub fn random() -> Result<SessionId, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        Ok(SessionId(bytes))
    }

    /// The identifier as 32 lowercase hex digits (as sealed, and as the revocation key).
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

// Short on purpose: enough to follow one session through the logs, not enough to forge.
impl fmt::Debug for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SessionId({:02x}{:02x}…)", self.0[0], self.0[1])
    }
}

/// A signed-in account as sealed into the session cookie.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub id: SessionId,
    pub email: EmailAddress,
    /// The IMAP/SMTP login name.
    pub username: String,
    pub password: Password,
    pub imap: ServerEndpoint,
    pub smtp: ServerEndpoint,
    /// Seconds since the epoch when the session began.
    pub issued_at: i64,
    /// Seconds since the epoch after which the session is refused, whatever the cookie says.
    pub expires_at: i64,
    /// Set when the account signed in with an OAuth provider: then `password` is empty
    /// and the servers take an access token made from this grant. Absent from the
    /// cookies of password sessions (and of sessions sealed before OAuth existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oauth: Option<crate::oauth::credential::OAuthCredential>,
}

impl Account {
    /// What the browser may know about the session: everything but the password.
    pub fn info(&self) -> SessionInfo {
        SessionInfo {
            email: self.email.clone(),
            username: self.username.clone(),
            imap: self.imap.clone(),
            smtp: self.smtp.clone(),
        }
    }
}

mod hex_bytes {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    pub fn serialize<S: Serializer>(bytes: &[u8; 16], serializer: S) -> Result<S::Ok, S::Error> {
        let text: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        serializer.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[u8; 16], D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.len() != 32 || !text.is_ascii() {
            return Err(D::Error::custom("session id must be 32 hex digits"));
        }
        let mut bytes = [0u8; 16];
        for (i, byte) in bytes.iter_mut().enumerate() {
            let pair = text.get(2 * i..2 * i + 2).unwrap_or("");
            *byte = u8::from_str_radix(pair, 16).map_err(D::Error::custom)?;
        }
        Ok(bytes)
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;
    use facteur_model::api::Security;

    /// An account with a recognisable password, for tests that look for leaks.
    pub(crate) fn sample() -> Account {
        Account {
            id: SessionId::random().unwrap(),
            email: EmailAddress::parse("demo@example.test").unwrap(),
            username: "demo@example.test".into(),
            password: "hunter2-very-secret".into(),
            imap: ServerEndpoint {
                host: "127.0.0.1".into(),
                port: 993,
                security: Security::Tls,
            },
            smtp: ServerEndpoint {
                host: "127.0.0.1".into(),
                port: 465,
                security: Security::Tls,
            },
            issued_at: 0,
            expires_at: 100,
            oauth: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::sample;
    use super::*;

    #[test]
    fn debug_output_never_contains_the_password() {
        let account = sample();
        let text = format!("{account:?} {account:#?}");
        assert!(!text.contains("hunter2"), "{text}");
        assert!(text.contains("demo@example.test"));
    }

    #[test]
    fn session_info_has_no_password() {
        let json = serde_json::to_string(&sample().info()).unwrap();
        assert!(!json.contains("hunter2"));
        assert!(!json.contains("password"));
    }

    #[test]
    fn session_ids_round_trip_as_hex() {
        let id = SessionId::random().unwrap();
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json.len(), 34);
        let back: SessionId = serde_json::from_str(&json).unwrap();
        assert!(back == id);
        assert!(serde_json::from_str::<SessionId>("\"zz\"").is_err());
        assert!(serde_json::from_str::<SessionId>("\"é\"").is_err());
    }
}
