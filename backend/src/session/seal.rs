//! Sealing of the session payload: XChaCha20-Poly1305 with a random 24-byte nonce, so the
//! cookie is both secret and tamper-proof; base64url without padding.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use super::keys::KeyId;

const NONCE_LEN: usize = 24;
/// Binds ciphertexts to their purpose and format version, so a sealed value made for
/// something else (or an older layout) never opens as a session.
const ASSOCIATED_DATA: &[u8] = b"facteur-session-v1";

/// Labels the root of the keys derived from the sealing key for other purposes, so no
/// derived key is ever the sealing key itself.
const DERIVATION_LABEL: &[u8] = b"facteur-derived-keys-v1";

/// The server's sealing key (32 bytes), with the id that names it in cookies, and the
/// root of keys derived from it.
#[derive(Clone)]
pub struct SealKey {
    cipher: XChaCha20Poly1305,
    id: KeyId,
    derivation: ring::hmac::Key,
}

// Hand-written so the key never lands in a log line.
impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(<redacted>)")
    }
}

/// Why a key could not be made.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the session key is not valid base64")]
    NotBase64,
    #[error("the session key must be 32 bytes, got {0}")]
    WrongLength(usize),
    #[error("no randomness available: {0}")]
    NoRandomness(String),
}

/// Why a sealed value could not be opened.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpenError {
    #[error("not base64url")]
    Encoding,
    #[error("too short")]
    Truncated,
    #[error("authentication failed (tampered, or sealed with another key)")]
    Forged,
    #[error("sealed with a key this bridge does not hold")]
    UnknownKey,
}

impl SealKey {
    /// A key from 32 raw bytes.
    pub fn from_bytes(bytes: &[u8; 32]) -> SealKey {
        let root = ring::hmac::sign(
            &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, bytes),
            DERIVATION_LABEL,
        );
        SealKey {
            cipher: XChaCha20Poly1305::new(bytes.into()),
            id: KeyId::of(bytes),
            derivation: ring::hmac::Key::new(ring::hmac::HMAC_SHA256, root.as_ref()),
        }
    }

    /// A key for `purpose` (HMAC-SHA256 of the purpose under a root derived from the
    /// sealing key): what the bridge authenticates besides cookies, e.g. the settings
    /// message. It changes when the sealing key changes.
    pub fn derive(&self, purpose: &[u8]) -> [u8; 32] {
        let tag = ring::hmac::sign(&self.derivation, purpose);
        let mut key = [0u8; 32];
        key.copy_from_slice(tag.as_ref());
        key
    }

    /// The id that names this key in the cookies it seals.
    pub fn id(&self) -> KeyId {
        self.id
    }

    /// A key from base64 text (standard or URL-safe alphabet, padding optional).
    pub fn from_base64(text: &str) -> Result<SealKey, KeyError> {
        let text = text.trim();
        let bytes = STANDARD
            .decode(text)
            .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
            .map_err(|_| KeyError::NotBase64)?;
        let bytes: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::WrongLength(bytes.len()))?;
        Ok(SealKey::from_bytes(&bytes))
    }

    /// A fresh random key.
    pub fn random() -> Result<SealKey, KeyError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| KeyError::NoRandomness(e.to_string()))?;
        Ok(SealKey::from_bytes(&bytes))
    }

    /// Encrypts and authenticates `plaintext`; the result is base64url text.
    pub fn seal(&self, plaintext: &[u8]) -> Result<String, KeyError> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).map_err(|e| KeyError::NoRandomness(e.to_string()))?;
        let payload = Payload {
            msg: plaintext,
            aad: ASSOCIATED_DATA,
        };
        // Encryption only fails for inputs of more than 256 GiB; treat it as no output.
        let ciphertext = self
            .cipher
            .encrypt(XNonce::from_slice(&nonce), payload)
            .map_err(|_| KeyError::WrongLength(plaintext.len()))?;
        let mut sealed = Vec::with_capacity(NONCE_LEN + ciphertext.len());
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(URL_SAFE_NO_PAD.encode(sealed))
    }

    /// Checks and decrypts what [`SealKey::seal`] made.
    pub fn open(&self, sealed: &str) -> Result<Vec<u8>, OpenError> {
        let bytes = URL_SAFE_NO_PAD
            .decode(sealed.trim())
            .map_err(|_| OpenError::Encoding)?;
        if bytes.len() < NONCE_LEN + 16 {
            return Err(OpenError::Truncated);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let payload = Payload {
            msg: ciphertext,
            aad: ASSOCIATED_DATA,
        };
        self.cipher
            .decrypt(XNonce::from_slice(nonce), payload)
            .map_err(|_| OpenError::Forged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let key = SealKey::random().unwrap();
        let sealed = key.seal(b"hello").unwrap();
        assert_eq!(key.open(&sealed).unwrap(), b"hello");
        // A random nonce: the same plaintext never seals the same way twice.
        assert_ne!(sealed, key.seal(b"hello").unwrap());
        assert!(!sealed.contains("hello"));
    }

    #[test]
    fn tampering_is_detected() {
        let key = SealKey::random().unwrap();
        let sealed = key.seal(b"{\"user\":\"demo\"}").unwrap();
        let mut bytes = URL_SAFE_NO_PAD.decode(&sealed).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let tampered = URL_SAFE_NO_PAD.encode(&bytes);
        assert_eq!(key.open(&tampered), Err(OpenError::Forged));
        bytes[last] ^= 1;
        bytes[30] ^= 0x80;
        assert_eq!(
            key.open(&URL_SAFE_NO_PAD.encode(&bytes)),
            Err(OpenError::Forged)
        );
    }

    #[test]
    fn another_key_cannot_open() {
        let sealed = SealKey::random().unwrap().seal(b"x").unwrap();
        let other = SealKey::random().unwrap();
        assert_eq!(other.open(&sealed), Err(OpenError::Forged));
    }

    #[test]
    fn derived_keys_follow_the_key_and_the_purpose() {
        let key = SealKey::from_bytes(&[7u8; 32]);
        let same = SealKey::from_bytes(&[7u8; 32]);
        let other = SealKey::from_bytes(&[8u8; 32]);
        assert_eq!(key.derive(b"settings"), same.derive(b"settings"));
        assert_ne!(key.derive(b"settings"), key.derive(b"other"));
        assert_ne!(key.derive(b"settings"), other.derive(b"settings"));
        assert_ne!(key.derive(b"settings"), [7u8; 32]);
    }

    #[test]
    fn garbage_is_refused_without_panicking() {
        let key = SealKey::random().unwrap();
        assert_eq!(key.open("not base64 !"), Err(OpenError::Encoding));
        assert_eq!(key.open("AAAA"), Err(OpenError::Truncated));
        assert_eq!(key.open(""), Err(OpenError::Truncated));
    }

    #[test]
    fn keys_parse_from_base64() {
        let text = STANDARD.encode([7u8; 32]);
        let key = SealKey::from_base64(&text).unwrap();
        let url_text = URL_SAFE_NO_PAD.encode([7u8; 32]);
        let same = SealKey::from_base64(&url_text).unwrap();
        assert_eq!(same.open(&key.seal(b"k").unwrap()).unwrap(), b"k");
        assert!(matches!(
            SealKey::from_base64(&STANDARD.encode([1u8; 16])),
            Err(KeyError::WrongLength(16))
        ));
        assert!(matches!(
            SealKey::from_base64("%%%"),
            Err(KeyError::NotBase64)
        ));
    }
}
