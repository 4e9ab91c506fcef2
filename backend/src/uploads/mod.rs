//! Files uploaded for messages being written, kept on disk per session until sent.
//!
//! Each session has its own directory, named by a hash of the session id (the id itself
//! stays inside the sealed cookie), so a session can only reach its own files; file
//! ids are 128 random bits. A file is `<id>.data` (mode 0600) plus `<id>.json` (its
//! name, type and size), the latter written last: a file is usable only once complete.
//! Files are removed after a successful send ([`UploadStore::remove`]) or after
//! [`MAX_AGE`] by a sweep that runs every [`SWEEP_EVERY`] and during uploads.

pub mod naming;

use crate::error::{Error, Result};
use crate::session::SessionId;
use axum::body::Bytes;
use facteur_model::compose::{UploadId, UploadedFile};
use futures::{Stream, StreamExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};
use tokio::io::AsyncWriteExt;

/// How long an uploaded file is kept when it is never sent.
pub const MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);
/// How many times the per-file limit one session's pending uploads may total: enough for
/// a few large attachments, not enough for one signed-in user to fill the bridge's disk.
pub const SESSION_QUOTA_FACTOR: u64 = 4;
/// Sweeps run at most this often.
pub const SWEEP_EVERY: Duration = Duration::from_secs(10 * 60);

/// The per-session store of uploaded files.
#[derive(Debug)]
pub struct UploadStore {
    root: PathBuf,
    max_bytes: u64,
    /// Seconds since the epoch of the last sweep.
    last_sweep: AtomicU64,
}

impl UploadStore {
    /// A store under `root` (created on first use) refusing files over `max_bytes`.
    pub fn new(root: PathBuf, max_bytes: u64) -> UploadStore {
        UploadStore {
            root,
            max_bytes,
            last_sweep: AtomicU64::new(0),
        }
    }

    /// The largest file accepted, in bytes.
    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// The session's private directory, created (mode 0700) when missing. Messages being
    /// written are kept here too, so they share the uploads' protection.
    pub fn session_dir(&self, session: SessionId) -> Result<PathBuf> {
        let dir = self.root.join(naming::session_dir_name(session));
        create_private_dir(&self.root)?;
        create_private_dir(&dir)?;
        Ok(dir)
    }

    /// Streams `body` to a new file of the session, refusing it with
    /// `attachment_too_large` as soon as it passes the limit (nothing is left on disk).
    pub async fn save<S, E>(
        &self,
        session: SessionId,
        filename: &str,
        content_type: &str,
        body: S,
    ) -> Result<UploadedFile>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        self.sweep_now_and_then().await;
        let dir = self.session_dir(session)?;
        let quota = self.max_bytes.saturating_mul(SESSION_QUOTA_FACTOR);
        let pending = pending_bytes(&dir);
        let id = naming::random_id()?;
        let data = dir.join(format!("{}.data", id.0));
        let result = self
            .write_data(&data, body, quota.saturating_sub(pending), quota)
            .await;
        let size = match result {
            Ok(size) => size,
            Err(error) => {
                let _ = tokio::fs::remove_file(&data).await;
                return Err(error);
            }
        };
        let file = UploadedFile {
            id: id.clone(),
            filename: naming::clean_filename(filename),
            content_type: naming::clean_content_type(content_type),
            size,
        };
        let meta = serde_json::to_vec(&file).map_err(|e| Error::Internal(e.to_string()))?;
        if let Err(error) = write_private(&dir.join(format!("{}.json", id.0)), &meta).await {
            let _ = tokio::fs::remove_file(&data).await;
            return Err(error);
        }
        Ok(file)
    }

    /// Writes `body` to `path`, refusing it past the per-file limit or past `room`, what
    /// is left of the session's `quota`.
    async fn write_data<S, E>(&self, path: &Path, mut body: S, room: u64, quota: u64) -> Result<u64>
    where
        S: Stream<Item = std::result::Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut file = tokio::io::BufWriter::with_capacity(256 * 1024, private_file(path).await?);
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
            if written > room {
                return Err(Error::UploadQuotaExceeded { limit: quota });
            }
            file.write_all(&chunk).await.map_err(disk_error)?;
        }
        file.flush().await.map_err(disk_error)?;
        file.get_ref().sync_all().await.map_err(disk_error)?;
        Ok(written)
    }

    /// The file `id` of `session`: its path and what it is; `upload_not_found` when the
    /// id is malformed, belongs to another session, is incomplete or was removed.
    pub fn open(&self, session: SessionId, id: &UploadId) -> Result<(PathBuf, UploadedFile)> {
        if !naming::is_valid_id(id) {
            return Err(Error::UploadNotFound);
        }
        let dir = self.root.join(naming::session_dir_name(session));
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

    /// Removes the file `id` of `session` (nothing happens when it is not there).
    pub fn remove(&self, session: SessionId, id: &UploadId) {
        if !naming::is_valid_id(id) {
            return;
        }
        let dir = self.root.join(naming::session_dir_name(session));
        // The description first: from then on the file counts as gone.
        let _ = std::fs::remove_file(dir.join(format!("{}.json", id.0)));
        let _ = std::fs::remove_file(dir.join(format!("{}.data", id.0)));
    }

    /// Removes files older than `max_age` and session directories left empty.
    pub fn sweep(&self, max_age: Duration) {
        sweep_dir(&self.root, max_age);
    }

    /// Sweeps every [`SWEEP_EVERY`] in the background, so files of drafts nobody sends
    /// go even when nobody uploads anything (no-op outside a Tokio runtime).
    pub fn spawn_sweeper(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let root = self.root.clone();
        runtime.spawn(async move {
            let mut ticker = tokio::time::interval(SWEEP_EVERY);
            loop {
                ticker.tick().await;
                let root = root.clone();
                let _ = tokio::task::spawn_blocking(move || sweep_dir(&root, MAX_AGE)).await;
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
        let _ = tokio::task::spawn_blocking(move || sweep_dir(&root, MAX_AGE)).await;
    }
}

/// The bytes of the complete and in-progress files kept in a session's directory.
fn pending_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "data"))
        .filter_map(|entry| entry.metadata().ok())
        .map(|meta| meta.len())
        .sum()
}

/// Removes files under `root` older than `max_age`, and session directories left empty.
fn sweep_dir(root: &Path, max_age: Duration) {
    let now = SystemTime::now();
    let Ok(sessions) = std::fs::read_dir(root) else {
        return;
    };
    for session in sessions.flatten() {
        let dir = session.path();
        if !dir.is_dir() {
            continue;
        }
        let Ok(files) = std::fs::read_dir(&dir) else {
            continue;
        };
        for file in files.flatten() {
            let old = file
                .metadata()
                .and_then(|meta| meta.modified())
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age >= max_age);
            if old {
                let _ = std::fs::remove_file(file.path());
            }
        }
        // Fails while files remain, which is what we want.
        let _ = std::fs::remove_dir(&dir);
    }
}

fn disk_error(error: std::io::Error) -> Error {
    Error::Internal(format!("upload storage: {error}"))
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(disk_error)
}

async fn private_file(path: &Path) -> Result<tokio::fs::File> {
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    options.open(path).await.map_err(disk_error)
}

async fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = private_file(path).await?;
    file.write_all(bytes).await.map_err(disk_error)?;
    file.flush().await.map_err(disk_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::stream;

    fn chunks(sizes: &[usize]) -> impl Stream<Item = std::result::Result<Bytes, String>> + Unpin {
        let parts: Vec<std::result::Result<Bytes, String>> = sizes
            .iter()
            .enumerate()
            .map(|(i, n)| Ok(Bytes::from(vec![b'a' + i as u8; *n])))
            .collect();
        stream::iter(parts)
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
        let me = SessionId::random().unwrap();
        let other = SessionId::random().unwrap();
        let file = store
            .save(me, "Relevé 2026.pdf", "application/pdf", chunks(&[10, 20]))
            .await
            .unwrap();
        assert_eq!(file.size, 30);
        assert_eq!(file.filename, "Relevé 2026.pdf");
        let (path, again) = store.open(me, &file.id).unwrap();
        assert_eq!(again, file);
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..10], &[b'a'; 10]);
        assert_eq!(&bytes[10..], &[b'b'; 20]);
        assert!(matches!(
            store.open(other, &file.id),
            Err(Error::UploadNotFound)
        ));
        store.remove(other, &file.id);
        assert!(store.open(me, &file.id).is_ok());
        store.remove(me, &file.id);
        assert!(matches!(
            store.open(me, &file.id),
            Err(Error::UploadNotFound)
        ));
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn files_are_private_to_the_bridge_user() {
        use std::os::unix::fs::PermissionsExt;
        let (_dir, store) = store(100);
        let me = SessionId::random().unwrap();
        let file = store
            .save(me, "a.txt", "text/plain", chunks(&[3]))
            .await
            .unwrap();
        let (path, _) = store.open(me, &file.id).unwrap();
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
        let me = SessionId::random().unwrap();
        let refused = store.save(me, "big.bin", "", chunks(&[10, 10, 10])).await;
        assert!(matches!(
            refused,
            Err(Error::AttachmentTooLarge { limit: 25 })
        ));
        assert_eq!(files_under(dir.path()), 0);
        // Exactly the limit is fine.
        let file = store
            .save(me, "ok.bin", "", chunks(&[20, 5]))
            .await
            .unwrap();
        assert_eq!(file.size, 25);
        assert_eq!(file.content_type, "application/octet-stream");
    }

    #[tokio::test]
    async fn a_session_cannot_pile_up_more_than_its_quota() {
        let (_dir, store) = store(25);
        let me = SessionId::random().unwrap();
        for _ in 0..SESSION_QUOTA_FACTOR {
            store.save(me, "a.bin", "", chunks(&[25])).await.unwrap();
        }
        let refused = store.save(me, "b.bin", "", chunks(&[1])).await;
        assert!(matches!(
            refused,
            Err(Error::UploadQuotaExceeded { limit: 100 })
        ));
        // Another session has its own quota.
        let other = SessionId::random().unwrap();
        assert!(store.save(other, "c.bin", "", chunks(&[25])).await.is_ok());
    }

    #[tokio::test]
    async fn an_interrupted_upload_leaves_nothing() {
        let (dir, store) = store(100);
        let me = SessionId::random().unwrap();
        let parts: Vec<std::result::Result<Bytes, String>> = vec![
            Ok(Bytes::from_static(b"abc")),
            Err("connection reset".into()),
        ];
        let result = store.save(me, "x", "", stream::iter(parts)).await;
        assert!(matches!(result, Err(Error::InvalidInput(_))));
        assert_eq!(files_under(dir.path()), 0);
    }

    #[tokio::test]
    async fn malformed_ids_are_not_found() {
        let (_dir, store) = store(100);
        let me = SessionId::random().unwrap();
        for id in ["../../etc/passwd", "", "ABCDEF", &"g".repeat(32)] {
            assert!(matches!(
                store.open(me, &UploadId(id.to_owned())),
                Err(Error::UploadNotFound)
            ));
        }
    }

    #[tokio::test]
    async fn the_sweep_removes_old_files_only() {
        let (dir, store) = store(100);
        let me = SessionId::random().unwrap();
        let file = store.save(me, "a", "", chunks(&[1])).await.unwrap();
        store.sweep(MAX_AGE);
        assert!(store.open(me, &file.id).is_ok());
        store.sweep(Duration::ZERO);
        assert!(store.open(me, &file.id).is_err());
        assert_eq!(files_under(dir.path()), 0);
    }
}
