//! Sending a message: write it, submit it, keep the Sent copy, remove the draft and the
//! uploads. Nothing is lost: when submission fails, the message is saved in Drafts with
//! the reason, and the error says where.
//!
//! `once` makes sending idempotent per session and key, `capabilities` answers the
//! composer (DSN, SIZE), `receipt` answers read-receipt requests (with `mdn_writer`).

pub mod capabilities;
pub mod mdn_writer;
pub mod once;
pub mod receipt;

use crate::compose::{KeptAs, WrittenMessage, copy_prefix, drafts::save_draft, write_message};
use crate::error::{Error, Result};
use crate::imap::ImapSession;
use crate::imap::append::append_file;
use crate::imap::capabilities::features;
use crate::imap::error::{folder_error, imap_error};
use crate::imap::special_folders::find_or_create;
use crate::imap::{mutf7, raw};
use crate::session::{Account, SessionId};
use crate::smtp::envelope::{DsnRequest, Envelope, ReversePath};
use crate::smtp::submit::{Credentials, Submitted, Target, submit};
use crate::state::AppState;
use capabilities::{CapabilityCache, ServerFacts, saves_sent};
use facteur_model::compose::{
    AcceptedRecipient, Draft, DraftAttachment, SendFailure, SendKey, SendRequest, SendResult,
    SentCopy,
};
use facteur_model::folder::FolderRole;
use facteur_model::{FolderPath, Uid};
use futures::TryStreamExt;
use once::Once;
use std::time::Instant;

/// The longest send key accepted (the browser makes a UUID-like one).
pub const MAX_KEY_LEN: usize = 128;

/// What the bridge remembers about sending, shared by every request.
#[derive(Debug, Default)]
pub struct Sending {
    /// Sends by session and key, so the same key sends once.
    pub once: Once<(SessionId, SendKey), SendResult>,
    /// What each session's servers offer.
    pub capabilities: CapabilityCache,
}

/// Checks a client's send key: 1 to [`MAX_KEY_LEN`] visible ASCII characters.
pub fn check_key(key: &SendKey) -> Result<()> {
    let ok = !key.0.is_empty()
        && key.0.len() <= MAX_KEY_LEN
        && key.0.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidInput(format!(
            "key: 1 to {MAX_KEY_LEN} visible ASCII characters"
        )))
    }
}

/// Sends `request.draft` (once per key: see [`Sending::once`] in the route).
pub async fn send(state: &AppState, account: &Account, request: SendRequest) -> Result<SendResult> {
    let SendRequest {
        draft, draft_uid, ..
    } = request;
    if draft.to.is_empty() && draft.cc.is_empty() && draft.bcc.is_empty() {
        return Err(Error::InvalidInput(
            "to: the message needs at least one recipient".into(),
        ));
    }
    // A message that cannot be written (a missing upload, a bad address) is not sent
    // and not saved: the composer still holds it and the error says what to fix.
    let written = write_message(&state.composing, account, &draft).await?;
    let envid = if draft.request_dsn {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|e| Error::internal("randomness", e.to_string()))?;
        Some(facteur_delivery::envelope_id(random))
    } else {
        None
    };
    let dsn = envid.clone().map(|envid| DsnRequest {
        envid,
        notify: draft.dsn_notify,
    });
    let submitted = match submit_written(state, account, &written, dsn).await {
        Ok(submitted) => submitted,
        Err(cause) => return Err(keep_as_draft(state, account, &draft, draft_uid, cause).await),
    };
    let envid = envid.filter(|_| submitted.dsn_used);
    let (sent_folder, sent_uid, sent_copy) =
        match keep_sent_copy(state, account, &draft, &written, envid.clone()).await {
            Ok((folder, uid, server_saves_sent)) => {
                // Fresh facts for the composer, learnt on the way.
                let facts = ServerFacts {
                    extensions: submitted.extensions.clone(),
                    server_saves_sent,
                };
                state
                    .sending
                    .capabilities
                    .put(account.id, facts, Instant::now());
                let copy = if server_saves_sent {
                    SentCopy::ByServer
                } else {
                    SentCopy::Appended
                };
                (folder, uid, copy)
            }
            Err(error) => {
                // Sent all the same: answer success rather than invite a second send,
                // and say the copy is missing.
                tracing::warn!(error = %error, "sent, but the copy in Sent failed");
                (None, None, SentCopy::Missing)
            }
        };
    if let Some(uid) = draft_uid
        && let Err(error) = remove_draft(state, account, uid).await
    {
        tracing::warn!(error = %error, "sent, but the old draft could not be removed");
    }
    for attachment in &draft.attachments {
        if let DraftAttachment::Uploaded(file) = attachment {
            state.uploads.remove(account, &file.id);
        }
    }
    Ok(SendResult {
        message_id: written.message_id.clone(),
        sent_folder,
        sent_uid,
        sent_copy,
        envid,
        dsn_unavailable: draft.request_dsn && !submitted.extensions.dsn,
        recipients: submitted
            .accepted
            .into_iter()
            .map(|email| AcceptedRecipient { email })
            .collect(),
    })
}

async fn submit_written(
    state: &AppState,
    account: &Account,
    written: &WrittenMessage,
    dsn: Option<DsnRequest>,
) -> Result<Submitted> {
    let envelope = Envelope {
        // Bounces and delivery reports come back to the account, whichever identity
        // the message is from.
        from: ReversePath::Address(account.email.clone()),
        recipients: written.recipients.clone(),
        dsn,
        size: written.size,
    };
    let target = Target::of(
        &state.connector,
        account,
        state.config.outbound.command_timeout(),
    );
    let credentials = Credentials::of(account);
    let file = tokio::fs::File::open(&written.path)
        .await
        .map_err(|e| Error::internal("opening the written message", e))?;
    submit(
        &target,
        &credentials,
        &envelope,
        tokio::io::BufReader::new(file),
    )
    .await
    .map_err(Error::from)
}

/// Saves the unsent message in Drafts with the reason and returns the error to answer.
async fn keep_as_draft(
    state: &AppState,
    account: &Account,
    draft: &Draft,
    replaces: Option<Uid>,
    cause: Error,
) -> Error {
    let reason = failure_reason(&cause);
    let saved = match save_draft(state, account, draft, replaces, Some(reason)).await {
        Ok(saved) => Some(saved),
        Err(error) => {
            tracing::error!(error = %error, "a failed send could not be saved in Drafts");
            None
        }
    };
    Error::NotSent {
        cause: Box::new(cause),
        saved_draft: saved,
    }
}

/// The reason kept with the draft: the code the browser words, and the server's words.
pub fn failure_reason(cause: &Error) -> SendFailure {
    let problem = cause.problem();
    SendFailure {
        code: problem.code,
        detail: problem.detail.filter(|detail| !detail.trim().is_empty()),
    }
}

/// Appends the Sent copy (`\Seen`, with the Bcc and the ENVID) unless the provider files
/// sent mail itself. Returns the folder, the new UID, and whether the server saves sent
/// mail.
async fn keep_sent_copy(
    state: &AppState,
    account: &Account,
    draft: &Draft,
    written: &WrittenMessage,
    envid: Option<String>,
) -> Result<(Option<FolderPath>, Option<Uid>, bool)> {
    let prefix = copy_prefix(draft, KeptAs::Sent { envid });
    let path = written.path.to_path_buf();
    let size = written.size;
    state
        .mailboxes
        .run_once(account, (prefix, path), move |session, (prefix, path)| {
            Box::pin(async move {
                if saves_sent(session).await? {
                    return Ok((None, None, true));
                }
                let folder = find_or_create(session, FolderRole::Sent).await?;
                let uid = append_file(session, &folder, &["\\Seen"], prefix.as_bytes(), path, size)
                    .await?;
                Ok((Some(folder), uid, false))
            })
        })
        .await
}

/// Removes the sent draft: only that UID (never a plain EXPUNGE, which would remove
/// every message another client flagged `\Deleted`); without UIDPLUS it stays flagged.
async fn remove_draft(state: &AppState, account: &Account, uid: Uid) -> Result<()> {
    state
        .mailboxes
        .run(account, (), move |session, ()| {
            Box::pin(async move {
                let folder = find_or_create(session, FolderRole::Drafts).await?;
                expunge_uid(session, &folder, uid).await
            })
        })
        .await
}

async fn expunge_uid(session: &mut ImapSession, folder: &FolderPath, uid: Uid) -> Result<()> {
    let can_expunge_one = features(session).await?.uidplus;
    session
        .select(mutf7::encode(folder.as_str()))
        .await
        .map_err(|e| folder_error(folder.as_str(), e))?;
    let set = uid.0.to_string();
    let _: Vec<_> = session
        .uid_store(&set, "+FLAGS.SILENT (\\Deleted)")
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    if can_expunge_one {
        raw::run(session, &format!("UID EXPUNGE {set}"))
            .await?
            .ok()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::problem::ErrorCode;

    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(check_key(&SendKey("3f2a-01".into())).is_ok());
        for bad in ["", "a b", "é", &"k".repeat(MAX_KEY_LEN + 1)] {
            assert!(check_key(&SendKey(bad.to_owned())).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_kept_reason_has_the_servers_words() {
        let refused = Error::RecipientRefused("x@elsewhere.example: 550 5.1.1 rejected".into());
        assert_eq!(
            failure_reason(&refused),
            SendFailure {
                code: ErrorCode::RecipientRefused,
                detail: Some("x@elsewhere.example: 550 5.1.1 rejected".into()),
            }
        );
        let password = Error::BadCredentials(None);
        assert_eq!(
            failure_reason(&password),
            SendFailure {
                code: ErrorCode::BadCredentials,
                detail: None,
            }
        );
    }
}
