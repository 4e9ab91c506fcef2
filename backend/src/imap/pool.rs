//! Live IMAP connections, kept as a cache keyed by session id.
//!
//! Never the source of truth: the sealed cookie has everything needed to reopen a
//! connection, so any instance can serve any request, and a restart loses nothing.
//! Bounded (least recently used idle connection goes first; a session whose connection
//! is needed while every cached one is busy is served anyway, over the bound, until they
//! finish) and idle-evicted by a background task; a cached connection found dead is reopened and a read retried once.
//! What must not happen twice (an APPEND, a move, a settings save) is never retried: a
//! connection lost half-way may have lost only the server's answer, and the work is done
//! (see [`ConnectionPool::run_once`]).

use super::connect::{Connector, ImapSession};
use super::message_cache::MessageCache;
use crate::config::PoolConfig;
use crate::error::{Error, Result};
use crate::session::{Account, SessionId};
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// One cached connection; its async mutex serializes the session's requests.
struct Slot {
    session: tokio::sync::Mutex<Option<ImapSession>>,
    /// Milliseconds since the pool's epoch at the last use.
    last_used: AtomicU64,
}

/// Bytes of recently opened messages the bridge keeps, all sessions together.
pub const MESSAGE_CACHE_BYTES: usize = 64 * 1024 * 1024;

/// The cache of live connections.
pub struct ConnectionPool {
    slots: Mutex<HashMap<SessionId, Arc<Slot>>>,
    /// Messages the sessions opened lately; a session's go with its connection.
    messages: Arc<MessageCache>,
    max_connections: usize,
    idle_timeout: Duration,
    command_timeout: Duration,
    epoch: Instant,
}

impl std::fmt::Debug for ConnectionPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConnectionPool")
            .field("connections", &self.len())
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

impl ConnectionPool {
    /// An empty pool.
    pub fn new(config: &PoolConfig, command_timeout: Duration) -> Self {
        ConnectionPool {
            slots: Mutex::new(HashMap::new()),
            messages: Arc::new(MessageCache::new(MESSAGE_CACHE_BYTES)),
            max_connections: config.max_connections.max(1),
            idle_timeout: Duration::from_secs(config.idle_timeout_secs.max(1)),
            command_timeout,
            epoch: Instant::now(),
        }
    }

    /// Starts the background task that closes idle connections; it ends with the pool.
    pub fn spawn_evictor(self: &Arc<Self>) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let weak: Weak<Self> = Arc::downgrade(self);
        let period = (self.idle_timeout / 4).clamp(Duration::from_secs(1), Duration::from_secs(30));
        runtime.spawn(async move {
            let mut ticker = tokio::time::interval(period);
            loop {
                ticker.tick().await;
                let Some(pool) = weak.upgrade() else { break };
                pool.evict_idle();
            }
        });
    }

    /// How many connections are cached.
    pub fn len(&self) -> usize {
        self.lock_slots().len()
    }

    /// Whether no connection is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Caches a freshly opened session (after sign-in).
    pub fn insert(&self, id: SessionId, session: ImapSession) {
        let slot = self.slot(id);
        if let Ok(mut guard) = slot.session.try_lock() {
            *guard = Some(session);
        }
    }

    /// The messages the sessions opened lately.
    pub fn messages(&self) -> Arc<MessageCache> {
        self.messages.clone()
    }

    /// Drops the session's connection and the messages it opened (sign-out), logging out
    /// politely in the background.
    pub fn remove(&self, id: &SessionId) {
        self.messages.forget_session(id);
        let slot = self.lock_slots().remove(id);
        if let Some(slot) = slot {
            tokio::spawn(async move {
                let mut guard = slot.session.lock().await;
                if let Some(mut session) = guard.take() {
                    let _ = tokio::time::timeout(Duration::from_secs(5), session.logout()).await;
                }
            });
        }
    }

    /// Runs `op` on the account's connection, opening one when none is cached, and
    /// retrying once on a fresh connection when the cached one turns out to be dead.
    pub async fn run<T, F>(&self, connector: &Connector, account: &Account, op: F) -> Result<T>
    where
        F: for<'s> Fn(&'s mut ImapSession) -> BoxFuture<'s, Result<T>>,
    {
        let slot = self.slot(account.id);
        let mut guard = slot.session.lock().await;
        self.touch(&slot);
        let cached = guard.take();
        let was_cached = cached.is_some();
        let mut session = match cached {
            Some(session) => session,
            None => open(connector, account).await?,
        };
        let mut result = self.attempt(&mut session, &op).await;
        if was_cached && matches!(result, Err(Error::ConnectionLost(_))) {
            tracing::debug!(session = ?account.id, "cached IMAP connection was dead; reopening");
            session = open(connector, account).await?;
            result = self.attempt(&mut session, &op).await;
        }
        self.put_back(&slot, &mut guard, session, &result);
        result
    }

    /// Runs `op` exactly once, for operations that must not be repeated: the server may
    /// have done the work when only its answer was lost, and a second APPEND, COPY or
    /// MOVE would duplicate it. A cached connection is checked with NOOP first (and
    /// reopened when dead); a connection lost or timed out during `op` is answered as
    /// `ChangeOutcomeUnknown`, never retried.
    pub async fn run_once<T, F>(&self, connector: &Connector, account: &Account, op: F) -> Result<T>
    where
        F: for<'s> Fn(&'s mut ImapSession) -> BoxFuture<'s, Result<T>>,
    {
        let slot = self.slot(account.id);
        let mut guard = slot.session.lock().await;
        self.touch(&slot);
        let mut session = match guard.take() {
            Some(mut cached) => {
                if self.alive(&mut cached).await {
                    cached
                } else {
                    tracing::debug!(session = ?account.id, "cached IMAP connection was dead; reopening");
                    open(connector, account).await?
                }
            }
            None => open(connector, account).await?,
        };
        let result = self.attempt(&mut session, &op).await;
        self.put_back(&slot, &mut guard, session, &result);
        // Cut off half-way, the server may have done it: say so, never "failed".
        result.map_err(|error| match error {
            Error::ConnectionLost(text) | Error::Timeout(text) => Error::ChangeOutcomeUnknown(text),
            other => other,
        })
    }

    /// Whether a cached connection still answers.
    async fn alive(&self, session: &mut ImapSession) -> bool {
        matches!(
            tokio::time::timeout(self.command_timeout, session.noop()).await,
            Ok(Ok(()))
        )
    }

    /// Caches the session again unless the operation's error broke it.
    fn put_back<T>(
        &self,
        slot: &Slot,
        guard: &mut Option<ImapSession>,
        session: ImapSession,
        result: &Result<T>,
    ) {
        match result {
            Err(error) if error.breaks_connection() => {}
            _ => *guard = Some(session),
        }
        self.touch(slot);
    }

    async fn attempt<T, F>(&self, session: &mut ImapSession, op: &F) -> Result<T>
    where
        F: for<'s> Fn(&'s mut ImapSession) -> BoxFuture<'s, Result<T>>,
    {
        session.get_mut().start_operation();
        tokio::time::timeout(self.command_timeout, op(session))
            .await
            .unwrap_or_else(|_| Err(Error::Timeout("the IMAP server took too long".into())))
    }

    /// Closes connections unused for longer than the idle timeout.
    pub fn evict_idle(&self) {
        self.evict_idle_at(self.now_millis());
    }

    /// [`Self::evict_idle`] as of `now`, milliseconds since the pool's epoch (tests pass
    /// the time instead of waiting for it).
    fn evict_idle_at(&self, now: u64) {
        let idle = u64::try_from(self.idle_timeout.as_millis()).unwrap_or(u64::MAX);
        let mut closed = Vec::new();
        self.lock_slots().retain(|id, slot| {
            let busy = slot.session.try_lock().is_err();
            let kept = busy || now.saturating_sub(slot.last_used.load(Ordering::Relaxed)) < idle;
            if !kept {
                closed.push(*id);
            }
            kept
        });
        for id in &closed {
            self.messages.forget_session(id);
        }
    }

    fn slot(&self, id: SessionId) -> Arc<Slot> {
        let mut slots = self.lock_slots();
        if let Some(slot) = slots.get(&id) {
            return slot.clone();
        }
        // At the limit, idle connections go, least recently used first, until there is
        // room. Busy ones are never cut: when every cached connection is in a request,
        // this session's is opened anyway and the pool runs over its bound until some
        // finish (a request is never refused because others are in flight).
        while slots.len() >= self.max_connections {
            let victim = slots
                .iter()
                .filter(|(_, slot)| slot.session.try_lock().is_ok())
                .min_by_key(|(_, slot)| slot.last_used.load(Ordering::Relaxed))
                .map(|(id, _)| *id);
            match victim {
                Some(victim) => {
                    slots.remove(&victim);
                    self.messages.forget_session(&victim);
                }
                None => break,
            }
        }
        let slot = Arc::new(Slot {
            session: tokio::sync::Mutex::new(None),
            last_used: AtomicU64::new(self.now_millis()),
        });
        slots.insert(id, slot.clone());
        slot
    }

    fn touch(&self, slot: &Slot) {
        slot.last_used.store(self.now_millis(), Ordering::Relaxed);
    }

    fn now_millis(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn lock_slots(&self) -> std::sync::MutexGuard<'_, HashMap<SessionId, Arc<Slot>>> {
        self.slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

async fn open(connector: &Connector, account: &Account) -> Result<ImapSession> {
    connector
        .open(&account.imap, &account.username, &account.password)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(max: usize, idle_secs: u64) -> ConnectionPool {
        ConnectionPool::new(
            &PoolConfig {
                max_connections: max,
                idle_timeout_secs: idle_secs,
            },
            Duration::from_secs(5),
        )
    }

    #[test]
    fn the_pool_is_bounded() {
        let pool = pool(2, 300);
        let ids: Vec<SessionId> = (0..3).map(|_| SessionId::random().unwrap()).collect();
        for id in &ids {
            pool.slot(*id);
        }
        assert_eq!(pool.len(), 2);
        assert!(pool.lock_slots().contains_key(&ids[2]));
    }

    #[tokio::test]
    async fn at_its_limit_the_pool_serves_a_new_session_even_when_all_are_busy() {
        let pool = pool(2, 300);
        let first = pool.slot(SessionId::random().unwrap());
        let second = pool.slot(SessionId::random().unwrap());
        let busy = (first.session.lock().await, second.session.lock().await);
        // Both in a request: the third is not refused, the pool goes over its bound.
        let third_id = SessionId::random().unwrap();
        pool.slot(third_id);
        assert_eq!(pool.len(), 3);
        drop(busy);
        // Once they are free, the next new session brings it back under the bound,
        // closing the least recently used first.
        first.last_used.store(0, Ordering::Relaxed);
        second.last_used.store(1, Ordering::Relaxed);
        pool.lock_slots()[&third_id]
            .last_used
            .store(2, Ordering::Relaxed);
        let fourth_id = SessionId::random().unwrap();
        pool.slot(fourth_id);
        assert_eq!(pool.len(), 2);
        let kept = pool.lock_slots();
        assert!(kept.contains_key(&third_id) && kept.contains_key(&fourth_id));
    }

    #[tokio::test]
    async fn idle_slots_are_evicted_and_busy_ones_kept() {
        let pool = pool(10, 1);
        let idle = pool.slot(SessionId::random().unwrap());
        let busy = pool.slot(SessionId::random().unwrap());
        let recent = pool.slot(SessionId::random().unwrap());
        idle.last_used.store(0, Ordering::Relaxed);
        busy.last_used.store(0, Ordering::Relaxed);
        recent.last_used.store(500, Ordering::Relaxed);
        let _guard = busy.session.lock().await;
        // 1.1 s after the first two were used, 0.6 s after the third: only the idle one
        // is past the 1 s timeout and free.
        pool.evict_idle_at(1_100);
        assert_eq!(pool.len(), 2);
        assert!(Arc::strong_count(&idle) == 1, "the idle slot left the pool");
        let kept = pool.lock_slots();
        assert!(kept.values().any(|slot| Arc::ptr_eq(slot, &busy)));
        assert!(kept.values().any(|slot| Arc::ptr_eq(slot, &recent)));
    }
}
