//! The settings as a private server annotation (RFC 5464): `GETMETADATA "" (entry)` and
//! `SETMETADATA "" (entry literal)`. The value goes as a literal, so any JSON travels
//! unharmed (non-ASCII text, any length up to the server's limit).

use crate::error::{Error, Result};
use crate::imap::ImapSession;
use crate::imap::raw::{self, Completion};

/// The annotation holding the settings document, on the server (mailbox `""`).
pub const ENTRY: &str = "/private/vendor/facteur/settings";

/// The stored document, if any.
pub async fn load(session: &mut ImapSession) -> Result<Option<Vec<u8>>> {
    let reply = raw::run(session, &format!("GETMETADATA \"\" ({ENTRY})"))
        .await?
        .ok()?;
    Ok(value_of(&reply.metadata))
}

/// Replaces the stored document.
pub async fn store(session: &mut ImapSession, bytes: &[u8]) -> Result<()> {
    let reply =
        raw::run_with_literal(session, &format!("SETMETADATA \"\" ({ENTRY} "), bytes, ")").await?;
    match reply.completion {
        Completion::Ok => Ok(()),
        _ if reply.metadata_max_size.is_some() => Err(Error::SettingsTooLarge(format!(
            "the server stores at most {} bytes per annotation",
            reply.metadata_max_size.unwrap_or(0)
        ))),
        _ => Err(Error::ServerRefused(reply.text)),
    }
}

/// The value of [`ENTRY`] among METADATA responses (entry names are case-insensitive).
pub fn value_of(entries: &[(String, Option<String>)]) -> Option<Vec<u8>> {
    entries
        .iter()
        .find(|(entry, _)| entry.eq_ignore_ascii_case(ENTRY))
        .and_then(|(_, value)| value.as_ref())
        .map(|value| value.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_is_found_whatever_its_case() {
        let entries = vec![
            ("/private/comment".to_owned(), Some("x".to_owned())),
            (ENTRY.to_uppercase(), Some("{}".to_owned())),
        ];
        assert_eq!(value_of(&entries), Some(b"{}".to_vec()));
        assert_eq!(value_of(&[(ENTRY.to_owned(), None)]), None);
        assert_eq!(value_of(&[]), None);
    }
}
