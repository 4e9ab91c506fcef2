//! The address book of each session, kept for a few minutes: building it reads the
//! envelopes of hundreds of messages, and suggestions are asked at every key press.

use super::address_book::AddressBook;
use crate::session::SessionId;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a session's address book is reused.
pub const TTL: Duration = Duration::from_secs(5 * 60);
/// Most sessions whose books are kept; the oldest go first.
const MAX_SESSIONS: usize = 1000;

/// Address books by session, each with when it was built.
#[derive(Debug, Default)]
pub struct AddressCache {
    books: Mutex<HashMap<SessionId, (Instant, Arc<AddressBook>)>>,
}

impl AddressCache {
    /// The session's book when built less than [`TTL`] ago.
    pub fn get(&self, session: SessionId, now: Instant) -> Option<Arc<AddressBook>> {
        let books = self.lock();
        books
            .get(&session)
            .filter(|(built, _)| now.saturating_duration_since(*built) < TTL)
            .map(|(_, book)| book.clone())
    }

    /// Keeps `book` for the session; expired books of every session are dropped.
    pub fn put(&self, session: SessionId, book: Arc<AddressBook>, now: Instant) {
        let mut books = self.lock();
        books.retain(|_, (built, _)| now.saturating_duration_since(*built) < TTL);
        if books.len() >= MAX_SESSIONS
            && let Some(oldest) = books
                .iter()
                .min_by_key(|(_, (built, _))| *built)
                .map(|(id, _)| *id)
        {
            books.remove(&oldest);
        }
        books.insert(session, (now, book));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<SessionId, (Instant, Arc<AddressBook>)>> {
        self.books.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn books_expire_and_are_per_session() {
        let cache = AddressCache::default();
        let me = SessionId::random().unwrap();
        let other = SessionId::random().unwrap();
        let start = Instant::now();
        cache.put(me, Arc::new(AddressBook::default()), start);
        assert!(cache.get(me, start + Duration::from_secs(10)).is_some());
        assert!(cache.get(other, start).is_none());
        assert!(cache.get(me, start + TTL).is_none());
    }
}
