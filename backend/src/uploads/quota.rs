//! The upload quotas, per session and per account: an in-memory count of the bytes each
//! holds (stored files plus uploads in progress), checked and raised in one step under a
//! lock, so uploads running side by side cannot each see room that only one of them has.
//!
//! A scope nobody has touched since the bridge started is counted from its directory the
//! first time it is needed (what earlier runs left there); from then on only the ledger
//! is believed. A stored file counts while its description (`<id>.json`) exists: whoever
//! unlinks that description gives the bytes back, and only one unlink can succeed.

use std::collections::HashMap;
use std::sync::Mutex;

/// Whose uploads these are: the directory names of an account and of one of its sessions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Owner {
    /// The account's directory (a hash of its login name and IMAP server).
    pub account: String,
    /// The session's directory inside it (a hash of the session id).
    pub session: String,
}

/// What one quota covers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Every session of one account.
    Account(String),
    /// One session (of the account named first).
    Session(String, String),
}

impl Owner {
    fn scopes(&self) -> [Scope; 2] {
        [
            Scope::Session(self.account.clone(), self.session.clone()),
            Scope::Account(self.account.clone()),
        ]
    }
}

/// A reservation refused: the quota it would have passed, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaExceeded {
    /// The quota that would have been passed.
    pub limit: u64,
}

/// Bytes held per session and per account, against their quotas.
#[derive(Debug)]
pub struct Ledger {
    session_quota: u64,
    account_quota: u64,
    used: Mutex<HashMap<Scope, u64>>,
}

impl Ledger {
    /// A ledger allowing `session_quota` bytes per session and `account_quota` per account.
    pub fn new(session_quota: u64, account_quota: u64) -> Ledger {
        Ledger {
            session_quota,
            account_quota,
            used: Mutex::new(HashMap::new()),
        }
    }

    /// Counts `bytes` more for `owner` if both its session and its account stay within
    /// their quotas; else counts nothing. `on_disk` gives what a scope not yet counted
    /// holds on disk.
    pub fn reserve(
        &self,
        owner: &Owner,
        bytes: u64,
        on_disk: impl Fn(&Scope) -> u64,
    ) -> Result<(), QuotaExceeded> {
        let mut used = self.lock();
        let scopes = owner.scopes();
        for scope in &scopes {
            let limit = self.quota(scope);
            let held = *used.entry(scope.clone()).or_insert_with(|| on_disk(scope));
            if held.saturating_add(bytes) > limit {
                // A scope just counted at zero need not stay in memory.
                used.retain(|_, held| *held > 0);
                return Err(QuotaExceeded { limit });
            }
        }
        for scope in scopes {
            *used.entry(scope).or_insert(0) += bytes;
        }
        Ok(())
    }

    /// Gives back `bytes` of `owner`'s; scopes left at zero are forgotten, so the ledger
    /// holds only sessions that hold something.
    pub fn release(&self, owner: &Owner, bytes: u64) {
        let mut used = self.lock();
        for scope in owner.scopes() {
            if let Some(held) = used.get_mut(&scope) {
                *held = held.saturating_sub(bytes);
                if *held == 0 {
                    used.remove(&scope);
                }
            }
        }
    }

    /// The bytes counted for `scope` (zero when not counted yet).
    pub fn used(&self, scope: &Scope) -> u64 {
        self.lock().get(scope).copied().unwrap_or(0)
    }

    fn quota(&self, scope: &Scope) -> u64 {
        match scope {
            Scope::Account(_) => self.account_quota,
            Scope::Session(..) => self.session_quota,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Scope, u64>> {
        self.used
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Bytes reserved for one upload in progress: raised as the body arrives, given back on
/// drop unless [`Reservation::keep`] was called once the file was stored.
#[derive(Debug)]
pub struct Reservation<'a> {
    ledger: &'a Ledger,
    owner: Owner,
    bytes: u64,
    kept: bool,
}

impl<'a> Reservation<'a> {
    /// Reserves `bytes` (what the request announced, or zero) for `owner`.
    pub fn new(
        ledger: &'a Ledger,
        owner: Owner,
        bytes: u64,
        on_disk: impl Fn(&Scope) -> u64,
    ) -> Result<Reservation<'a>, QuotaExceeded> {
        ledger.reserve(&owner, bytes, on_disk)?;
        Ok(Reservation {
            ledger,
            owner,
            bytes,
            kept: false,
        })
    }

    /// Makes sure at least `total` bytes are reserved.
    pub fn cover(&mut self, total: u64) -> Result<(), QuotaExceeded> {
        if total > self.bytes {
            // The scopes are counted already: nothing to read from disk.
            self.ledger
                .reserve(&self.owner, total - self.bytes, |_| 0)?;
            self.bytes = total;
        }
        Ok(())
    }

    /// Gives back whatever is reserved beyond `total` (a body shorter than announced).
    pub fn shrink_to(&mut self, total: u64) {
        if total < self.bytes {
            self.ledger.release(&self.owner, self.bytes - total);
            self.bytes = total;
        }
    }

    /// The file is stored: its bytes stay counted until its description is removed.
    pub fn keep(mut self) {
        self.kept = true;
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        if !self.kept {
            self.ledger.release(&self.owner, self.bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner(account: &str, session: &str) -> Owner {
        Owner {
            account: account.into(),
            session: session.into(),
        }
    }

    fn nothing_on_disk(_: &Scope) -> u64 {
        0
    }

    #[test]
    fn sessions_and_their_account_have_quotas_of_their_own() {
        let ledger = Ledger::new(100, 150);
        let one = owner("a", "1");
        let two = owner("a", "2");
        ledger.reserve(&one, 100, nothing_on_disk).unwrap();
        assert_eq!(
            ledger.reserve(&one, 1, nothing_on_disk),
            Err(QuotaExceeded { limit: 100 })
        );
        ledger.reserve(&two, 50, nothing_on_disk).unwrap();
        // Session 2 has room of its own, the account has none left.
        assert_eq!(
            ledger.reserve(&two, 1, nothing_on_disk),
            Err(QuotaExceeded { limit: 150 })
        );
        // A refused reservation counted nothing anywhere.
        assert_eq!(ledger.used(&Scope::Session("a".into(), "2".into())), 50);
        assert_eq!(ledger.used(&Scope::Account("a".into())), 150);
        // Another account is apart.
        ledger
            .reserve(&owner("b", "3"), 100, nothing_on_disk)
            .unwrap();
        ledger.release(&one, 100);
        ledger.reserve(&two, 50, nothing_on_disk).unwrap();
    }

    #[test]
    fn what_earlier_runs_left_on_disk_counts() {
        let ledger = Ledger::new(100, 1000);
        let on_disk = |scope: &Scope| match scope {
            Scope::Session(..) => 80,
            Scope::Account(_) => 80,
        };
        assert_eq!(
            ledger.reserve(&owner("a", "1"), 30, on_disk),
            Err(QuotaExceeded { limit: 100 })
        );
        ledger.reserve(&owner("a", "1"), 20, on_disk).unwrap();
        assert_eq!(ledger.used(&Scope::Account("a".into())), 100);
    }

    #[test]
    fn a_reservation_is_given_back_unless_kept() {
        let ledger = Ledger::new(100, 100);
        let me = owner("a", "1");
        let session = Scope::Session("a".into(), "1".into());
        {
            let mut reservation =
                Reservation::new(&ledger, me.clone(), 10, nothing_on_disk).unwrap();
            reservation.cover(60).unwrap();
            assert_eq!(ledger.used(&session), 60);
            assert_eq!(reservation.cover(101), Err(QuotaExceeded { limit: 100 }));
            assert_eq!(ledger.used(&session), 60);
        }
        assert_eq!(ledger.used(&session), 0);
        let mut reservation = Reservation::new(&ledger, me.clone(), 70, nothing_on_disk).unwrap();
        reservation.shrink_to(40);
        reservation.keep();
        assert_eq!(ledger.used(&session), 40);
        ledger.release(&me, 40);
        assert_eq!(ledger.used(&session), 0);
    }

    #[test]
    fn parallel_reservations_never_pass_the_quota() {
        let ledger = std::sync::Arc::new(Ledger::new(100, 1000));
        let threads: Vec<_> = (0..16)
            .map(|_| {
                let ledger = ledger.clone();
                std::thread::spawn(move || {
                    let mut won = 0;
                    for _ in 0..10 {
                        if ledger.reserve(&owner("a", "1"), 7, nothing_on_disk).is_ok() {
                            won += 7;
                        }
                    }
                    won
                })
            })
            .collect();
        let total: u64 = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(total, 98);
        assert_eq!(ledger.used(&Scope::Session("a".into(), "1".into())), 98);
    }
}
