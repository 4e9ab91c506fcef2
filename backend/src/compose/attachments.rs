//! The attachments of a draft, resolved to bytes the writer can stream: uploads of this
//! session from the store, parts and whole messages fetched over IMAP.

use super::message_writer::{AttachmentBody, ResolvedAttachment};
use super::services::Composing;
use crate::error::{Error, Result};
use crate::mime::download::safe_filename;
use crate::mime::parse::{attachment, parse_message};
use crate::session::Account;
use crate::uploads::naming::clean_content_type;
use facteur_model::compose::DraftAttachment;
use facteur_model::{FolderPath, Uid};
use std::collections::HashMap;
use std::sync::Arc;

/// Most attachments one message may carry.
pub const MAX_ATTACHMENTS: usize = 100;

/// What one draft's attachments may total, and what may be fetched from the server to
/// build them: as much as a session may have uploaded at once. Without it, one message
/// attached a hundred times (each copy under the per-file limit) is held a hundred times.
#[derive(Debug)]
struct DraftBudget {
    limit: u64,
    attached: u64,
    fetched: u64,
}

impl DraftBudget {
    fn new(limit: u64) -> DraftBudget {
        DraftBudget {
            limit,
            attached: 0,
            fetched: 0,
        }
    }

    /// Counts an attachment of `size` bytes.
    fn attach(&mut self, size: u64) -> Result<()> {
        self.attached = self.attached.saturating_add(size);
        self.check(self.attached)
    }

    /// Counts a message of `size` bytes fetched to take attachments from.
    fn fetch(&mut self, size: u64) -> Result<()> {
        self.fetched = self.fetched.saturating_add(size);
        self.check(self.fetched)
    }

    fn check(&self, total: u64) -> Result<()> {
        if total > self.limit {
            Err(Error::AttachmentTooLarge { limit: self.limit })
        } else {
            Ok(())
        }
    }
}

/// Resolves every attachment, in order; each is checked against the size limit, and
/// all together against the draft's.
pub async fn resolve(
    services: &Composing,
    account: &Account,
    list: &[DraftAttachment],
) -> Result<Vec<ResolvedAttachment>> {
    if list.len() > MAX_ATTACHMENTS {
        return Err(Error::InvalidInput(format!(
            "attachments: at most {MAX_ATTACHMENTS}"
        )));
    }
    let limit = services.uploads.max_bytes();
    let mut budget = DraftBudget::new(limit.saturating_mul(crate::uploads::SESSION_QUOTA_FACTOR));
    let mut messages: HashMap<(FolderPath, Uid), Arc<Vec<u8>>> = HashMap::new();
    let mut resolved = Vec::with_capacity(list.len());
    for item in list {
        let attachment = match item {
            DraftAttachment::Uploaded(file) => {
                let (path, stored) = services.uploads.open(account, &file.id)?;
                budget.attach(stored.size)?;
                ResolvedAttachment {
                    filename: stored.filename,
                    content_type: stored.content_type,
                    body: AttachmentBody::File(path),
                }
            }
            DraftAttachment::FromMessage {
                folder, uid, index, ..
            } => {
                let raw = raw_message(services, account, &mut messages, &mut budget, folder, *uid)
                    .await?;
                let index = *index;
                let part = tokio::task::spawn_blocking(move || {
                    let message = parse_message(&raw)?;
                    attachment(&message, index)
                })
                .await
                .map_err(|e| Error::internal("worker failed", e))??;
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
                let raw = raw_message(services, account, &mut messages, &mut budget, folder, *uid)
                    .await?;
                ResolvedAttachment {
                    filename: message_filename(subject),
                    content_type: "message/rfc822".to_owned(),
                    body: AttachmentBody::Message(raw.as_ref().clone()),
                }
            }
        };
        let size = body_size(&attachment.body);
        if size > limit {
            return Err(Error::AttachmentTooLarge { limit });
        }
        budget.attach(size)?;
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
        // Uploads were held to the limit when stored, and counted when opened.
        AttachmentBody::File(_) => 0,
        AttachmentBody::Bytes(bytes) | AttachmentBody::Message(bytes) => bytes.len() as u64,
    }
}

/// The raw message, fetched once however many of its parts are attached.
async fn raw_message(
    services: &Composing,
    account: &Account,
    cache: &mut HashMap<(FolderPath, Uid), Arc<Vec<u8>>>,
    budget: &mut DraftBudget,
    folder: &FolderPath,
    uid: Uid,
) -> Result<Arc<Vec<u8>>> {
    if uid.0 == 0 {
        return Err(Error::MessageNotFound);
    }
    if let Some(raw) = cache.get(&(folder.clone(), uid)) {
        return Ok(raw.clone());
    }
    let raw = services.messages.fetch(account, folder, uid).await?;
    budget.fetch(raw.len() as u64)?;
    let bytes = Arc::new(raw);
    cache.insert((folder.clone(), uid), bytes.clone());
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_held_to_its_total() {
        let mut budget = DraftBudget::new(100);
        assert!(budget.attach(60).is_ok());
        assert!(budget.fetch(100).is_ok());
        assert!(matches!(
            budget.attach(41),
            Err(Error::AttachmentTooLarge { limit: 100 })
        ));
        assert!(budget.fetch(1).is_err());
    }

    #[test]
    fn whole_messages_are_named_after_their_subject() {
        assert_eq!(message_filename("Re: Devis 2026"), "Re_ Devis 2026.eml");
        assert_eq!(message_filename("  "), "message.eml");
        assert_eq!(message_filename("a/b"), "a_b.eml");
    }
}
