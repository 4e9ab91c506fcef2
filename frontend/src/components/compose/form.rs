//! What the composer holds while the user writes, as signals, and the draft made of it.

use crate::api::ApiError;
use crate::api::compose::UploadHandle;
use crate::compose::identities::Identity;
use crate::compose::recipients::{RecipientProblem, deduplicated, parse_list};
use crate::compose::rich_text::{html_to_text, is_blank, text_to_html};
use crate::stores::settings_store::SettingsStore;
use facteur_model::compose::{Draft, DraftAttachment, DraftBody, DsnNotify};
use facteur_model::message::Address;
use leptos::html;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// One of the three recipient fields.
#[derive(Debug, Clone, Copy)]
pub struct RecipientList {
    /// The chips.
    pub addresses: RwSignal<Vec<Address>>,
    /// What is typed and not yet a chip.
    pub typed: RwSignal<String>,
    /// The first entry of the typed text that is not an address, and why.
    pub error: RwSignal<Option<(String, RecipientProblem)>>,
}

impl RecipientList {
    fn new(addresses: Vec<Address>) -> RecipientList {
        RecipientList {
            addresses: RwSignal::new(addresses),
            typed: RwSignal::new(String::new()),
            error: RwSignal::new(None),
        }
    }

    /// Turns the typed text into chips; invalid entries stay typed with an error.
    /// Returns whether everything typed was an address.
    pub fn commit(self) -> bool {
        let typed = self.typed.get_untracked();
        if typed.trim().is_empty() {
            self.error.set(None);
            return true;
        }
        let parsed = parse_list(&typed);
        if !parsed.addresses.is_empty() {
            self.addresses.update(|list| {
                let added = deduplicated(parsed.addresses, list);
                list.extend(added);
            });
        }
        match parsed.invalid.first() {
            Some(first) => {
                let kept: Vec<&str> = parsed.invalid.iter().map(|i| i.text.as_str()).collect();
                self.typed.set(kept.join(", "));
                self.error.set(Some((first.text.clone(), first.reason)));
                false
            }
            None => {
                self.typed.set(String::new());
                self.error.set(None);
                true
            }
        }
    }
}

/// Why an attachment row failed.
#[derive(Debug, Clone, PartialEq)]
pub enum AttachmentProblem {
    /// Larger than the bridge accepts, in bytes.
    TooLarge {
        limit: u64,
    },
    Bridge(ApiError),
}

/// Where one attachment stands.
#[derive(Debug, Clone, PartialEq)]
pub enum AttachmentState {
    Uploading { sent: u64, total: u64 },
    Ready(DraftAttachment),
    Failed(AttachmentProblem),
}

impl AttachmentState {
    /// The `data-state` value of the row.
    pub fn name(&self) -> &'static str {
        match self {
            AttachmentState::Uploading { .. } => "uploading",
            AttachmentState::Ready(_) => "ready",
            AttachmentState::Failed(_) => "failed",
        }
    }
}

/// One line of the attachment list.
#[derive(Debug, Clone)]
pub struct AttachmentRow {
    pub key: u32,
    pub filename: String,
    pub size: u64,
    pub state: AttachmentState,
    /// Stops the upload when the row is removed before it finished.
    pub handle: Option<SendWrapper<UploadHandle>>,
}

/// The message being written.
#[derive(Debug, Clone, Copy)]
pub struct ComposeForm {
    pub identities: Signal<Vec<Identity>>,
    /// The chosen identity, as a position in `identities`.
    pub from: RwSignal<usize>,
    pub to: RecipientList,
    pub cc: RecipientList,
    pub bcc: RecipientList,
    pub subject: RwSignal<String>,
    /// The editor's HTML, as of the last input.
    pub html: RwSignal<String>,
    /// `Some(text)` in plain-text mode: the text the user edits instead of HTML.
    pub plain: RwSignal<Option<String>>,
    /// Bumped when the editor's content is replaced from outside (start, draft loaded,
    /// back from plain text), so the editor takes `html` again.
    pub content_version: RwSignal<u64>,
    pub editor: NodeRef<html::Div>,
    pub attachments: RwSignal<Vec<AttachmentRow>>,
    pub next_key: StoredValue<u32>,
    pub request_dsn: RwSignal<bool>,
    /// Which delivery receipts `request_dsn` asks for.
    pub dsn_notify: RwSignal<DsnNotify>,
    pub request_read_receipt: RwSignal<bool>,
    pub in_reply_to: RwSignal<Option<String>>,
    pub references: RwSignal<Vec<String>>,
    /// Counts the user's edits; the composer saves the draft after them.
    pub revision: RwSignal<u64>,
}

impl ComposeForm {
    /// An empty message from the first identity.
    pub fn new(identities: Signal<Vec<Identity>>, request_dsn: bool) -> ComposeForm {
        ComposeForm {
            identities,
            from: RwSignal::new(0),
            to: RecipientList::new(Vec::new()),
            cc: RecipientList::new(Vec::new()),
            bcc: RecipientList::new(Vec::new()),
            subject: RwSignal::new(String::new()),
            html: RwSignal::new(String::new()),
            plain: RwSignal::new(None),
            content_version: RwSignal::new(0),
            editor: NodeRef::new(),
            attachments: RwSignal::new(Vec::new()),
            next_key: StoredValue::new(0),
            request_dsn: RwSignal::new(request_dsn),
            dsn_notify: RwSignal::new(default_dsn_notify()),
            request_read_receipt: RwSignal::new(false),
            in_reply_to: RwSignal::new(None),
            references: RwSignal::new(Vec::new()),
            revision: RwSignal::new(0),
        }
    }

    /// Records an edit of the user.
    pub fn touch(self) {
        self.revision.update(|r| *r += 1);
    }

    /// Replaces the editor's content (not an edit of the user).
    pub fn set_body_html(self, html: String) {
        self.plain.set(None);
        self.html.set(html);
        self.content_version.update(|v| *v += 1);
    }

    /// A key for a new attachment row.
    pub fn new_key(self) -> u32 {
        self.next_key.update_value(|k| *k += 1);
        self.next_key.get_value()
    }

    /// The chosen identity.
    pub fn identity(self) -> Option<Identity> {
        let index = self.from.get_untracked();
        self.identities
            .with_untracked(|list| list.get(index).or(list.first()).cloned())
    }

    /// The body as sent: the text alone in plain mode, else the HTML and its text.
    pub fn body(self) -> DraftBody {
        match self.plain.get_untracked() {
            Some(text) => DraftBody { text, html: None },
            None => {
                let html = self.html.get_untracked();
                DraftBody {
                    text: html_to_text(&html),
                    html: (!is_blank(&html)).then_some(html),
                }
            }
        }
    }

    /// Whether uploads are still running.
    pub fn uploading(self) -> bool {
        self.attachments.with_untracked(|rows| {
            rows.iter()
                .any(|r| matches!(r.state, AttachmentState::Uploading { .. }))
        })
    }

    /// Whether nothing at all was written (such a draft is not worth keeping).
    pub fn is_empty(self) -> bool {
        let draft = self.draft();
        draft.to.is_empty()
            && draft.cc.is_empty()
            && draft.bcc.is_empty()
            && draft.subject.trim().is_empty()
            && draft.body.text.trim().is_empty()
            && draft.attachments.is_empty()
    }

    /// The draft as it stands (typed text not yet turned into chips is left out).
    pub fn draft(self) -> Draft {
        let from = self.identity().map(|i| i.address).unwrap_or(Address {
            name: None,
            email: String::new(),
        });
        Draft {
            from,
            to: self.to.addresses.get_untracked(),
            cc: self.cc.addresses.get_untracked(),
            bcc: self.bcc.addresses.get_untracked(),
            subject: self.subject.get_untracked(),
            body: self.body(),
            attachments: self.attachments.with_untracked(|rows| {
                rows.iter()
                    .filter_map(|r| match &r.state {
                        AttachmentState::Ready(a) => Some(a.clone()),
                        _ => None,
                    })
                    .collect()
            }),
            in_reply_to: self.in_reply_to.get_untracked(),
            references: self.references.get_untracked(),
            request_dsn: self.request_dsn.get_untracked(),
            dsn_notify: self.dsn_notify.get_untracked(),
            request_read_receipt: self.request_read_receipt.get_untracked(),
            last_failure: None,
        }
    }

    /// Fills the form from a saved draft.
    pub fn fill(self, draft: Draft) {
        let from = self.identities.with_untracked(|list| {
            crate::compose::identities::position_of(list, &draft.from.email)
        });
        self.from.set(from);
        self.to.addresses.set(draft.to);
        self.cc.addresses.set(draft.cc);
        self.bcc.addresses.set(draft.bcc);
        self.subject.set(draft.subject);
        match draft.body.html {
            Some(html) => self.set_body_html(html),
            None => {
                // A plain draft opens in the rich editor with its text as lines.
                self.set_body_html(text_to_html(&draft.body.text));
            }
        }
        let rows = draft
            .attachments
            .into_iter()
            .map(|attachment| {
                let (filename, size) = attachment_name_and_size(&attachment);
                AttachmentRow {
                    key: self.new_key(),
                    filename,
                    size,
                    state: AttachmentState::Ready(attachment),
                    handle: None,
                }
            })
            .collect();
        self.attachments.set(rows);
        self.request_dsn.set(draft.request_dsn);
        self.dsn_notify.set(draft.dsn_notify);
        self.request_read_receipt.set(draft.request_read_receipt);
        self.in_reply_to.set(draft.in_reply_to);
        self.references.set(draft.references);
    }
}

/// The user's choice of delivery receipts for new messages, from the roaming settings
/// when they are there (failures and delays otherwise).
fn default_dsn_notify() -> DsnNotify {
    use_context::<SettingsStore>()
        .and_then(|store| {
            store
                .settings
                .try_with_untracked(|s| s.dsn_notify_by_default)
        })
        .unwrap_or_default()
}

/// The name and size an attachment is listed with.
pub fn attachment_name_and_size(attachment: &DraftAttachment) -> (String, u64) {
    match attachment {
        DraftAttachment::Uploaded(file) => (file.filename.clone(), file.size),
        DraftAttachment::FromMessage { filename, size, .. } => (filename.clone(), *size),
        DraftAttachment::Message { subject, size, .. } => (format!("{subject}.eml"), *size),
    }
}
