//! Settings that roam with the account: an opaque JSON document the browser owns (rules,
//! view settings, the last processed UID per folder with its UIDVALIDITY), stored in the
//! user's own mailbox by the bridge.
//!
//! Saving is optimistic: the browser sends the revision it started from, and a save over
//! a document another device changed meanwhile is refused with `settings_conflict`, the
//! current document attached, so the browser can merge and save again.

use serde::{Deserialize, Serialize};

/// Largest settings document the bridge stores, in bytes of compact JSON.
pub const MAX_SETTINGS_BYTES: usize = 256 * 1024;

/// The revision of an account that has never saved settings.
pub const EMPTY_REVISION: &str = "empty";

/// Where the document lives on the mail server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingsStorage {
    /// A private server annotation (IMAP METADATA, RFC 5464).
    Metadata,
    /// A message in the dedicated folder `Facteur`.
    Mailbox,
}

/// `GET /api/settings`, and the current document of a `settings_conflict`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsDocument {
    /// The document as last saved; `null` when nothing was ever saved.
    pub settings: serde_json::Value,
    /// An opaque tag of this version (a hash of the stored bytes), [`EMPTY_REVISION`]
    /// when nothing was saved.
    pub revision: String,
    pub storage: SettingsStorage,
}

/// `PUT /api/settings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveSettings {
    pub settings: serde_json::Value,
    /// The revision this document was edited from.
    pub base_revision: String,
}

/// The answer to a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsSaved {
    pub revision: String,
    pub storage: SettingsStorage,
}
