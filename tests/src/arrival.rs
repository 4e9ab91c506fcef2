//! Waiting for what arrives on its own time: mail delivered by Postfix, filed by Sieve,
//! reports Postfix writes, a log line. One bounded poll for every test, so a broken
//! server fails the test with what did not arrive instead of hanging it.

use crate::MailServer;
use std::future::Future;
use std::time::Duration;

/// The longest wait for something to arrive (a bound on a wait, not a measure).
pub const ARRIVAL_WAIT: Duration = Duration::from_secs(60);

/// How often to look again.
const POLL: Duration = Duration::from_millis(100);

/// Asks `probe` until it finds something, at most [`ARRIVAL_WAIT`]; panics naming `what`
/// when nothing came.
pub async fn wait_for_arrival<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + ARRIVAL_WAIT;
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what} never arrived"
        );
        tokio::time::sleep(POLL).await;
    }
}

impl MailServer {
    /// Another client deletes message `uid` of `folder` of `user` for good (STORE
    /// `\Deleted`, then EXPUNGE).
    pub async fn expunge(&self, user: &str, folder: &str, uid: u32) {
        let mut other = self.imap(user).await;
        other.select(folder).await.expect("SELECT");
        futures::TryStreamExt::try_collect::<Vec<_>>(
            other
                .uid_store(uid.to_string(), "+FLAGS.SILENT (\\Deleted)")
                .await
                .expect("STORE"),
        )
        .await
        .expect("STORE answers");
        futures::TryStreamExt::try_collect::<Vec<_>>(other.expunge().await.expect("EXPUNGE"))
            .await
            .expect("EXPUNGE answers");
        let _ = other.logout().await;
    }

    /// The UIDs of `folder` of `user` matching an IMAP SEARCH, ascending; none when the
    /// folder does not exist.
    pub async fn uid_search(&self, user: &str, folder: &str, criteria: &str) -> Vec<u32> {
        let mut session = self.imap(user).await;
        if session.examine(folder).await.is_err() {
            let _ = session.logout().await;
            return Vec::new();
        }
        let mut uids: Vec<u32> = session
            .uid_search(criteria)
            .await
            .expect("UID SEARCH")
            .into_iter()
            .collect();
        let _ = session.logout().await;
        uids.sort_unstable();
        uids
    }

    /// Waits until at least `count` messages of `folder` of `user` match `criteria`;
    /// their UIDs, ascending.
    pub async fn wait_for_messages(
        &self,
        user: &str,
        folder: &str,
        criteria: &str,
        count: usize,
    ) -> Vec<u32> {
        let what = format!("{count} message(s) matching {criteria} in {user}'s {folder}");
        wait_for_arrival(&what, || async {
            let uids = self.uid_search(user, folder, criteria).await;
            (uids.len() >= count).then_some(uids)
        })
        .await
    }
}
