//! The attachments of a draft, resolved to bytes the writer can stream: uploads of this
//! session from the store, parts and whole messages fetched over IMAP.

use super::message_writer::{AttachmentBody, ResolvedAttachment};
use crate::error::{Error, Result};
use crate::imap::fetch::fetch_message;
use crate::mime::download::safe_filename;
use crate::mime::parse::{attachment, parse_message};
use crate::session::Account;
use crate::state::AppState;
use crate::uploads::naming::clean_content_type;
use facteur_model::compose::DraftAttachment;
use facteur_model::{FolderPath, Uid};
use std::collections::HashMap;
use std::sync::Arc;

/// Most attachments one message may carry.
pub const MAX_ATTACHMENTS: usize = 100;

/// Resolves every attachment, in order; each is checked against the size limit.
pub async fn resolve(
    state: &AppState,
    account: &Account,
    list: &[DraftAttachment],
) -> Result<Vec<ResolvedAttachment>> {
    if list.len() > MAX_ATTACHMENTS {
        return Err(Error::InvalidInput(format!(
            "attachments: at most {MAX_ATTACHMENTS}"
        )));
    }
    let limit = state.uploads.max_bytes();
    let mut messages: HashMap<(FolderPath, Uid), Arc<Vec<u8>>> = HashMap::new();
    let mut resolved = Vec::with_capacity(list.len());
    for item in list {
        let attachment = match item {
            DraftAttachment::Uploaded(file) => {
                let (path, stored) = state.uploads.open(account.id, &file.id)?;
                ResolvedAttachment {
                    filename: stored.filename,
                    content_type: stored.content_type,
                    body: AttachmentBody::File(path),
                }
            }
            DraftAttachment::FromMessage {
                folder, uid, index, ..
            } => {
                let raw = raw_message(state, account, &mut messages, folder, *uid).await?;
                let index = *index;
                let part = tokio::task::spawn_blocking(move || {
                    let message = parse_message(&raw)?;
                    attachment(&message, index)
                })
                .await
                .map_err(|e| Error::Internal(format!("worker failed: {e}")))??;
                let content_type = clean_content_type(&part.content_type);
                let body = if content_type == "message/rfc822" {
                    AttachmentBody::Message(part.bytes)
                } else {
                    AttachmentBody::Bytes(part.bytes)
                };
                ResolvedAttachment {
                    filename: part.filename,
                    content_type,
                    body,
                }
            }
            DraftAttachment::Message {
                folder,
                uid,
                subject,
                ..
            } => {
                let raw = raw_message(state, account, &mut messages, folder, *uid).await?;
                ResolvedAttachment {
                    filename: message_filename(subject),
                    content_type: "message/rfc822".to_owned(),
                    body: AttachmentBody::Message(raw.as_ref().clone()),
                }
            }
        };
        if body_size(&attachment.body) > limit {
            return Err(Error::AttachmentTooLarge { limit });
        }
        resolved.push(attachment);
    }
    Ok(resolved)
}

/// `Subject.eml`, a safe file name, for a message attached whole.
pub fn message_filename(subject: &str) -> String {
    let base = safe_filename(subject.trim());
    let base = if subject.trim().is_empty() {
        "message".to_owned()
    } else {
        base.chars().take(100).collect()
    };
    format!("{base}.eml")
}

fn body_size(body: &AttachmentBody) -> u64 {
    match body {
        // Uploads were held to the limit when stored.
        AttachmentBody::File(_) => 0,
        AttachmentBody::Bytes(bytes) | AttachmentBody::Message(bytes) => bytes.len() as u64,
    }
}

/// The raw message, fetched once however many of its parts are attached.
async fn raw_message(
    state: &AppState,
    account: &Account,
    cache: &mut HashMap<(FolderPath, Uid), Arc<Vec<u8>>>,
    folder: &FolderPath,
    uid: Uid,
) -> Result<Arc<Vec<u8>>> {
    if uid.0 == 0 {
        return Err(Error::MessageNotFound);
    }
    if let Some(raw) = cache.get(&(folder.clone(), uid)) {
        return Ok(raw.clone());
    }
    let wanted = folder.clone();
    let raw = state
        .pool
        .run(&state.connector, account, move |session| {
            let folder = wanted.clone();
            Box::pin(async move { fetch_message(session, &folder, uid).await })
        })
        .await?;
    let bytes = Arc::new(raw.bytes);
    cache.insert((folder.clone(), uid), bytes.clone());
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_messages_are_named_after_their_subject() {
        assert_eq!(message_filename("Re: Devis 2026"), "Re_ Devis 2026.eml");
        assert_eq!(message_filename("  "), "message.eml");
        assert_eq!(message_filename("a/b"), "a_b.eml");
    }
}
