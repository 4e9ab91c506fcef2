//! Downloading one whole message.

use super::connect::ImapSession;
use super::error::{folder_error, imap_error};
use super::messages::message_meta;
use super::mutf7;
use crate::error::{Error, Result};
use crate::mime::parse::MessageMeta;
use facteur_model::{FolderPath, Uid};
use futures::TryStreamExt;

/// A message as stored on the server, with its IMAP facts.
#[derive(Debug, Clone)]
pub struct RawMessage {
    pub meta: MessageMeta,
    pub bytes: Vec<u8>,
}

/// Fetches message `uid` of `folder` without marking it read.
pub async fn fetch_message(
    session: &mut ImapSession,
    folder: &FolderPath,
    uid: Uid,
) -> Result<RawMessage> {
    session
        .examine(mutf7::encode(folder.as_str()))
        .await
        .map_err(|e| folder_error(folder.as_str(), e))?;
    let fetches: Vec<_> = session
        .uid_fetch(
            uid.0.to_string(),
            "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])",
        )
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    // Unsolicited FETCHes (flag changes of other messages) may come along: match the UID.
    fetches
        .iter()
        .filter(|fetch| fetch.uid == Some(uid.0))
        .find_map(|fetch| {
            let bytes = fetch.body()?.to_vec();
            Some(RawMessage {
                meta: message_meta(fetch)?,
                bytes,
            })
        })
        .ok_or(Error::MessageNotFound)
}
