//! Messages opened recently, kept so that the reader's requests for one message (its
//! detail, its body document, its attachments) download it from the server once.
//!
//! Keyed by session, folder, UIDVALIDITY and UID: under one UIDVALIDITY a UID always names
//! the same bytes (RFC 9051 §2.3.1.1), so an entry can only be stale in its flags, which
//! the detail fetches again. Bounded in bytes for the whole bridge, least recently used
//! first out; a session's entries go with its connection (sign-out, idle eviction).

use super::connect::ImapSession;
use super::fetch::fetch_selected;
use super::messages::message_meta;
use super::partial::{ReadableMessage, fetch_readable};
use super::selection::{Freshness, examined, keep};
use crate::error::Result;
use crate::mime::parse::MessageMeta;
use crate::session::SessionId;
use facteur_model::{FolderPath, Uid, UidValidity};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Whether the caller shows the message's flags (the detail) or only its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagsNeeded {
    /// Flags as the server has them now: one small FETCH on a cache hit.
    Current,
    /// Content only (body document, attachments).
    No,
}

/// Message `uid` of `folder` for reading, from `cache` when this session opened it
/// lately (no download), else fetched ([`fetch_readable`]) and kept; with its IMAP facts,
/// the flags as the server has them now when `flags` asks.
pub async fn readable(
    session: &mut ImapSession,
    cache: &MessageCache,
    session_id: SessionId,
    folder: &FolderPath,
    uid: Uid,
    flags: FlagsNeeded,
) -> Result<(Arc<ReadableMessage>, MessageMeta)> {
    let selected = examined(session, folder, Freshness::AsIs).await?;
    let key = MessageKey {
        session: session_id,
        folder: folder.clone(),
        uid_validity: UidValidity(selected.uid_validity),
        uid,
    };
    keep(session, selected);
    if let Some(kept) = cache.get(&key) {
        let mut meta = kept.meta.clone();
        if flags == FlagsNeeded::Current {
            let fetch =
                fetch_selected(session, uid, "(UID FLAGS INTERNALDATE RFC822.SIZE)").await?;
            if let Some(current) = message_meta(&fetch) {
                meta = current;
            }
        }
        return Ok((kept, meta));
    }
    let message = Arc::new(fetch_readable(session, folder, uid).await?);
    cache.insert(key, message.clone());
    let meta = message.meta.clone();
    Ok((message, meta))
}

/// Which message an entry holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MessageKey {
    pub session: SessionId,
    pub folder: FolderPath,
    pub uid_validity: UidValidity,
    pub uid: Uid,
}

struct Entry {
    message: Arc<ReadableMessage>,
    bytes: usize,
    last_used: u64,
}

#[derive(Default)]
struct Entries {
    map: HashMap<MessageKey, Entry>,
    bytes: usize,
    clock: u64,
}

/// The cache; cheap to share behind the connection pool.
pub struct MessageCache {
    entries: Mutex<Entries>,
    max_bytes: usize,
}

impl std::fmt::Debug for MessageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entries = self.lock();
        f.debug_struct("MessageCache")
            .field("messages", &entries.map.len())
            .field("bytes", &entries.bytes)
            .field("max_bytes", &self.max_bytes)
            .finish()
    }
}

impl MessageCache {
    /// An empty cache holding at most `max_bytes` of messages (0 turns it off).
    pub fn new(max_bytes: usize) -> MessageCache {
        MessageCache {
            entries: Mutex::new(Entries::default()),
            max_bytes,
        }
    }

    /// The message under `key`, if kept.
    pub fn get(&self, key: &MessageKey) -> Option<Arc<ReadableMessage>> {
        let mut entries = self.lock();
        entries.clock += 1;
        let now = entries.clock;
        let entry = entries.map.get_mut(key)?;
        entry.last_used = now;
        Some(entry.message.clone())
    }

    /// Keeps `message` under `key`, making room; a message bigger than an eighth of the
    /// cache is not kept (it would push out everything else).
    pub fn insert(&self, key: MessageKey, message: Arc<ReadableMessage>) {
        let bytes = size_of(&message);
        if bytes > self.max_bytes / 8 {
            return;
        }
        let mut entries = self.lock();
        entries.clock += 1;
        let last_used = entries.clock;
        if let Some(old) = entries.map.insert(
            key,
            Entry {
                message,
                bytes,
                last_used,
            },
        ) {
            entries.bytes -= old.bytes;
        }
        entries.bytes += bytes;
        while entries.bytes > self.max_bytes {
            let Some(oldest) = entries
                .map
                .iter()
                .min_by_key(|(_, entry)| entry.last_used)
                .map(|(key, _)| key.clone())
            else {
                break;
            };
            if let Some(gone) = entries.map.remove(&oldest) {
                entries.bytes -= gone.bytes;
            }
        }
    }

    /// Drops every message of `session` (signed out, or its connection closed).
    pub fn forget_session(&self, session: &SessionId) {
        let mut entries = self.lock();
        let mut freed = 0;
        entries.map.retain(|key, entry| {
            let keep = key.session != *session;
            if !keep {
                freed += entry.bytes;
            }
            keep
        });
        entries.bytes -= freed;
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What an entry weighs: its bytes and a little for its bookkeeping.
fn size_of(message: &ReadableMessage) -> usize {
    message.skeleton.bytes.len()
        + message.skeleton.placeholders.len() * 64
        + message.meta.keywords.iter().map(String::len).sum::<usize>()
        + 256
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::skeleton::Skeleton;
    use facteur_model::Timestamp;

    fn message(bytes: usize) -> Arc<ReadableMessage> {
        Arc::new(ReadableMessage {
            meta: MessageMeta {
                uid: Uid(1),
                flags: Vec::new(),
                keywords: Vec::new(),
                received: Timestamp(0),
                size: bytes as u32,
            },
            skeleton: Skeleton {
                bytes: vec![b'x'; bytes],
                placeholders: Vec::new(),
            },
        })
    }

    fn key(session: SessionId, uid: u32) -> MessageKey {
        MessageKey {
            session,
            folder: FolderPath::inbox(),
            uid_validity: UidValidity(1),
            uid: Uid(uid),
        }
    }

    #[test]
    fn bounded_in_bytes_least_recently_used_out() {
        let cache = MessageCache::new(8 * 1300);
        let session = SessionId::random().unwrap();
        for uid in 1..=8 {
            cache.insert(key(session, uid), message(1000));
        }
        assert!(cache.bytes() <= 8 * 1300);
        // 1 read again: 2 is now the least recently used, and goes first.
        assert!(cache.get(&key(session, 1)).is_some());
        cache.insert(key(session, 9), message(1000));
        cache.insert(key(session, 10), message(1000));
        assert!(cache.get(&key(session, 1)).is_some());
        assert!(cache.get(&key(session, 2)).is_none());
        assert!(cache.get(&key(session, 10)).is_some());
        assert!(cache.bytes() <= 8 * 1300);

        // Too big for the cache: not kept, nothing pushed out.
        let before = cache.bytes();
        cache.insert(key(session, 11), message(2000));
        assert!(cache.get(&key(session, 11)).is_none());
        assert_eq!(cache.bytes(), before);
    }

    #[test]
    fn another_uidvalidity_or_session_is_another_message_and_sign_out_drops_them() {
        let cache = MessageCache::new(1 << 20);
        let alice = SessionId::random().unwrap();
        let bob = SessionId::random().unwrap();
        cache.insert(key(alice, 1), message(100));
        cache.insert(key(bob, 1), message(100));
        let mut renumbered = key(alice, 1);
        renumbered.uid_validity = UidValidity(2);
        assert!(cache.get(&renumbered).is_none());
        cache.forget_session(&alice);
        assert!(cache.get(&key(alice, 1)).is_none());
        assert!(cache.get(&key(bob, 1)).is_some());
        cache.forget_session(&bob);
        assert_eq!(cache.bytes(), 0);
    }
}
