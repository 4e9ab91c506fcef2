//! Filling the composer for how it was opened: a blank message with the signature, a
//! reply (recipients, subject, references, quote), a forward (quote or the message
//! attached), or a saved draft reopened from the bridge.

use super::controller::{ComposeController, ComposeError};
use super::form::{self, AttachmentRow, AttachmentState};
use crate::api::ApiError;
use crate::compose::quote::{forward_html, reply_html};
use crate::compose::recipients::{reply_identity, reply_recipients};
use crate::compose::signature::initial_html;
use crate::compose::subject::{SubjectKind, derived_subject};
use crate::state::use_locale;
use crate::stores::compose_start::ComposeStart;
use crate::time_zone::BrowserZone;
use facteur_model::Uid;
use facteur_model::compose::{Draft, DraftAttachment};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Fills the form for how the composer was opened; `own_addresses` are the user's,
/// taken out of a reply's recipients.
pub fn begin(controller: ComposeController, start: ComposeStart, own_addresses: &[String]) {
    let form = controller.form;
    let locale = use_locale().0.get_untracked();
    let emails: Vec<String> = form
        .identities
        .with_untracked(|list| list.iter().map(|i| i.address.email.clone()).collect());
    let signature_of = |index: usize| {
        form.identities
            .with_untracked(|list| list.get(index).map(|i| i.signature.clone()))
            .unwrap_or_default()
    };
    match start {
        ComposeStart::New => form.set_body_html(initial_html(&signature_of(0), "")),
        ComposeStart::Reply { message, all } => {
            let recipients = reply_recipients(&message, own_addresses, all);
            let from = reply_identity(&message, &emails);
            form.from.set(from);
            form.to.addresses.set(recipients.to);
            form.cc.addresses.set(recipients.cc);
            form.subject.set(derived_subject(
                &message.summary.subject,
                SubjectKind::Reply,
                locale,
            ));
            let mut references = message.references.clone();
            if references.is_empty()
                && let Some(parent) = &message.in_reply_to
            {
                references.push(parent.clone());
            }
            if let Some(id) = &message.message_id {
                if !references.contains(id) {
                    references.push(id.clone());
                }
                form.in_reply_to.set(Some(id.clone()));
            }
            form.references.set(references);
            let quote = reply_html(locale, &message, &BrowserZone);
            form.set_body_html(initial_html(&signature_of(from), &quote));
        }
        ComposeStart::Forward {
            message,
            as_attachment,
        } => {
            form.subject.set(derived_subject(
                &message.summary.subject,
                SubjectKind::Forward,
                locale,
            ));
            let attached: Vec<DraftAttachment> = if as_attachment {
                vec![DraftAttachment::Message {
                    folder: message.folder.clone(),
                    uid: message.summary.uid,
                    subject: message.summary.subject.clone(),
                    size: u64::from(message.summary.size),
                }]
            } else {
                message
                    .attachments
                    .iter()
                    .map(|a| DraftAttachment::FromMessage {
                        folder: message.folder.clone(),
                        uid: message.summary.uid,
                        index: a.index,
                        filename: a.filename.clone(),
                        content_type: a.content_type.clone(),
                        size: a.size,
                    })
                    .collect()
            };
            let rows = attached
                .into_iter()
                .map(|attachment| {
                    let (filename, size) = form::attachment_name_and_size(&attachment);
                    AttachmentRow {
                        key: form.new_key(),
                        filename,
                        size,
                        state: AttachmentState::Ready(attachment),
                        handle: None,
                    }
                })
                .collect();
            form.attachments.set(rows);
            let quote = if as_attachment {
                String::new()
            } else {
                forward_html(locale, &message, &BrowserZone)
            };
            form.set_body_html(initial_html(&signature_of(0), &quote));
        }
        ComposeStart::Draft { folder, uid } => {
            let Some(service) = controller.service() else {
                return;
            };
            controller.loading.set(true);
            spawn_local(async move {
                let reopened = service.0.reopen_draft(folder, uid).await;
                // Closed while the draft was loading: nothing left to fill.
                if controller.is_gone() {
                    return;
                }
                reopen(controller, uid, reopened);
                controller.loading.set(false);
            });
        }
    }
}

/// Fills the form from the reopened draft `uid`, or says why it could not be read.
fn reopen(controller: ComposeController, uid: Uid, reopened: Result<Draft, ApiError>) {
    let form = controller.form;
    match reopened {
        Ok(mut draft) => {
            // Why the last send failed shows as it did then, until the next try.
            let failure = draft.last_failure.take();
            form.fill(draft);
            controller.draft_uid.set(Some(uid));
            if let Some(failure) = failure {
                controller.error.set(Some(ComposeError::Bridge {
                    error: ApiError::Bridge {
                        code: failure.code,
                        detail: failure.detail,
                        message_count: None,
                        current_settings: None,
                        limit_bytes: None,
                        saved_draft: None,
                    },
                    kept: true,
                }));
            }
        }
        Err(failure) => controller.error.set(Some(ComposeError::Bridge {
            error: failure,
            kept: false,
        })),
    }
}
