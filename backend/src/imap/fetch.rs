//! Fetching messages by UID: one whole message, or some items of a set of them.

use super::connect::ImapSession;
use super::error::imap_error;
use super::messages::{message_meta, uid_set};
use super::selection::{Freshness, examined, keep};
use crate::error::{Error, Result};
use crate::mime::parse::MessageMeta;
use async_imap::types::Fetch;
use facteur_model::{FolderPath, Uid};
use futures::TryStreamExt;

/// A message as stored on the server, with its IMAP facts.
#[derive(Debug, Clone)]
pub struct RawMessage {
    pub meta: MessageMeta,
    pub bytes: Vec<u8>,
}

/// Fetches message `uid` of `folder` without marking it read; a message whose
/// RFC822.SIZE passes the connection's literal limit is refused before its download
/// (and a server lying about the size is stopped by the limit itself).
pub async fn fetch_message(
    session: &mut ImapSession,
    folder: &FolderPath,
    uid: Uid,
) -> Result<RawMessage> {
    let sized = fetch_one(session, folder, uid, "(UID RFC822.SIZE)").await?;
    check_size(sized.size, session.get_ref().limits().max_literal)?;
    let fetch = fetch_selected(
        session,
        uid,
        "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])",
    )
    .await?;
    let bytes = fetch.body().ok_or(Error::MessageNotFound)?.to_vec();
    let meta = message_meta(&fetch).ok_or(Error::MessageNotFound)?;
    Ok(RawMessage { meta, bytes })
}

/// Opens `folder` read-only (or keeps it open) and fetches `items` of message `uid`; `MessageNotFound` when
/// the server has no such UID there (moved or deleted by another client).
pub async fn fetch_one(
    session: &mut ImapSession,
    folder: &FolderPath,
    uid: Uid,
    items: &str,
) -> Result<Fetch> {
    let selected = examined(session, folder, Freshness::AsIs).await?;
    let fetch = fetch_selected(session, uid, items).await;
    if matches!(fetch, Ok(_) | Err(Error::MessageNotFound)) {
        keep(session, selected);
    }
    fetch
}

/// Refuses a message whose announced size passes `limit`.
pub(super) fn check_size(size: Option<u32>, limit: u64) -> Result<()> {
    match size {
        Some(size) if u64::from(size) > limit => Err(Error::MessageTooLargeToOpen { limit }),
        _ => Ok(()),
    }
}

/// Fetches `items` of message `uid` in the selected folder.
pub(super) async fn fetch_selected(
    session: &mut ImapSession,
    uid: Uid,
    items: &str,
) -> Result<Fetch> {
    let mark = session.get_ref().mark();
    let fetches: Vec<Fetch> = session
        .uid_fetch(uid.0.to_string(), items)
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    session.get_mut().confirm_since(mark);
    // Unsolicited FETCHes (flag changes of other messages) may come along: match the UID.
    fetches
        .into_iter()
        .find(|fetch| fetch.uid == Some(uid.0))
        .ok_or(Error::MessageNotFound)
}

/// Fetches `items` of the messages `sorted_uids` (ascending) in the selected folder, and
/// only of those: unsolicited FETCHes (flag changes of other messages) are dropped.
pub async fn fetch_uids(
    session: &mut ImapSession,
    sorted_uids: &[u32],
    items: &str,
) -> Result<Vec<Fetch>> {
    if sorted_uids.is_empty() {
        return Ok(Vec::new());
    }
    let mark = session.get_ref().mark();
    let fetches: Vec<Fetch> = session
        .uid_fetch(uid_set(sorted_uids), items)
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    session.get_mut().confirm_since(mark);
    Ok(fetches
        .into_iter()
        .filter(|fetch| {
            fetch
                .uid
                .is_some_and(|uid| sorted_uids.binary_search(&uid).is_ok())
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_above_the_limit_are_refused_before_download() {
        assert!(check_size(Some(100), 100).is_ok());
        assert!(check_size(None, 100).is_ok());
        assert!(matches!(
            check_size(Some(101), 100),
            Err(Error::MessageTooLargeToOpen { limit: 100 })
        ));
    }
}
