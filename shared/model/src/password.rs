//! The one type that holds a password, so it never reaches a log by accident.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A mail account's password: serialized as the plain string (the sign-in body, the
/// sealed cookie), shown as `<redacted>` by `Debug`, so any type holding one can derive
/// `Debug` safely. It reads as a `&str` where the password is really needed.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Password(String);

impl Password {
    /// The password as typed.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for Password {
    fn from(text: String) -> Password {
        Password(text)
    }
}

impl From<&str> for Password {
    fn from(text: &str) -> Password {
        Password(text.to_owned())
    }
}

impl std::ops::Deref for Password {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_and_serde_keeps_the_plain_string() {
        let password = Password::from("hunter2-secret");
        assert_eq!(format!("{password:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&password)), "Some(<redacted>)");
        let json = serde_json::to_string(&password).unwrap();
        assert_eq!(json, "\"hunter2-secret\"");
        assert_eq!(serde_json::from_str::<Password>(&json).unwrap(), password);
        assert_eq!(password.len(), 14);
    }
}
