//! Files uploaded for messages being written, kept on disk per session until sent.
//!
//! Each account has its own directory (a hash of its login name and IMAP server) and
//! each of its sessions one inside it (a hash of the session id; the id itself stays
//! inside the sealed cookie), so a session can only reach its own files; file ids are
//! 128 random bits. A file is `<id>.data` (mode 0600) plus `<id>.json` (its name, type
//! and size), the latter written last: a file is usable only once complete.
//! What a session and an account hold is capped by [`quota`], reserved before the bytes
//! are written. Files are removed after a successful send ([`UploadStore::remove`]), with
//! their session at sign-out ([`UploadStore::remove_session`]), or after [`MAX_AGE`] by a
//! sweep that runs every [`SWEEP_EVERY`] and during uploads.
//!
//! Over 450 lines: the upload store with its quota and disk rules; its unit tests live
//! beside it (the code is about 415 lines).

pub mod naming;
pub mod quota;
pub mod storage;

use crate::error::{Error, Result};
use crate::session::Account;
use axum::body::Bytes;
use facteur_model::compose::{UploadId, UploadedFile};
use futures::{Stream, StreamExt};
use quota::{Ledger, Owner, QuotaExceeded, Reservation, Scope};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use storage::{create_private_dir, disk_error, open_new, write_private};
use tokio::io::AsyncWriteExt;

/// How long an uploaded file is kept when it is never sent.
pub const MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);
/// How many times the per-file limit one session's pending uploads may total: enough for
/// a few large attachments, not enough for one signed-in user to fill the bridge's disk.
pub const SESSION_QUOTA_FACTOR: u64 = 4;
/// How many times the per-file limit all the sessions of one account may total, so
/// signing in again and again does not multiply the room.
pub const ACCOUNT_QUOTA_FACTOR: u64 = 8;
/// Sweeps run at most this often.
pub const SWEEP_EVERY: Duration = Duration::from_secs(10 * 60);
/// An empty directory changed more recently than this is left alone by the sweep: an
/// upload may have just made it and be about to put its file in.
const DIR_GRACE: Duration = Duration::from_secs(60);

/// The per-session store of uploaded files.
#[derive(Debug)]
pub struct UploadStore {
    root: PathBuf,
    max_bytes: u64,
    ledger: Arc<Ledger>,
    /// Seconds since the epoch of the last sweep.
    last_sweep: AtomicU64,
}

impl UploadStore {
    /// A store under `root` (created on first use) refusing files over `max_bytes`.
    pub fn new(root: PathBuf, max_bytes: u64) -> UploadStore {
        UploadStore {
            root,
            max_bytes,
            ledger: Arc::new(Ledger::new(
                max_bytes.saturating_mul(SESSION_QUOTA_FACTOR),
                max_bytes.saturating_mul(ACCOUNT_QUOTA_FACTOR),
            )),
            last_sweep: AtomicU64::new(0),
        }
    }

    /// The largest file accepted, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Creates the root directory, private to the bridge (see [`storage::prepare_root`]).
    pub fn prepare(&self) -> std::io::Result<()> {
        storage::prepare_root(&self.root)
    }

    /// The directories of `account`'s uploads.
    pub fn owner(account: &Account) -> Owner {
        Owner {
            account: naming::account_dir_name(
                &account.username,
                &account.imap.host,
                account.imap.port,
            ),
            session: naming::session_dir_name(account.id),
        }
    }

    fn dir_of(&self, owner: &Owner) -> PathBuf {
        self.root.join(&owner.account).join(&owner.session)
    }

    /// The session's private directory, created (mode 0700) when missing. Messages being
    /// written are kept here too, so they share the uploads' protection.
    pub fn session_dir(&self, account: &Account) -> Result<PathBuf> {
        let owner = Self::owner(account);
        create_private_dir(&self.root)?;
        create_private_dir(&self.root.join(&owner.account))?;
        let dir = self.dir_of(&owner);
        create_private_dir(&dir)?;
        Ok(dir)
    }

    /// Streams `body` to a new file of the session, refusing it with
    /// `attachment_too_large` as soon as it passes the limit, and with
    /// `upload_quota_exceeded` as soon as the session or the account would pass its quota
    /// (before reading anything when `announced`, the declared length, says so). Nothing
    /// is left on disk or counted when it fails.
    pub async fn save<S, E>(
        &self,
        account: &Account,
        filename: &str,
        content_type: &str,
        announced: Option<u64>,
        body: S,
    ) -> Result<UploadedFile>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        self.sweep_now_and_then().await;
        if announced.is_some_and(|length| length > self.max_bytes) {
            return Err(Error::AttachmentTooLarge {
                limit: self.max_bytes,
            });
        }
        let owner = Self::owner(account);
        let dir = self.session_dir(account)?;
        let root = self.root.clone();
        let mut reservation =
            Reservation::new(&self.ledger, owner, announced.unwrap_or(0), |scope| {
                stored_bytes(&root, scope)
            })
            .map_err(quota_error)?;
        let id = naming::random_id()?;
        let data = dir.join(format!("{}.data", id.0));
        let file = match open_new(&data).await {
            Ok(file) => file,
            // A sweep took the directory while it was empty: make it again, once.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                self.session_dir(account)?;
                open_new(&data).await.map_err(disk_error)?
            }
            Err(error) => return Err(disk_error(error)),
        };
        let size = match self.write_data(file, body, &mut reservation).await {
            Ok(size) => size,
            Err(error) => {
                let _ = tokio::fs::remove_file(&data).await;
                return Err(error);
            }
        };
        reservation.shrink_to(size);
        let file = UploadedFile {
            id: id.clone(),
            filename: naming::clean_filename(filename),
            content_type: naming::clean_content_type(content_type),
            size,
        };
        let meta = serde_json::to_vec(&file)
            .map_err(|e| Error::internal("serializing an upload's record", e))?;
        if let Err(error) = write_private(&dir.join(format!("{}.json", id.0)), &meta).await {
            let _ = tokio::fs::remove_file(&data).await;
            return Err(error);
        }
        reservation.keep();
        Ok(file)
    }

    /// Writes `body` to `file`, refusing it past the per-file limit or past what the
    /// reservation can be raised to.
    async fn write_data<S, E>(
        &self,
        file: tokio::fs::File,
        mut body: S,
        reservation: &mut Reservation<'_>,
    ) -> Result<u64>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut file = tokio::io::BufWriter::with_capacity(256 * 1024, file);
        let mut written: u64 = 0;
        while let Some(chunk) = body.next().await {
            let chunk = chunk
                .map_err(|e| Error::InvalidInput(format!("the upload was interrupted: {e}")))?;
            written += chunk.len() as u64;
            if written > self.max_bytes {
                return Err(Error::AttachmentTooLarge {
                    limit: self.max_bytes,
                });
            }
            reservation.cover(written).map_err(quota_error)?;
            file.write_all(&chunk).await.map_err(disk_error)?;
        }
        file.flush().await.map_err(disk_error)?;
        file.get_ref().sync_all().await.map_err(disk_error)?;
        Ok(written)
    }

    /// The file `id` of `account`'s session: its path and what it is; `upload_not_found`
    /// when the id is malformed, belongs to another session, is incomplete or was removed.
    pub fn open(&self, account: &Account, id: &UploadId) -> Result<(PathBuf, UploadedFile)> {
        if !naming::is_valid_id(id) {
            return Err(Error::UploadNotFound);
        }
        let dir = self.dir_of(&Self::owner(account));
        let meta =
            std::fs::read(dir.join(format!("{}.json", id.0))).map_err(|_| Error::UploadNotFound)?;
        let file: UploadedFile =
            serde_json::from_slice(&meta).map_err(|_| Error::UploadNotFound)?;
        let data = dir.join(format!("{}.data", id.0));
        let size = std::fs::metadata(&data)
            .map_err(|_| Error::UploadNotFound)?
            .len();
        if size != file.size || file.id != *id {
            return Err(Error::UploadNotFound);
        }
        Ok((data, file))
    }

    /// Removes the file `id` of `account`'s session (nothing happens when it is not there).
    pub fn remove(&self, account: &Account, id: &UploadId) {
        if !naming::is_valid_id(id) {
            return;
        }
        let owner = Self::owner(account);
        let dir = self.dir_of(&owner);
        // The description first: from then on the file counts as gone.
        forget_file(&self.ledger, &owner, &dir.join(format!("{}.json", id.0)));
        let _ = std::fs::remove_file(dir.join(format!("{}.data", id.0)));
    }

    /// Removes every file of `account`'s session and its directory (at sign-out).
    pub fn remove_session(&self, account: &Account) {
        let owner = Self::owner(account);
        let dir = self.dir_of(&owner);
        remove_session_dir(&self.ledger, &owner, &dir);
        // Fails while other sessions of the account have files, which is what we want.
        let _ = std::fs::remove_dir(self.root.join(&owner.account));
    }

    /// The bytes counted against a session or an account.
    pub fn used(&self, scope: &Scope) -> u64 {
        self.ledger.used(scope)
    }

    /// Removes files older than `max_age` and directories left empty.
    pub fn sweep(&self, max_age: Duration) {
        sweep_dir(&self.ledger, &self.root, max_age);
    }

    /// Sweeps every [`SWEEP_EVERY`] in the background, so files of drafts nobody sends
    /// go even when nobody uploads anything (no-op outside a Tokio runtime).
    pub fn spawn_sweeper(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let root = self.root.clone();
        let ledger = self.ledger.clone();
        runtime.spawn(async move {
            let mut ticker = tokio::time::interval(SWEEP_EVERY);
            loop {
                ticker.tick().await;
                let root = root.clone();
                let ledger = ledger.clone();
                let _ =
                    tokio::task::spawn_blocking(move || sweep_dir(&ledger, &root, MAX_AGE)).await;
            }
        });
    }

    async fn sweep_now_and_then(&self) {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let last = self.last_sweep.load(Ordering::Relaxed);
        if now.saturating_sub(last) < SWEEP_EVERY.as_secs()
            || self
                .last_sweep
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        let root = self.root.clone();
        let ledger = self.ledger.clone();
        let _ = tokio::task::spawn_blocking(move || sweep_dir(&ledger, &root, MAX_AGE)).await;
    }
}

fn quota_error(exceeded: QuotaExceeded) -> Error {
    Error::UploadQuotaExceeded {
        limit: exceeded.limit,
    }
}

/// What the stored files of a scope take on disk: the sizes their descriptions give.
fn stored_bytes(root: &Path, scope: &Scope) -> u64 {
    match scope {
        Scope::Session(account, session) => described_bytes(&root.join(account).join(session)),
        Scope::Account(account) => std::fs::read_dir(root.join(account))
            .map(|sessions| {
                sessions
                    .flatten()
                    .map(|session| described_bytes(&session.path()))
                    .sum()
            })
            .unwrap_or(0),
    }
}

/// The sizes the descriptions (`<id>.json`) in one session directory give.
fn described_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "json"))
        .filter_map(|entry| described_size(&entry.path()))
        .sum()
}

fn described_size(description: &Path) -> Option<u64> {
    let bytes = std::fs::read(description).ok()?;
    serde_json::from_slice::<UploadedFile>(&bytes)
        .ok()
        .map(|file| file.size)
}

/// Unlinks a file's description and, when this call is the one that removed it, gives
/// its bytes back.
fn forget_file(ledger: &Ledger, owner: &Owner, description: &Path) {
    let size = described_size(description);
    if std::fs::remove_file(description).is_ok()
        && let Some(size) = size
    {
        ledger.release(owner, size);
    }
}

/// Removes a session directory and everything in it, descriptions first.
fn remove_session_dir(ledger: &Ledger, owner: &Owner, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut others = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "json") {
            forget_file(ledger, owner, &path);
        } else {
            others.push(path);
        }
    }
    for path in others {
        let _ = std::fs::remove_file(path);
    }
    let _ = std::fs::remove_dir(dir);
}

/// Removes files under `root` older than `max_age`, and directories left empty.
fn sweep_dir(ledger: &Ledger, root: &Path, max_age: Duration) {
    let now = SystemTime::now();
    let older_than = |path: &Path, limit: Duration| {
        std::fs::metadata(path)
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age >= limit)
    };
    let old = |path: &Path| older_than(path, max_age);
    let idle = |path: &Path| older_than(path, max_age.min(DIR_GRACE));
    let Ok(accounts) = std::fs::read_dir(root) else {
        return;
    };
    for account in accounts.flatten() {
        let account_dir = account.path();
        let Ok(sessions) = std::fs::read_dir(&account_dir) else {
            continue;
        };
        for session in sessions.flatten() {
            let dir = session.path();
            let Ok(files) = std::fs::read_dir(&dir) else {
                continue;
            };
            let owner = Owner {
                account: account.file_name().to_string_lossy().into_owned(),
                session: session.file_name().to_string_lossy().into_owned(),
            };
            for file in files.flatten() {
                let path = file.path();
                if !old(&path) {
                    continue;
                }
                if path.extension().is_some_and(|ext| ext == "json") {
                    forget_file(ledger, &owner, &path);
                } else {
                    let _ = std::fs::remove_file(&path);
                }
            }
            // Fails while files remain, which is what we want.
            if idle(&dir) {
                let _ = std::fs::remove_dir(&dir);
            }
        }
        if idle(&account_dir) {
            let _ = std::fs::remove_dir(&account_dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::SessionId;
    use crate::session::account::tests_support::sample;
    use futures::stream;

    /// A new session of the sample account.
    fn session() -> Account {
        sample()
    }

    /// A session of another account.
    fn other_account() -> Account {
        Account {
            username: "someone-else@example.test".into(),
            ..sample()
        }
    }

    /// Another session of `account`.
    fn again(account: &Account) -> Account {
        Account {
            id: SessionId::random().unwrap(),
            ..account.clone()
        }
    }

    fn chunks(sizes: &[usize]) -> impl Stream<Item = std::result::Result<Bytes, String>> + Unpin {
        let parts: Vec<std::result::Result<Bytes, String>> = sizes
            .iter()
            .enumerate()
            .map(|(i, n)| Ok(Bytes::from(vec![b'a' + i as u8; *n])))
            .collect();
        stream::iter(parts)
    }

    /// Stores `count` files of 25 bytes for `account`, each accepted.
    async fn fill(store: &UploadStore, account: &Account, count: u64) {
        for _ in 0..count {
            store
                .save(account, "a.bin", "", None, chunks(&[25]))
                .await
                .unwrap();
        }
    }

    fn store(limit: u64) -> (tempfile::TempDir, UploadStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = UploadStore::new(dir.path().join("uploads"), limit);
        (dir, store)
    }

    fn files_under(dir: &Path) -> usize {
        walk(dir).len()
    }

    fn walk(dir: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    found.extend(walk(&path));
                } else {
                    found.push(path);
                }
            }
        }
        found
    }

    #[tokio::test]
    async fn a_file_is_stored_and_reopened_by_its_session_only() {
        let (_dir, store) = store(100);
        let me = session();
        let other = again(&me);
        let file = store
            .save(
                &me,
                "Relevé 2026.pdf",
                "application/pdf",
                None,
                chunks(&[10, 20]),
            )
            .await
            .unwrap();
        assert_eq!(file.size, 30);
        assert_eq!(file.filename, "Relevé 2026.pdf");
        let (path, again) = store.open(&me, &file.id).unwrap();
        assert_eq!(again, file);
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..10], &[b'a'; 10]);
        assert_eq!(&bytes[10..], &[b'b'; 20]);
        assert!(matches!(
            store.open(&other, &file.id),
            Err(Error::UploadNotFound)
        ));
        store.remove(&other, &file.id);
        assert!(store.open(&me, &file.id).is_ok());
        store.remove(&me, &file.id);
        assert!(matches!(
            store.open(&me, &file.id),
            Err(Error::UploadNotFound)
        ));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn files_are_private_to_the_bridge_user() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, store) = store(100);
        let me = session();
        let file = store
            .save(&me, "a.txt", "text/plain", None, chunks(&[3]))
            .await
            .unwrap();
        let (path, _) = store.open(&me, &file.id).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let dir_mode = std::fs::metadata(path.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(dir_mode & 0o777, 0o700);
    }

    #[tokio::test]
    async fn too_large_is_refused_and_leaves_nothing() {
        let (dir, store) = store(25);
        let me = session();
        let refused = store
            .save(&me, "big.bin", "", None, chunks(&[10, 10, 10]))
            .await;
        assert!(matches!(
            refused,
            Err(Error::AttachmentTooLarge { limit: 25 })
        ));
        assert_eq!(files_under(dir.path()), 0);
        // Exactly the limit is fine.
        let file = store
            .save(&me, "ok.bin", "", None, chunks(&[20, 5]))
            .await
            .unwrap();
        assert_eq!(file.size, 25);
        assert_eq!(file.content_type, "application/octet-stream");
    }

    #[tokio::test]
    async fn a_session_cannot_pile_up_more_than_its_quota() {
        let (_dir, store) = store(25);
        let me = session();
        fill(&store, &me, SESSION_QUOTA_FACTOR).await;
        let refused = store.save(&me, "b.bin", "", None, chunks(&[1])).await;
        assert!(matches!(
            refused,
            Err(Error::UploadQuotaExceeded { limit: 100 })
        ));
        // Another session has its own quota.
        let other = other_account();
        assert!(
            store
                .save(&other, "c.bin", "", None, chunks(&[25]))
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn an_interrupted_upload_leaves_nothing() {
        let (dir, store) = store(100);
        let me = session();
        let parts: Vec<std::result::Result<Bytes, String>> = vec![
            Ok(Bytes::from_static(b"abc")),
            Err("connection reset".into()),
        ];
        let result = store.save(&me, "x", "", None, stream::iter(parts)).await;
        assert!(matches!(result, Err(Error::InvalidInput(_))));
        assert_eq!(files_under(dir.path()), 0);
    }

    #[tokio::test]
    async fn malformed_ids_are_not_found() {
        let (_dir, store) = store(100);
        let me = session();
        for id in ["../../etc/passwd", "", "ABCDEF", &"g".repeat(32)] {
            assert!(matches!(
                store.open(&me, &UploadId(id.to_owned())),
                Err(Error::UploadNotFound)
            ));
        }
    }

    #[tokio::test]
    async fn the_sweep_removes_old_files_only() {
        let (dir, store) = store(100);
        let me = session();
        let file = store.save(&me, "a", "", None, chunks(&[1])).await.unwrap();
        store.sweep(MAX_AGE);
        assert!(store.open(&me, &file.id).is_ok());
        store.sweep(Duration::ZERO);
        assert!(store.open(&me, &file.id).is_err());
        assert_eq!(files_under(dir.path()), 0);
    }

    #[tokio::test]
    async fn an_announced_length_past_the_quota_is_refused_before_reading() {
        let (dir, store) = store(25);
        let me = session();
        for size in [25, 25, 25, 20] {
            store
                .save(&me, "a.bin", "", None, chunks(&[size]))
                .await
                .unwrap();
        }
        // The body would fail the moment it was read: it is never read.
        let unread: Vec<std::result::Result<Bytes, String>> = vec![Err("read".into())];
        let refused = store
            .save(&me, "b.bin", "", Some(10), stream::iter(unread))
            .await;
        assert!(
            matches!(refused, Err(Error::UploadQuotaExceeded { limit: 100 })),
            "{refused:?}"
        );
        assert_eq!(files_under(dir.path()), 2 * 4);
        // What is left (5 bytes) is still there for a file that fits.
        store
            .save(&me, "c.bin", "", Some(5), chunks(&[5]))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn the_sessions_of_one_account_share_its_quota() {
        let (_dir, store) = store(25);
        let first = session();
        fill(&store, &first, SESSION_QUOTA_FACTOR).await;
        let second = again(&first);
        fill(&store, &second, ACCOUNT_QUOTA_FACTOR - SESSION_QUOTA_FACTOR).await;
        let third = again(&first);
        let refused = store.save(&third, "b.bin", "", None, chunks(&[1])).await;
        assert!(
            matches!(refused, Err(Error::UploadQuotaExceeded { limit: 200 })),
            "{refused:?}"
        );
        // Another account is not affected.
        store
            .save(&other_account(), "c.bin", "", None, chunks(&[25]))
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn removing_a_session_removes_its_files_and_gives_its_room_back() {
        let (dir, store) = store(25);
        let first = session();
        let second = again(&first);
        fill(&store, &first, SESSION_QUOTA_FACTOR).await;
        let kept = store
            .save(&second, "b.bin", "", None, chunks(&[25]))
            .await
            .unwrap();
        store.remove_session(&first);
        // Only the second session's file (data and description) is left.
        assert_eq!(files_under(dir.path()), 2);
        assert!(store.open(&second, &kept.id).is_ok());
        let account = Scope::Account(UploadStore::owner(&first).account);
        assert_eq!(store.used(&account), 25);
        // Removing twice, or removing a file twice, gives nothing back twice.
        store.remove_session(&first);
        store.remove(&second, &kept.id);
        store.remove(&second, &kept.id);
        assert_eq!(store.used(&account), 0);
        assert_eq!(files_under(dir.path()), 0);
    }

    #[tokio::test]
    async fn files_left_by_an_earlier_run_count_against_the_quota() {
        let (dir, store) = store(25);
        let me = session();
        fill(&store, &me, SESSION_QUOTA_FACTOR).await;
        drop(store);
        let restarted = UploadStore::new(dir.path().join("uploads"), 25);
        let refused = restarted.save(&me, "b.bin", "", None, chunks(&[1])).await;
        assert!(matches!(
            refused,
            Err(Error::UploadQuotaExceeded { limit: 100 })
        ));
    }

    #[tokio::test]
    async fn parallel_uploads_never_pass_the_quota() {
        let (_dir, store) = store(25);
        let store = std::sync::Arc::new(store);
        let me = session();
        let uploads: Vec<_> = (0..12)
            .map(|_| {
                let (store, me) = (store.clone(), me.clone());
                tokio::spawn(async move {
                    store
                        .save(&me, "p.bin", "", None, chunks(&[5, 5, 5, 5, 5]))
                        .await
                })
            })
            .collect();
        let mut stored = 0;
        for upload in uploads {
            match upload.await.unwrap() {
                Ok(file) => stored += file.size,
                Err(Error::UploadQuotaExceeded { limit: 100 }) => {}
                Err(other) => panic!("{other:?}"),
            }
        }
        assert!(stored <= 100, "{stored} bytes stored");
        assert_eq!(
            store.used(&Scope::Session(
                UploadStore::owner(&me).account,
                UploadStore::owner(&me).session
            )),
            stored
        );
    }
}
