//! Reports already read, per session. A message never changes under one UIDVALIDITY,
//! so a report (or a candidate that turned out not to be one) read for one sent
//! message need not be fetched again for the next: opening the Sent folder and looking
//! at several messages then costs a SEARCH per folder, not a fetch of every report.

use super::search::Candidates;
use super::status::FoundReport;
use crate::session::SessionId;
use facteur_delivery::ReportLocation;
use facteur_model::{FolderPath, Uid};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The most messages remembered, all sessions together; the oldest go first.
pub const MAX_ENTRIES: usize = 5000;
/// How long a message is remembered: long enough for a reading session, short enough
/// that the entries of a session that ended go soon.
pub const TTL: Duration = Duration::from_secs(30 * 60);

/// One message of one session's mailbox, as IMAP names it for good.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MessageKey {
    pub session: SessionId,
    pub folder: FolderPath,
    pub uid_validity: u32,
    pub uid: Uid,
}

impl MessageKey {
    /// The key of the message at `location` of the session's mailbox.
    pub fn new(session: SessionId, location: &ReportLocation, uid_validity: u32) -> Self {
        MessageKey {
            session,
            folder: location.folder.clone(),
            uid_validity,
            uid: location.uid,
        }
    }
}

/// What reading a candidate gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CachedRead {
    /// A report, read.
    Report(Arc<FoundReport>),
    /// Its Content-Type mentioned "report" but it is not one.
    NotAReport,
}

/// Candidates read, by message, with when they were read.
#[derive(Debug, Default)]
pub struct ReportCache {
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    read: HashMap<MessageKey, (Instant, CachedRead)>,
    /// Keys in the order they were put (each once): the oldest are dropped first.
    order: VecDeque<MessageKey>,
}

impl ReportCache {
    /// What reading the message gave, when it was read less than [`TTL`] ago.
    pub fn get(&self, key: &MessageKey, now: Instant) -> Option<CachedRead> {
        let entries = self.lock();
        entries
            .read
            .get(key)
            .filter(|(at, _)| now.saturating_duration_since(*at) < TTL)
            .map(|(_, read)| read.clone())
    }

    /// Remembers what reading the message gave; expired entries are dropped, and the
    /// oldest ones past [`MAX_ENTRIES`].
    pub fn put(&self, key: MessageKey, read: CachedRead, now: Instant) {
        let mut entries = self.lock();
        let Entries { read: map, order } = &mut *entries;
        while let Some(front) = order.front() {
            let expired = map
                .get(front)
                .is_none_or(|(at, _)| now.saturating_duration_since(*at) >= TTL);
            if !expired && map.len() < MAX_ENTRIES {
                break;
            }
            if let Some(old) = order.pop_front() {
                map.remove(&old);
            }
        }
        if map.insert(key.clone(), (now, read)).is_none() {
            order.push_back(key);
        }
    }

    /// The reports among a search's candidates: those read before, and the fetched ones
    /// read now and remembered. Also gives back the folders searched.
    pub fn read_all(
        &self,
        session: SessionId,
        candidates: Candidates,
        now: Instant,
    ) -> (Vec<FoundReport>, Vec<FolderPath>) {
        let mut reports: Vec<FoundReport> = candidates
            .known
            .into_iter()
            .filter_map(|read| match read {
                CachedRead::Report(found) => Some(found.as_ref().clone()),
                CachedRead::NotAReport => None,
            })
            .collect();
        for candidate in &candidates.fetched {
            let read = candidate.read();
            if let Some(uid_validity) = candidate.uid_validity {
                let remembered = match &read {
                    Some(found) => CachedRead::Report(Arc::new(found.clone())),
                    None => CachedRead::NotAReport,
                };
                let key = MessageKey::new(session, &candidate.location, uid_validity);
                self.put(key, remembered, now);
            }
            reports.extend(read);
        }
        (reports, candidates.searched)
    }

    fn lock(&self) -> MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::search::RawCandidate;
    use facteur_model::Timestamp;

    fn key(session: SessionId, uid: u32) -> MessageKey {
        MessageKey {
            session,
            folder: FolderPath::inbox(),
            uid_validity: 7,
            uid: Uid(uid),
        }
    }

    #[test]
    fn reads_are_per_session_and_expire() {
        let cache = ReportCache::default();
        let me = SessionId::random().unwrap();
        let other = SessionId::random().unwrap();
        let start = Instant::now();
        cache.put(key(me, 1), CachedRead::NotAReport, start);
        let later = start + Duration::from_secs(60);
        assert_eq!(cache.get(&key(me, 1), later), Some(CachedRead::NotAReport));
        assert_eq!(cache.get(&key(other, 1), later), None);
        assert_eq!(cache.get(&key(me, 2), later), None);
        let other_validity = MessageKey {
            uid_validity: 8,
            ..key(me, 1)
        };
        assert_eq!(cache.get(&other_validity, later), None);
        assert_eq!(cache.get(&key(me, 1), start + TTL), None);
    }

    const BOUNCE: &[u8] = include_bytes!(
        "../../../shared/delivery/tests/resources/postfix/failed-unknown-user-5.1.1.eml"
    );

    fn candidate(uid: u32, bytes: &[u8], uid_validity: Option<u32>) -> RawCandidate {
        RawCandidate {
            location: ReportLocation {
                folder: FolderPath::inbox(),
                uid: Uid(uid),
            },
            uid_validity,
            received: Timestamp(uid.into()),
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn fetched_candidates_are_read_once_and_remembered() {
        let cache = ReportCache::default();
        let me = SessionId::random().unwrap();
        let now = Instant::now();
        let candidates = Candidates {
            known: Vec::new(),
            fetched: vec![
                candidate(1, BOUNCE, Some(7)),
                candidate(
                    2,
                    b"Content-Type: text/plain; x=report\r\n\r\nhi\r\n",
                    Some(7),
                ),
                candidate(3, BOUNCE, None),
            ],
            searched: vec![FolderPath::inbox()],
        };
        let (reports, searched) = cache.read_all(me, candidates, now);
        assert_eq!(
            reports.iter().map(|r| r.location.uid.0).collect::<Vec<_>>(),
            [1, 3]
        );
        assert_eq!(searched, [FolderPath::inbox()]);
        let Some(CachedRead::Report(first)) = cache.get(&key(me, 1), now) else {
            panic!("the bounce was not remembered")
        };
        assert_eq!(first.as_ref(), &reports[0]);
        assert_eq!(cache.get(&key(me, 2), now), Some(CachedRead::NotAReport));
        // Without a UIDVALIDITY nothing is remembered.
        assert_eq!(cache.get(&key(me, 3), now), None);
        let again = Candidates {
            known: vec![CachedRead::Report(first), CachedRead::NotAReport],
            fetched: Vec::new(),
            searched: Vec::new(),
        };
        assert_eq!(cache.read_all(me, again, now).0, reports[..1]);
    }

    #[test]
    fn the_oldest_reads_go_first_past_the_limit() {
        let cache = ReportCache::default();
        let me = SessionId::random().unwrap();
        let start = Instant::now();
        for uid in 0..MAX_ENTRIES as u32 + 10 {
            cache.put(key(me, uid), CachedRead::NotAReport, start);
        }
        assert_eq!(cache.get(&key(me, 0), start), None);
        assert_eq!(cache.get(&key(me, 9), start), None);
        assert!(cache.get(&key(me, 10), start).is_some());
        assert!(cache.get(&key(me, MAX_ENTRIES as u32 + 9), start).is_some());
        assert_eq!(cache.lock().read.len(), MAX_ENTRIES);
        assert_eq!(cache.lock().order.len(), MAX_ENTRIES);
    }
}
