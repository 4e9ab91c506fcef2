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
pub mod services;

use crate::compose::{KeptAs, copy_prefix, write_message};
use crate::error::{Error, Result};
use crate::imap::ImapSession;
use crate::imap::capabilities::features;
use crate::imap::error::{folder_error, imap_error};
use crate::imap::{mutf7, raw};
use crate::session::{Account, SessionId};
use crate::smtp::envelope::{DsnRequest, Envelope, ReversePath};
use capabilities::{CapabilityCache, ServerFacts};
use facteur_model::compose::{
    AcceptedRecipient, Draft, DraftAttachment, SendFailure, SendKey, SendRequest, SendResult,
    SentCopy,
};
use facteur_model::{FolderPath, Uid};
use futures::TryStreamExt;
use once::Once;
use services::{SendServices, SentCopyKept};
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
pub async fn send(
    services: &SendServices,
    account: &Account,
    request: SendRequest,
) -> Result<SendResult> {
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
    let written = write_message(&services.composing, account, &draft).await?;
    let envid = if draft.request_dsn {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|e| Error::internal("randomness", e.to_string()))?;
        Some(facteur_delivery::envelope_id(random))
    } else {
        None
    };
    let envelope = Envelope {
        // Bounces and delivery reports come back to the account, whichever identity
        // the message is from.
        from: ReversePath::Address(account.email.clone()),
        recipients: written.recipients.clone(),
        dsn: envid.clone().map(|envid| DsnRequest {
            envid,
            notify: draft.dsn_notify,
        }),
        size: written.size,
    };
    let servers = &services.servers;
    let submitted = match servers.submit(account, &envelope, &written).await {
        Ok(submitted) => submitted,
        Err(cause) => return Err(keep_as_draft(services, account, &draft, draft_uid, cause).await),
    };
    let envid = envid.filter(|_| submitted.dsn_used);
    let prefix = copy_prefix(
        &draft,
        KeptAs::Sent {
            envid: envid.clone(),
        },
    );
    let (sent_folder, sent_uid, sent_copy) = match servers
        .keep_sent_copy(account, prefix, &written)
        .await
    {
        Ok(kept) => {
            // Fresh facts for the composer, learnt on the way.
            let facts = ServerFacts {
                extensions: submitted.extensions.clone(),
                server_saves_sent: kept == SentCopyKept::ByServer,
            };
            services
                .sending
                .capabilities
                .put(account.id, facts, Instant::now());
            match kept {
                SentCopyKept::ByServer => (None, None, SentCopy::ByServer),
                SentCopyKept::Appended { folder, uid } => (Some(folder), uid, SentCopy::Appended),
            }
        }
        Err(error) => {
            // Sent all the same: answer success rather than invite a second send,
            // and say the copy is missing.
            tracing::warn!(error = %error, "sent, but the copy in Sent failed");
            (None, None, SentCopy::Missing)
        }
    };
    if let Some(uid) = draft_uid
        && let Err(error) = servers.remove_draft(account, uid).await
    {
        tracing::warn!(error = %error, "sent, but the old draft could not be removed");
    }
    for attachment in &draft.attachments {
        if let DraftAttachment::Uploaded(file) = attachment {
            services.composing.uploads.remove(account, &file.id);
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

/// Saves the unsent message in Drafts with the reason and returns the error to answer.
async fn keep_as_draft(
    services: &SendServices,
    account: &Account,
    draft: &Draft,
    replaces: Option<Uid>,
    cause: Error,
) -> Error {
    let reason = failure_reason(&cause);
    let saved = match services
        .servers
        .save_unsent(account, draft, replaces, reason)
        .await
    {
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

/// Removes a sent draft: only that UID (never a plain EXPUNGE, which would remove
/// every message another client flagged `\Deleted`); without UIDPLUS it stays flagged.
pub(crate) async fn expunge_uid(
    session: &mut ImapSession,
    folder: &FolderPath,
    uid: Uid,
) -> Result<()> {
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
