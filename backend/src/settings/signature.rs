//! Telling the settings message the bridge wrote from any other message in the folder
//! `Facteur`: an HMAC-SHA256 over the account and the document, under a key derived
//! from the bridge's sealing key, carried in a header of the message.
//!
//! A plain SMTP sender can put a message in that folder (Sieve `fileinto`, `+Facteur`
//! addressing) and can copy our subject and headers, but cannot compute the MAC. A
//! document whose MAC does not check (forged, or written under a sealing key the bridge
//! no longer holds) is "not ours": it is ignored, never deleted. A document signed under a
//! previous key still verifies while that key is kept in `previous_key_files`, so rolling
//! the key does not hide anyone's settings; the next save signs it with the new key.

use crate::session::keys::SessionKeys;
use ring::hmac;

/// The header carrying the MAC of the settings message.
pub const HEADER: &str = "X-Facteur-Settings-Mac";

/// The version prefix of the header value; a new scheme gets a new one.
const VERSION: &str = "v1";

/// What the derived key is for; binds it to this use only.
const PURPOSE: &[u8] = b"facteur settings message mac v1";

/// Signs and checks one account's settings documents.
pub struct SettingsSigner {
    /// The key derived from the current sealing key first (it signs), then those derived
    /// from the previous ones (they only verify).
    keys: Vec<hmac::Key>,
    account: String,
}

impl std::fmt::Debug for SettingsSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SettingsSigner")
            .field("account", &self.account)
            .finish_non_exhaustive()
    }
}

impl SettingsSigner {
    /// The signer for the mailbox `login` signs in to (compared case-insensitively).
    pub fn new(seal: &SessionKeys, login: &str) -> SettingsSigner {
        SettingsSigner {
            keys: seal
                .all()
                .map(|key| hmac::Key::new(hmac::HMAC_SHA256, &key.derive(PURPOSE)))
                .collect(),
            account: login.trim().to_lowercase(),
        }
    }

    /// The header value for `document`: `v1 <hex MAC>`.
    pub fn sign(&self, document: &[u8]) -> String {
        // `keys` is never empty: `SessionKeys` always holds a current key.
        let tag = match self.keys.first() {
            Some(key) => hmac::sign(key, &self.input(document)),
            None => return String::new(),
        };
        let hex: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        format!("{VERSION} {hex}")
    }

    /// Whether `header` is the MAC of `document` for this account (constant-time).
    pub fn verify(&self, document: &[u8], header: &str) -> bool {
        let Some(hex) = header.trim().strip_prefix(VERSION).map(str::trim) else {
            return false;
        };
        let Some(tag) = decode_hex(hex) else {
            return false;
        };
        let input = self.input(document);
        self.keys
            .iter()
            .any(|key| hmac::verify(key, &input, &tag).is_ok())
    }

    /// The account, length-prefixed so no account/document split is ambiguous.
    fn input(&self, document: &[u8]) -> Vec<u8> {
        let mut input = Vec::with_capacity(8 + self.account.len() + document.len());
        input.extend_from_slice(&(self.account.len() as u64).to_be_bytes());
        input.extend_from_slice(self.account.as_bytes());
        input.extend_from_slice(document);
        input
    }
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(&text[at..at + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::session::seal::SealKey;

    fn signer(key: u8, login: &str) -> SettingsSigner {
        SettingsSigner::new(&SessionKeys::single(SealKey::from_bytes(&[key; 32])), login)
    }

    #[test]
    fn documents_signed_under_a_previous_key_still_verify() {
        let old = signer(1, "test1@example.test");
        let mac = old.sign(b"{}");
        let rolled = SettingsSigner::new(
            &SessionKeys::new(
                SealKey::from_bytes(&[2; 32]),
                vec![SealKey::from_bytes(&[1; 32])],
            ),
            "test1@example.test",
        );
        assert!(rolled.verify(b"{}", &mac));
        // New documents are signed with the current key only.
        let new_mac = rolled.sign(b"{}");
        assert!(!old.verify(b"{}", &new_mac));
        assert!(signer(2, "test1@example.test").verify(b"{}", &new_mac));
    }

    #[test]
    fn our_own_documents_verify() {
        let ours = signer(1, "test1@example.test");
        let mac = ours.sign(br#"{"rules":[]}"#);
        assert!(mac.starts_with("v1 ") && mac.len() == 67, "{mac}");
        assert!(ours.verify(br#"{"rules":[]}"#, &mac));
        // The login is compared as the server does: case and spaces aside.
        assert!(signer(1, " TEST1@example.test").verify(br#"{"rules":[]}"#, &mac));
    }

    #[test]
    fn anything_else_is_not_ours() {
        let ours = signer(1, "test1@example.test");
        let mac = ours.sign(b"{}");
        // Another document, another account, another sealing key (rotated).
        assert!(!ours.verify(b"{ }", &mac));
        assert!(!signer(1, "test2@example.test").verify(b"{}", &mac));
        assert!(!signer(2, "test1@example.test").verify(b"{}", &mac));
        // Malformed headers never verify and never panic.
        for header in [
            "",
            "v1",
            "v2 00",
            "v1 zz",
            &mac[3..],
            "v1 é",
            &format!("{mac}00"),
        ] {
            assert!(!ours.verify(b"{}", header), "{header:?}");
        }
    }
}
