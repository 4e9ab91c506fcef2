//! Server-side filtering: the Sieve script (RFC 5228) the bridge installs over ManageSieve
//! (RFC 5804), so the rules also run when no browser is open.
//!
//! The browser writes the script (the rules engine exports it); the bridge only carries it.

use serde::{Deserialize, Serialize};

/// The name of the script Facteur installs and activates.
pub const SCRIPT_NAME: &str = "facteur";

/// `GET /api/sieve?port=`: what the server offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SieveStatus {
    /// Whether a ManageSieve service answered and accepted the account's credentials.
    pub available: bool,
    /// The Sieve extensions the server supports (`fileinto`, `imap4flags`, ...).
    pub extensions: Vec<String>,
    /// The name of the active script, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_script: Option<String>,
    /// The text of the active script, for import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_content: Option<String>,
    /// Why ManageSieve is not available (when `available` is false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `PUT /api/sieve`: install `script` as [`SCRIPT_NAME`] and make it the active one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallSieve {
    pub script: String,
    /// ManageSieve port on the account's IMAP host; 4190 when absent.
    #[serde(default)]
    pub port: Option<u16>,
}

/// The answer to an installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SieveInstalled {
    pub name: String,
    pub active: bool,
    /// Warnings the server gave while checking the script, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warnings: Option<String>,
}

/// Largest script the bridge sends, in bytes.
pub const MAX_SCRIPT_BYTES: usize = 256 * 1024;
