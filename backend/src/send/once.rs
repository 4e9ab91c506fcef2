//! Idempotent sending: the same key sends once. A second request with a key already
//! running waits for the first and gets the same answer (a double click, a retried
//! request); a success is remembered for a while, in a bounded map, a failure is not (a
//! retry after it sends again).

use crate::error::Error;
use futures::FutureExt;
use futures::future::{BoxFuture, Shared};
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an answer is remembered.
pub const REMEMBER_FOR: Duration = Duration::from_secs(10 * 60);

/// How many answers are remembered at most (finished ones are forgotten first).
pub const CAPACITY: usize = 4096;

/// What a run ends with, shared by every request that waited for it.
pub type Outcome<T> = Arc<Result<T, Error>>;

/// Runs work at most once per key.
pub struct Once<K, T> {
    entries: Mutex<HashMap<K, Entry<T>>>,
    remember_for: Duration,
    capacity: usize,
}

struct Entry<T> {
    started: Instant,
    outcome: Shared<BoxFuture<'static, Outcome<T>>>,
}

impl<K, T> std::fmt::Debug for Once<K, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Once")
            .field("remember_for", &self.remember_for)
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

impl<K: Hash + Eq + Clone, T: Send + Sync + 'static> Default for Once<K, T> {
    fn default() -> Self {
        Once::new(REMEMBER_FOR, CAPACITY)
    }
}

impl<K: Hash + Eq + Clone, T: Send + Sync + 'static> Once<K, T> {
    /// An empty map remembering answers for `remember_for`, at most `capacity` of them.
    pub fn new(remember_for: Duration, capacity: usize) -> Once<K, T> {
        Once {
            entries: Mutex::new(HashMap::new()),
            remember_for,
            capacity: capacity.max(1),
        }
    }

    /// The outcome of the run for `key`: a remembered or running one, else `work`,
    /// started now. The work runs in its own task, so it finishes (and its answer is
    /// remembered) even when every request waiting for it is gone.
    pub async fn run<F>(&self, key: K, now: Instant, work: F) -> Outcome<T>
    where
        F: Future<Output = Result<T, Error>> + Send + 'static,
    {
        let outcome = {
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            let remembered = entries
                .get(&key)
                .filter(|entry| !self.expired(entry, now))
                .map(|entry| entry.outcome.clone());
            match remembered {
                Some(outcome) => outcome,
                None => {
                    self.make_room(&mut entries, now);
                    let task = tokio::spawn(work);
                    let outcome =
                        async move {
                            Arc::new(task.await.unwrap_or_else(|e| {
                                Err(Error::internal("the send task failed", e))
                            }))
                        }
                        .boxed()
                        .shared();
                    entries.insert(
                        key,
                        Entry {
                            started: now,
                            outcome: outcome.clone(),
                        },
                    );
                    outcome
                }
            }
        };
        outcome.await
    }

    /// How many runs are remembered or running.
    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A finished run older than the memory, or one that failed; a running one never
    /// expires (someone may be waiting for it, and a new run would send a second time).
    /// A failure is forgotten at once so that "send again" tries again: the message was
    /// kept in Drafts, and remembering the failure would refuse every retry.
    fn expired(&self, entry: &Entry<T>, now: Instant) -> bool {
        match entry.outcome.peek() {
            Some(outcome) => {
                outcome.is_err() || now.saturating_duration_since(entry.started) > self.remember_for
            }
            None => false,
        }
    }

    fn make_room(&self, entries: &mut HashMap<K, Entry<T>>, now: Instant) {
        entries.retain(|_, entry| !self.expired(entry, now));
        while entries.len() >= self.capacity {
            let oldest_finished = entries
                .iter()
                .filter(|(_, entry)| entry.outcome.peek().is_some())
                .min_by_key(|(_, entry)| entry.started)
                .map(|(key, _)| key.clone());
            match oldest_finished {
                Some(key) => {
                    entries.remove(&key);
                }
                // Only running sends: those are bounded by the requests in flight.
                None => break,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::sync::Notify;

    fn counted(
        runs: &Arc<AtomicUsize>,
        gate: Option<Arc<Notify>>,
        answer: u32,
    ) -> impl Future<Output = Result<u32, Error>> + Send + 'static {
        let runs = runs.clone();
        async move {
            runs.fetch_add(1, Ordering::SeqCst);
            if let Some(gate) = gate {
                gate.notified().await;
            }
            Ok(answer)
        }
    }

    #[tokio::test]
    async fn a_second_request_waits_for_the_first_and_gets_its_answer() {
        let once: Arc<Once<&str, u32>> = Arc::new(Once::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(Notify::new());
        let now = Instant::now();
        let first = {
            let (once, work) = (once.clone(), counted(&runs, Some(gate.clone()), 1));
            tokio::spawn(async move { once.run("key", now, work).await })
        };
        // The first run is registered before the second asks.
        while once.is_empty() {
            tokio::task::yield_now().await;
        }
        let second = {
            let (once, work) = (once.clone(), counted(&runs, None, 2));
            tokio::spawn(async move { once.run("key", now, work).await })
        };
        gate.notify_one();
        let (first, second) = (first.await.unwrap(), second.await.unwrap());
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert!(matches!(*first, Ok(1)));
        assert!(matches!(*second, Ok(1)));
        // Later, within memory: still the same answer, no new run.
        let third = once
            .run(
                "key",
                now + Duration::from_secs(60),
                counted(&runs, None, 3),
            )
            .await;
        assert!(matches!(*third, Ok(1)));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn other_keys_run_and_old_answers_are_forgotten() {
        let once: Once<&str, u32> = Once::new(Duration::from_secs(600), 2);
        let runs = Arc::new(AtomicUsize::new(0));
        let now = Instant::now();
        assert!(matches!(
            *once.run("a", now, counted(&runs, None, 1)).await,
            Ok(1)
        ));
        assert!(matches!(
            *once.run("b", now, counted(&runs, None, 2)).await,
            Ok(2)
        ));
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        let later = now + Duration::from_secs(601);
        assert!(matches!(
            *once.run("a", later, counted(&runs, None, 3)).await,
            Ok(3)
        ));
        assert_eq!(runs.load(Ordering::SeqCst), 3);
        // The capacity holds: "b" expired, and the map never grows past 2.
        once.run("c", later, counted(&runs, None, 4)).await;
        once.run("d", later, counted(&runs, None, 5)).await;
        assert!(once.len() <= 2, "{}", once.len());
    }

    #[tokio::test]
    async fn a_run_finishes_even_when_nobody_waits() {
        let once: Arc<Once<&str, u32>> = Arc::new(Once::default());
        let runs = Arc::new(AtomicUsize::new(0));
        let gate = Arc::new(Notify::new());
        let now = Instant::now();
        let waiting = {
            let (once, work) = (once.clone(), counted(&runs, Some(gate.clone()), 7));
            tokio::spawn(async move { once.run("k", now, work).await })
        };
        while once.is_empty() {
            tokio::task::yield_now().await;
        }
        waiting.abort();
        gate.notify_one();
        let again = once.run("k", now, counted(&runs, None, 8)).await;
        assert!(matches!(*again, Ok(7)));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_failure_is_not_remembered_so_a_retry_sends_again() {
        let once: Once<&str, u32> = Once::default();
        let runs = Arc::new(AtomicUsize::new(0));
        let now = Instant::now();
        let failed = once
            .run("k", now, async {
                Err(Error::ConnectionLost("cut after DATA".into()))
            })
            .await;
        assert!(matches!(*failed, Err(Error::ConnectionLost(_))));
        let retried = once.run("k", now, counted(&runs, None, 9)).await;
        assert!(matches!(*retried, Ok(9)));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        // The success is remembered: a third click sends nothing.
        let again = once.run("k", now, counted(&runs, None, 10)).await;
        assert!(matches!(*again, Ok(9)));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
