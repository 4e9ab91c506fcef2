//! The composer's controller: owns the message being written, runs the autosave timer,
//! the draft saves, the send and the close that the state machine
//! (`compose::machine`) asks for, through the `ComposeService` seam (a fake in the
//! component tests).
//!
//! A timer or a bridge answer may arrive after the composer was closed and its reactive
//! values disposed; every such continuation first asks [`ComposeController::is_gone`]
//! and does nothing then (reading a disposed value panics the whole app).

use super::ComposeService;
use super::form::ComposeForm;
use crate::api::ApiError;
use crate::api::compose::new_send_key;
use crate::compose::autosave::{DEBOUNCE_MS, Revision};
use crate::compose::machine::{CloseKind, Command, ComposeMachine, Phase};
use crate::i18n::ComposeText;
use crate::state::CurrentLocale;
use crate::time_zone;
use facteur_model::compose::{ComposeCapabilities, SaveDraft, SendKey, SendRequest, SendResult};
use facteur_model::{Timestamp, Uid};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// Where saving the draft stands, for the line under the title.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveState {
    Unsaved,
    Saving,
    SavedAt(Timestamp),
    Failed(ApiError),
}

/// Why the message could not be sent.
#[derive(Debug, Clone, PartialEq)]
pub enum ComposeError {
    /// Found before asking the bridge (no recipient, uploads running...).
    Local(ComposeText),
    /// The bridge's answer; `kept` when it saved the message in Drafts.
    Bridge { error: ApiError, kept: bool },
}

/// What the composer's parts read and the actions they call.
#[derive(Clone, Copy)]
pub struct ComposeController {
    /// The message being written.
    pub form: ComposeForm,
    /// What the bridge allows (size limit, delivery notifications), once known.
    pub capabilities: RwSignal<Option<ComposeCapabilities>>,
    /// The saved copy in Drafts that the next save or the send replaces.
    pub draft_uid: RwSignal<Option<Uid>>,
    pub save_state: RwSignal<SaveState>,
    pub error: RwSignal<Option<ComposeError>>,
    /// A saved draft is being reopened.
    pub loading: RwSignal<bool>,
    machine: RwSignal<ComposeMachine>,
    service: StoredValue<ComposeService>,
    timer: StoredValue<Option<TimeoutHandle>>,
    locale: CurrentLocale,
    on_closed: Callback<()>,
    on_sent: Callback<SendResult>,
}

impl ComposeController {
    /// A controller for `form`; `on_closed` runs once the composer may disappear,
    /// `on_sent` once the message went.
    pub fn new(
        form: ComposeForm,
        service: ComposeService,
        locale: CurrentLocale,
        on_closed: Callback<()>,
        on_sent: Callback<SendResult>,
    ) -> ComposeController {
        let controller = ComposeController {
            form,
            capabilities: RwSignal::new(None),
            draft_uid: RwSignal::new(None),
            save_state: RwSignal::new(SaveState::Unsaved),
            error: RwSignal::new(None),
            loading: RwSignal::new(false),
            machine: RwSignal::new(ComposeMachine::default()),
            service: StoredValue::new(service),
            timer: StoredValue::new(None),
            locale,
            on_closed,
            on_sent,
        };
        spawn_local(async move {
            let Some(service) = controller.service() else {
                return;
            };
            if let Ok(found) = service.0.capabilities().await {
                controller.capabilities.set(Some(found));
            }
        });
        controller
    }

    /// Where the composer stands (reactive).
    pub fn phase(self) -> Phase {
        self.machine.with(ComposeMachine::phase)
    }

    /// Whether the composer was closed and its values disposed.
    pub fn is_gone(self) -> bool {
        self.machine.is_disposed()
    }

    /// The bridge calls, unless the composer is gone.
    pub fn service(self) -> Option<ComposeService> {
        self.service.try_get_value()
    }

    /// The user edited the message: saved once no other edit follows within the delay.
    pub fn edited(self) {
        let Some(revision) = self.machine.try_update_untracked(ComposeMachine::edit) else {
            return;
        };
        self.clear_timer();
        let handle = set_timeout_with_handle(
            move || self.timer_fired(revision),
            Duration::from_millis(DEBOUNCE_MS),
        )
        .ok();
        self.timer.set_value(handle);
    }

    fn timer_fired(self, revision: Revision) {
        if self.is_gone() {
            return;
        }
        let command = self.machine.try_update(|m| m.timer_fired(revision));
        self.run(command);
    }

    /// The user closes the composer: the draft is saved first, unless nothing was
    /// written or the user accepts to lose a draft the bridge could not keep.
    pub fn close(self) {
        if self.is_gone() || self.phase().is_sending() {
            return;
        }
        let never_written = self.draft_uid.get_untracked().is_none() && self.form.is_empty();
        let kind = if never_written || self.lose_unsaved_confirmed() {
            CloseKind::Discard
        } else {
            CloseKind::KeepDraft
        };
        let command = self.machine.try_update(|m| m.close(kind));
        self.run(command);
    }

    /// When the last save failed, asks whether to close anyway and lose the text.
    fn lose_unsaved_confirmed(self) -> bool {
        let failed = matches!(self.save_state.get_untracked(), SaveState::Failed(_));
        if !failed || self.machine.with_untracked(ComposeMachine::is_saving) {
            return false;
        }
        let question = ComposeText::CloseUnsaved.get(self.locale.0.get_untracked());
        web_sys::window()
            .and_then(|w| w.confirm_with_message(question).ok())
            .unwrap_or(false)
    }

    /// The user sends: each recipient field commits its typed text and shows its own
    /// problem; the message goes once the checks pass.
    pub fn send(self) {
        if self.is_gone() || self.phase().is_sending() {
            return;
        }
        let form = self.form;
        let lists = [form.to, form.cc, form.bcc];
        let invalid = lists.iter().filter(|list| !list.commit()).count();
        let problem = if invalid > 0 {
            Some(ComposeText::FixRecipients)
        } else if lists
            .iter()
            .all(|list| list.addresses.with_untracked(Vec::is_empty))
        {
            Some(ComposeText::NoRecipient)
        } else if form.uploading() {
            Some(ComposeText::WaitForUploads)
        } else {
            None
        };
        if let Some(problem) = problem {
            self.error.set(Some(ComposeError::Local(problem)));
            return;
        }
        self.error.set(None);
        let command = self.machine.try_update(|m| m.send(new_send_key));
        self.run(command);
    }

    /// Does what the machine asked for.
    fn run(self, command: Option<Command>) {
        match command {
            None | Some(Command::Nothing) => {}
            Some(Command::Save(_)) => self.save(),
            Some(Command::Send(key)) => self.send_with(key),
            Some(Command::Close) => {
                self.clear_timer();
                self.on_closed.run(());
            }
        }
    }

    /// Saves the draft as it is now, replacing the previous save.
    fn save(self) {
        let Some(service) = self.service() else {
            return;
        };
        let request = SaveDraft {
            draft: self.form.draft(),
            replaces: self.draft_uid.get_untracked(),
        };
        self.save_state.set(SaveState::Saving);
        spawn_local(async move {
            let result = service.0.save_draft(request).await;
            if self.is_gone() {
                return;
            }
            let ok = match result {
                Ok(saved) => {
                    self.draft_uid.set(saved.uid);
                    self.save_state.set(SaveState::SavedAt(time_zone::now()));
                    true
                }
                Err(failure) => {
                    self.save_state.set(SaveState::Failed(failure));
                    false
                }
            };
            let command = self
                .machine
                .try_update(|m| m.save_finished(ok, new_send_key));
            self.run(command);
        });
    }

    fn send_with(self, key: SendKey) {
        let Some(service) = self.service() else {
            return;
        };
        let request = SendRequest {
            key,
            draft: self.form.draft(),
            draft_uid: self.draft_uid.get_untracked(),
        };
        spawn_local(async move {
            let result = service.0.send(request).await;
            if self.is_gone() {
                return;
            }
            match result {
                Ok(sent) => {
                    let command = self.machine.try_update(|m| m.send_finished(true));
                    if command == Some(Command::Close) {
                        self.on_sent.run(sent);
                    }
                    self.run(command);
                }
                Err(failure) => {
                    let kept = match &failure {
                        ApiError::Bridge {
                            saved_draft: Some(saved),
                            ..
                        } => {
                            if saved.uid.is_some() {
                                self.draft_uid.set(saved.uid);
                            }
                            true
                        }
                        _ => false,
                    };
                    self.error.set(Some(ComposeError::Bridge {
                        error: failure,
                        kept,
                    }));
                    let command = self.machine.try_update(|m| m.send_finished(false));
                    self.run(command);
                }
            }
        });
    }

    /// The composer is taken away (replaced by another, the mailbox left): its timer
    /// stops, and edits no save or send keeps are saved on the way out, as the close
    /// button would have.
    pub fn taken_away(self) {
        self.clear_timer();
        let owed = self
            .machine
            .try_with_untracked(ComposeMachine::owes_save)
            .unwrap_or(false);
        let Some(service) = self.service() else {
            return;
        };
        let Some(replaces) = self.draft_uid.try_get_untracked() else {
            return;
        };
        if !owed || (replaces.is_none() && self.form.is_empty()) {
            return;
        }
        let request = SaveDraft {
            draft: self.form.draft(),
            replaces,
        };
        spawn_local(async move {
            let _ = service.0.save_draft(request).await;
        });
    }

    fn clear_timer(self) {
        if let Some(Some(handle)) = self.timer.try_get_value() {
            handle.clear();
        }
    }
}
