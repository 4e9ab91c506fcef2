//! The keyring of session keys: new cookies are sealed with the current key, cookies sealed
//! with a previous key still open, so an operator can roll a new key in without signing
//! everyone out. A cookie names its key with a short id: `<key id>.<sealed>`.

use super::seal::{KeyError, OpenError, SealKey};
use std::fmt;

/// Names a key in the cookies it sealed: 4 bytes of a SHA-256 of the key, in hex. It says
/// which key to try, nothing about the key itself.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId([u8; 4]);

/// Keeps ids of session keys apart from any other hash of the same bytes.
const KEY_ID_CONTEXT: &[u8] = b"facteur-session-key-id\0";

impl KeyId {
    /// The id of the key made of `bytes`.
    pub fn of(bytes: &[u8; 32]) -> KeyId {
        let mut context = ring::digest::Context::new(&ring::digest::SHA256);
        context.update(KEY_ID_CONTEXT);
        context.update(bytes);
        let digest = context.finish();
        let mut id = [0u8; 4];
        id.copy_from_slice(&digest.as_ref()[..4]);
        KeyId(id)
    }

    /// The id as it appears in a cookie: 8 lowercase hex digits.
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.hex())
    }
}

/// The current key, which seals, and the previous ones, which only open.
#[derive(Debug, Clone)]
pub struct SessionKeys {
    current: SealKey,
    previous: Vec<SealKey>,
}

impl SessionKeys {
    /// A keyring; a previous key equal to the current one (or listed twice) is kept once.
    pub fn new(current: SealKey, previous: Vec<SealKey>) -> SessionKeys {
        let mut kept: Vec<SealKey> = Vec::new();
        for key in previous {
            if key.id() != current.id() && kept.iter().all(|k| k.id() != key.id()) {
                kept.push(key);
            }
        }
        SessionKeys {
            current,
            previous: kept,
        }
    }

    /// A keyring of one key.
    pub fn single(key: SealKey) -> SessionKeys {
        SessionKeys::new(key, Vec::new())
    }

    /// The key new cookies are sealed with.
    pub fn current(&self) -> &SealKey {
        &self.current
    }

    /// The current key first, then the previous ones.
    pub fn all(&self) -> impl Iterator<Item = &SealKey> {
        std::iter::once(&self.current).chain(&self.previous)
    }

    /// Seals with the current key: `<key id>.<sealed>`.
    pub fn seal(&self, plaintext: &[u8]) -> Result<String, KeyError> {
        let sealed = self.current.seal(plaintext)?;
        Ok(format!("{}.{sealed}", self.current.id().hex()))
    }

    /// Opens a value sealed with the current or a previous key.
    pub fn open(&self, value: &str) -> Result<Vec<u8>, OpenError> {
        let (id, sealed) = value.trim().split_once('.').ok_or(OpenError::Encoding)?;
        let key = self
            .all()
            .find(|key| key.id().hex() == id)
            .ok_or(OpenError::UnknownKey)?;
        key.open(sealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_are_stable_and_tell_keys_apart() {
        let a = KeyId::of(&[1u8; 32]);
        assert_eq!(a, KeyId::of(&[1u8; 32]));
        assert_ne!(a, KeyId::of(&[2u8; 32]));
        assert_eq!(a.hex().len(), 8);
        assert!(a.hex().bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(SealKey::from_bytes(&[1u8; 32]).id(), a);
    }

    #[test]
    fn rolling_a_key_keeps_old_cookies_open_and_seals_new_ones_with_the_new_key() {
        let old = SealKey::from_bytes(&[1u8; 32]);
        let new = SealKey::from_bytes(&[2u8; 32]);
        let before = SessionKeys::single(old.clone());
        let old_cookie = before.seal(b"old session").unwrap();
        assert!(old_cookie.starts_with(&format!("{}.", old.id().hex())));

        let rolled = SessionKeys::new(new.clone(), vec![old.clone()]);
        assert_eq!(rolled.open(&old_cookie).unwrap(), b"old session");
        let new_cookie = rolled.seal(b"new session").unwrap();
        assert!(new_cookie.starts_with(&format!("{}.", new.id().hex())));
        assert_eq!(rolled.open(&new_cookie).unwrap(), b"new session");
        // The bridge that has not rolled yet cannot open what the new key sealed.
        assert_eq!(before.open(&new_cookie), Err(OpenError::UnknownKey));

        // Once the old key is dropped from the keyring, its cookies no longer open.
        let retired = SessionKeys::single(new);
        assert_eq!(retired.open(&old_cookie), Err(OpenError::UnknownKey));
        assert_eq!(retired.open(&new_cookie).unwrap(), b"new session");
    }

    #[test]
    fn a_forged_key_id_does_not_open_with_another_key() {
        let old = SealKey::from_bytes(&[1u8; 32]);
        let new = SealKey::from_bytes(&[2u8; 32]);
        let keys = SessionKeys::new(new.clone(), vec![old.clone()]);
        let cookie = keys.seal(b"x").unwrap();
        let (_, sealed) = cookie.split_once('.').unwrap();
        let relabelled = format!("{}.{sealed}", old.id().hex());
        assert_eq!(keys.open(&relabelled), Err(OpenError::Forged));
    }

    #[test]
    fn values_without_a_key_id_are_refused() {
        let keys = SessionKeys::single(SealKey::random().unwrap());
        let bare = keys.current().seal(b"x").unwrap();
        assert_eq!(keys.open(&bare), Err(OpenError::Encoding));
        assert_eq!(keys.open(""), Err(OpenError::Encoding));
        assert_eq!(keys.open("zz.AAAA"), Err(OpenError::UnknownKey));
    }

    #[test]
    fn duplicate_previous_keys_are_kept_once() {
        let a = SealKey::from_bytes(&[1u8; 32]);
        let b = SealKey::from_bytes(&[2u8; 32]);
        let keys = SessionKeys::new(a.clone(), vec![a, b.clone(), b]);
        assert_eq!(keys.previous.len(), 1);
    }
}
