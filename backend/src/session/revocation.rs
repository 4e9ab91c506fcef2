//! Signed-out sessions: the one piece of state the bridge keeps about sessions. A sealed
//! cookie stays valid until it expires, so sign-out records the session's id here and every
//! authenticated request checks it. One instance keeps the list in memory; several share
//! it through Valkey/Redis (`[session] revocation_url`), so a sign-out on one is honoured by
//! all. Each entry lives only until the cookie it refuses would have expired anyway.
//!
//! When the shared store cannot be reached, the bridge fails closed: it cannot tell whether
//! a session was signed out elsewhere, so authenticated requests get `503
//! session_store_unavailable` rather than a guess.

use super::account::SessionId;
use super::revocation_store::SharedRevocations;
use crate::error::Result;
use std::collections::HashMap;
use std::sync::Mutex;

/// Where signed-out sessions are recorded.
#[derive(Debug)]
pub enum Revocations {
    /// In this process only: right for a single instance.
    Memory(MemoryRevocations),
    /// In a Valkey/Redis server every instance shares.
    Shared(Box<SharedRevocations>),
}

impl Revocations {
    /// The in-memory list, or the shared one when `url` (a `redis://` URL) is given.
    pub fn new(url: Option<&str>) -> std::result::Result<Revocations, RevocationUrlError> {
        match url {
            None => Ok(Revocations::Memory(MemoryRevocations::default())),
            Some(url) => Ok(Revocations::Shared(Box::new(SharedRevocations::new(url)?))),
        }
    }

    /// Records that the session `id`, whose cookie expires at `expires_at`, is signed out.
    pub async fn revoke(&self, id: SessionId, expires_at: i64, now: i64) -> Result<()> {
        let Some(ttl) = remaining_secs(expires_at, now) else {
            // Already expired: its cookie is refused without any record.
            return Ok(());
        };
        match self {
            Revocations::Memory(list) => {
                list.revoke(id, expires_at, now);
                Ok(())
            }
            Revocations::Shared(store) => store.revoke(id, ttl).await,
        }
    }

    /// Whether the session `id` was signed out.
    pub async fn is_revoked(&self, id: SessionId, now: i64) -> Result<bool> {
        match self {
            Revocations::Memory(list) => Ok(list.is_revoked(id, now)),
            Revocations::Shared(store) => store.is_revoked(id).await,
        }
    }
}

/// The `[session] revocation_url` is not a usable Valkey/Redis URL.
#[derive(Debug, thiserror::Error)]
#[error("session revocation_url: not a usable redis:// URL ({0})")]
pub struct RevocationUrlError(pub String);

/// Seconds until `expires_at`, or `None` when it has passed.
pub fn remaining_secs(expires_at: i64, now: i64) -> Option<u64> {
    u64::try_from(expires_at.saturating_sub(now))
        .ok()
        .filter(|secs| *secs > 0)
}

/// Signed-out sessions of this process, each kept until its cookie would have expired.
#[derive(Debug, Default)]
pub struct MemoryRevocations {
    until: Mutex<HashMap<SessionId, i64>>,
}

impl MemoryRevocations {
    /// Records `id` until `expires_at`, forgetting the entries whose time has passed.
    pub fn revoke(&self, id: SessionId, expires_at: i64, now: i64) {
        let mut until = self.until.lock().unwrap_or_else(|e| e.into_inner());
        until.retain(|_, expiry| *expiry > now);
        until.insert(id, expires_at);
    }

    /// Whether `id` is signed out (and its cookie not yet expired).
    pub fn is_revoked(&self, id: SessionId, now: i64) -> bool {
        let until = self.until.lock().unwrap_or_else(|e| e.into_inner());
        until.get(&id).is_some_and(|expiry| *expiry > now)
    }

    /// How many entries are kept (for the test that memory stays bounded).
    pub fn len(&self) -> usize {
        self.until.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Whether no entry is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revoked_session_stays_revoked_until_its_cookie_expires() {
        let list = MemoryRevocations::default();
        let a = SessionId::random().unwrap();
        let b = SessionId::random().unwrap();
        list.revoke(a, 1_000, 100);
        assert!(list.is_revoked(a, 100));
        assert!(list.is_revoked(a, 999));
        assert!(!list.is_revoked(b, 100));
        // Past its expiry the cookie is refused for that reason; the entry is not needed.
        assert!(!list.is_revoked(a, 1_000));
    }

    #[test]
    fn expired_entries_are_forgotten_so_memory_stays_bounded() {
        let list = MemoryRevocations::default();
        for i in 0..100 {
            list.revoke(SessionId::random().unwrap(), 200 + i, 100);
        }
        assert_eq!(list.len(), 100);
        // Later, every earlier cookie has expired: one sign-out sweeps them all.
        list.revoke(SessionId::random().unwrap(), 10_000, 5_000);
        assert_eq!(list.len(), 1);
    }

    #[test]
    fn remaining_time_is_positive_or_none() {
        assert_eq!(remaining_secs(1_000, 400), Some(600));
        assert_eq!(remaining_secs(1_000, 1_000), None);
        assert_eq!(remaining_secs(1_000, 2_000), None);
        assert_eq!(remaining_secs(i64::MAX, i64::MIN), Some(i64::MAX as u64));
    }

    #[tokio::test]
    async fn an_expired_session_needs_no_record() {
        let revocations = Revocations::new(None).unwrap();
        let id = SessionId::random().unwrap();
        revocations.revoke(id, 50, 100).await.unwrap();
        let Revocations::Memory(list) = &revocations else {
            panic!("memory list expected")
        };
        assert!(list.is_empty());
        revocations.revoke(id, 500, 100).await.unwrap();
        assert!(revocations.is_revoked(id, 100).await.unwrap());
    }

    #[test]
    fn a_bad_url_is_refused_at_start() {
        assert!(Revocations::new(Some("not a url")).is_err());
        assert!(Revocations::new(Some("redis://127.0.0.1:6379/")).is_ok());
    }
}
