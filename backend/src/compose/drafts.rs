//! Saving a draft (APPEND to Drafts flagged `\Draft \Seen`, then the copy it replaces
//! removed) and reopening one.

use super::draft_reader::read_draft;
use super::services::Composing;
use super::{KeptAs, copy_prefix, write_message};
use crate::error::{Error, Result};
use crate::imap::ImapSession;
use crate::imap::append::append_file;
use crate::imap::capabilities::features;
use crate::imap::error::{folder_error, imap_error};
use crate::imap::fetch::fetch_message;
use crate::imap::mailboxes::Mailboxes;
use crate::imap::mutf7;
use crate::imap::raw;
use crate::imap::special_folders::find_or_create;
use crate::session::Account;
use crate::state::AppState;
use async_imap::types::{Fetch, Flag};
use facteur_model::compose::{Draft, DraftSaved, SendFailure};
use facteur_model::folder::FolderRole;
use facteur_model::{FolderPath, Uid};
use futures::TryStreamExt;

/// The flags of a saved draft.
pub const DRAFT_FLAGS: [&str; 2] = ["\\Draft", "\\Seen"];

/// Saves `draft` in Drafts (created when missing), then removes `replaces`, the previous
/// save of the same draft (only that UID, only if it is a draft; with UIDPLUS it is
/// expunged, without it only flagged `\Deleted`). `failure` (why a send just failed)
/// is kept with it, else the draft's own `last_failure`. Sending calls this when the
/// submission fails, so the message is never lost.
pub async fn save_draft(
    composing: &Composing,
    mailboxes: &Mailboxes,
    account: &Account,
    draft: &Draft,
    replaces: Option<Uid>,
    failure: Option<SendFailure>,
) -> Result<DraftSaved> {
    let written = write_message(composing, account, draft).await?;
    let failure = failure.or_else(|| draft.last_failure.clone());
    let prefix = copy_prefix(draft, KeptAs::Draft { failure });
    let path = written.path.to_path_buf();
    let size = written.size;
    let saved = mailboxes
        .run_once(account, (prefix, path), move |session, (prefix, path)| {
            Box::pin(async move {
                let folder = find_or_create(session, FolderRole::Drafts).await?;
                let uid = append_file(
                    session,
                    &folder,
                    &DRAFT_FLAGS,
                    prefix.as_bytes(),
                    path,
                    size,
                )
                .await?;
                Ok(DraftSaved { folder, uid })
            })
        })
        .await?;
    drop(written);
    // A separate operation: a retry of it on a fresh connection never appends twice.
    if let Some(old) = replaces.filter(|old| Some(*old) != saved.uid && old.0 != 0) {
        let folder = saved.folder.clone();
        let removed = mailboxes
            .run(account, folder, move |session, folder| {
                Box::pin(remove_draft(session, folder, old))
            })
            .await;
        if let Err(error) = removed {
            // The new copy is safe; the old one stays visible for the user to delete.
            tracing::warn!(%error, "the replaced draft could not be removed");
        }
    }
    Ok(saved)
}

/// Reads draft `uid` of `folder` back into the composer's form.
pub async fn open_draft(
    state: &AppState,
    account: &Account,
    folder: &FolderPath,
    uid: Uid,
) -> Result<Draft> {
    if uid.0 == 0 {
        return Err(Error::MessageNotFound);
    }
    let raw = state
        .mailboxes
        .run(account, folder.clone(), move |session, folder| {
            Box::pin(fetch_message(session, folder, uid))
        })
        .await?;
    let folder = folder.clone();
    tokio::task::spawn_blocking(move || read_draft(&raw.bytes, &folder, uid))
        .await
        .map_err(|e| Error::internal("worker failed", e))?
}

/// Removes message `uid` of `folder` if it is a draft; gone already is fine.
async fn remove_draft(session: &mut ImapSession, folder: &FolderPath, uid: Uid) -> Result<()> {
    let features = features(session).await?;
    session
        .select(mutf7::encode(folder.as_str()))
        .await
        .map_err(|e| folder_error(folder.as_str(), e))?;
    let fetches: Vec<Fetch> = session
        .uid_fetch(uid.0.to_string(), "(UID FLAGS)")
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    let is_draft = fetches
        .iter()
        .find(|fetch| fetch.uid == Some(uid.0))
        .is_some_and(|fetch| fetch.flags().any(|flag| flag == Flag::Draft));
    if !is_draft {
        return Ok(());
    }
    raw::run(
        session,
        &format!("UID STORE {} +FLAGS.SILENT (\\Deleted)", uid.0),
    )
    .await?
    .ok()?;
    if features.uidplus {
        raw::run(session, &format!("UID EXPUNGE {}", uid.0))
            .await?
            .ok()?;
    }
    Ok(())
}
