//! Settings that roam with the account, kept in the user's own mailbox: a private server
//! annotation (IMAP METADATA) where the server offers it, else a message in the folder
//! `Facteur`. The bridge keeps no copy.
//!
//! Saves are optimistic: the revision is a hash of the stored bytes, and a save based on
//! another revision than the stored one is refused with the stored document, for the
//! browser to merge. (Between that check and the write, another save can still slip in:
//! IMAP has no compare-and-set for annotations; the window is one round trip.)

pub mod mailbox;
pub mod metadata;
pub mod signature;

use crate::config::SettingsStorageChoice;
use crate::error::{Error, Result};
use crate::imap::ImapSession;
use crate::imap::capabilities::features;
use facteur_model::settings::{
    EMPTY_REVISION, MAX_SETTINGS_BYTES, SaveSettings, SettingsDocument, SettingsSaved,
    SettingsStorage,
};
use signature::SettingsSigner;

/// Loads the settings.
pub async fn load(
    session: &mut ImapSession,
    choice: SettingsStorageChoice,
    signer: &SettingsSigner,
) -> Result<SettingsDocument> {
    let storage = storage(session, choice).await?;
    let stored = match storage {
        SettingsStorage::Metadata => metadata::load(session).await?,
        SettingsStorage::Mailbox => mailbox::load(session, signer).await?.bytes,
    };
    Ok(document(stored.as_deref(), storage))
}

/// Saves `request.settings` if nobody saved since `request.base_revision`.
pub async fn save(
    session: &mut ImapSession,
    choice: SettingsStorageChoice,
    request: &SaveSettings,
    account_email: &str,
    signer: &SettingsSigner,
) -> Result<SettingsSaved> {
    let bytes = encode(&request.settings)?;
    let storage = storage(session, choice).await?;
    match storage {
        SettingsStorage::Metadata => {
            let stored = metadata::load(session).await?;
            check_base(stored.as_deref(), &request.base_revision, storage)?;
            metadata::store(session, &bytes).await?;
        }
        SettingsStorage::Mailbox => {
            let stored = mailbox::load(session, signer).await?;
            check_base(stored.bytes.as_deref(), &request.base_revision, storage)?;
            mailbox::store(session, &bytes, &stored.uids, account_email, signer).await?;
        }
    }
    Ok(SettingsSaved {
        revision: revision(Some(&bytes)),
        storage,
    })
}

async fn storage(
    session: &mut ImapSession,
    choice: SettingsStorageChoice,
) -> Result<SettingsStorage> {
    Ok(match choice {
        SettingsStorageChoice::Mailbox => SettingsStorage::Mailbox,
        SettingsStorageChoice::Auto if features(session).await?.metadata => {
            SettingsStorage::Metadata
        }
        SettingsStorageChoice::Auto => SettingsStorage::Mailbox,
    })
}

/// Compact JSON, refused above the size limit.
pub fn encode(settings: &serde_json::Value) -> Result<Vec<u8>> {
    let bytes =
        serde_json::to_vec(settings).map_err(|e| Error::internal("serializing the settings", e))?;
    if bytes.len() > MAX_SETTINGS_BYTES {
        return Err(Error::SettingsTooLarge(format!(
            "{} bytes; at most {MAX_SETTINGS_BYTES}",
            bytes.len()
        )));
    }
    Ok(bytes)
}

/// The revision of stored bytes: the first 128 bits of their SHA-256, in hex.
pub fn revision(stored: Option<&[u8]>) -> String {
    match stored {
        None => EMPTY_REVISION.to_owned(),
        Some(bytes) => ring::digest::digest(&ring::digest::SHA256, bytes)
            .as_ref()
            .iter()
            .take(16)
            .map(|b| format!("{b:02x}"))
            .collect(),
    }
}

/// The document for stored bytes. Bytes that are not JSON (written by something else)
/// read as `null` with their own revision, so the browser can save over them.
pub fn document(stored: Option<&[u8]>, storage: SettingsStorage) -> SettingsDocument {
    let settings = stored
        .and_then(|bytes| serde_json::from_slice(bytes).ok())
        .unwrap_or(serde_json::Value::Null);
    SettingsDocument {
        settings,
        revision: revision(stored),
        storage,
    }
}

/// Refuses a save based on a revision that is no longer the stored one.
pub fn check_base(stored: Option<&[u8]>, base: &str, storage: SettingsStorage) -> Result<()> {
    if revision(stored) == base {
        Ok(())
    } else {
        Err(Error::SettingsConflict(Box::new(document(stored, storage))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn revisions_follow_the_bytes() {
        assert_eq!(revision(None), EMPTY_REVISION);
        let a = revision(Some(b"{\"a\":1}"));
        assert_eq!(a.len(), 32);
        assert_eq!(a, revision(Some(b"{\"a\":1}")));
        assert_ne!(a, revision(Some(b"{\"a\":2}")));
    }

    #[test]
    fn stale_bases_conflict_with_the_current_document() {
        let stored = br#"{"rules":["x"]}"#;
        let base = revision(Some(stored));
        assert!(check_base(Some(stored), &base, SettingsStorage::Metadata).is_ok());
        assert!(check_base(None, EMPTY_REVISION, SettingsStorage::Metadata).is_ok());
        match check_base(Some(stored), EMPTY_REVISION, SettingsStorage::Mailbox) {
            Err(Error::SettingsConflict(current)) => {
                assert_eq!(current.settings, json!({"rules": ["x"]}));
                assert_eq!(current.revision, base);
                assert_eq!(current.storage, SettingsStorage::Mailbox);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn size_is_limited_and_garbage_reads_as_null() {
        let big = json!({"blob": "x".repeat(MAX_SETTINGS_BYTES)});
        assert!(matches!(encode(&big), Err(Error::SettingsTooLarge(_))));
        assert_eq!(encode(&json!({"a": [1]})).unwrap(), br#"{"a":[1]}"#);
        let odd = document(Some(b"not json"), SettingsStorage::Metadata);
        assert_eq!(odd.settings, serde_json::Value::Null);
        assert_ne!(odd.revision, EMPTY_REVISION);
    }

    #[test]
    fn a_stored_number_reads_back_exactly() {
        // Found by the `settings` fuzz target: without serde_json's `float_roundtrip`
        // a long number parsed one unit in the last place off, so the document the
        // bridge read and stored again read back with another value.
        let stored = format!("-22202{}", "2".repeat(45));
        let read = document(Some(stored.as_bytes()), SettingsStorage::Metadata);
        let again = document(
            Some(&encode(&read.settings).unwrap()),
            SettingsStorage::Metadata,
        );
        assert_eq!(again.settings, read.settings);
        // Rust's own parsing rounds correctly.
        assert_eq!(read.settings, json!(stored.parse::<f64>().unwrap()));
    }
}
