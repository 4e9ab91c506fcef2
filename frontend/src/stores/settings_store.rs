//! The signed-in account's roaming settings: loaded after sign-in, edited locally at once,
//! saved in the background with the revision they were edited from.
//!
//! On `settings_conflict` (another device saved meanwhile) the store takes that device's
//! document, applies the unsaved edits to it again ([`rebase`]) and saves once more. If
//! that fails too, the edits stay applied on screen and listed as unsaved, with the error
//! shown and a retry: a change is never dropped silently.

use crate::api::ApiError;
use crate::api::stores::{SettingsApi, SettingsService};
use crate::owned_task::TaskOwner;
use crate::settings::{Settings, SettingsEdit, rebase};
use crate::state::Session;
use facteur_model::problem::ErrorCode;
use facteur_model::settings::{EMPTY_REVISION, SaveSettings};
use leptos::prelude::*;

/// Where loading the settings stands.
#[derive(Debug, Clone, PartialEq)]
pub enum SettingsStatus {
    Loading,
    Ready,
    Failed(ApiError),
}

/// The settings context of the signed-in screens.
#[derive(Debug, Clone, Copy)]
pub struct SettingsStore {
    /// The document as the user sees it, unsaved edits included.
    pub settings: RwSignal<Settings>,
    pub status: RwSignal<SettingsStatus>,
    /// A save is on its way.
    pub saving: RwSignal<bool>,
    /// Why the last save failed; the unsaved edits are kept for [`SettingsStore::retry`].
    pub save_error: RwSignal<Option<ApiError>>,
    /// Edits applied on screen but not yet stored.
    pub unsaved_count: RwSignal<usize>,
    revision: StoredValue<String>,
    unsaved: StoredValue<Vec<SettingsEdit>>,
    session: Option<Session>,
    /// Where the store was made: its requests end with that screen.
    tasks: TaskOwner,
    /// The bridge, or a component test's fake.
    service: StoredValue<SettingsService>,
}

impl SettingsStore {
    /// A store that has not loaded anything yet, talking to the bridge.
    pub fn new(session: Option<Session>) -> SettingsStore {
        SettingsStore::with_service(session, SettingsService::bridge())
    }

    /// A store that has not loaded anything yet, talking to `service`.
    pub fn with_service(session: Option<Session>, service: SettingsService) -> SettingsStore {
        SettingsStore {
            settings: RwSignal::new(Settings::default()),
            status: RwSignal::new(SettingsStatus::Loading),
            saving: RwSignal::new(false),
            save_error: RwSignal::new(None),
            unsaved_count: RwSignal::new(0),
            revision: StoredValue::new(EMPTY_REVISION.to_owned()),
            unsaved: StoredValue::new(Vec::new()),
            session,
            tasks: TaskOwner::current(),
            service: StoredValue::new(service),
        }
    }

    /// The calls this store makes.
    fn bridge(self) -> std::sync::Arc<dyn SettingsApi + Send + Sync> {
        self.service.with_value(|service| service.0.clone())
    }

    /// A store holding `settings` already (component tests, previews).
    pub fn ready(settings: Settings) -> SettingsStore {
        let store = SettingsStore::new(None);
        store.settings.set(settings);
        store.status.set(SettingsStatus::Ready);
        store
    }

    /// Fetches the document from the bridge.
    pub fn load(self) {
        self.status.set(SettingsStatus::Loading);
        let document = self.bridge().settings();
        self.tasks.spawn(async move {
            match document.await {
                Ok(document) => {
                    let settings = Settings::from_json(&document.settings).unwrap_or_else(|_| {
                        // An unreadable document (hand-edited?) is replaced only by an
                        // explicit edit of the user; until then the defaults apply.
                        Settings::default()
                    });
                    self.revision.set_value(document.revision);
                    self.settings.set(settings);
                    self.status.set(SettingsStatus::Ready);
                }
                Err(error) => {
                    self.expire_or(error, |e| self.status.set(SettingsStatus::Failed(e)));
                }
            }
        });
    }

    /// Whether the settings arrived (tracked).
    pub fn is_ready(self) -> bool {
        self.status.with(|s| *s == SettingsStatus::Ready)
    }

    /// Applies `edits` on screen now and saves them in the background.
    pub fn edit(self, edits: Vec<SettingsEdit>) {
        if edits.is_empty() {
            return;
        }
        self.settings.update(|settings| {
            for edit in &edits {
                edit.apply(settings);
            }
        });
        self.unsaved.update_value(|unsaved| unsaved.extend(edits));
        self.unsaved_count.set(self.unsaved.with_value(Vec::len));
        self.flush();
    }

    /// Applies an edit on screen only: it is stored with the next save (processed marks
    /// while no rule is enabled, which are not worth a write of their own).
    pub fn edit_locally(self, edit: SettingsEdit) {
        self.settings.update(|settings| edit.apply(settings));
    }

    /// Saves the unsaved edits again after a failure.
    pub fn retry(self) {
        self.flush();
    }

    /// Takes in what other devices saved meanwhile (their processed marks, their rules),
    /// unless local edits are waiting to be saved, which the next save merges anyway.
    pub async fn refresh(self) {
        if self.saving.get_untracked() || self.unsaved.with_value(|u| !u.is_empty()) {
            return;
        }
        let Ok(document) = self.bridge().settings().await else {
            return;
        };
        if self.saving.get_untracked() || self.unsaved.with_value(|u| !u.is_empty()) {
            return;
        }
        if document.revision == self.revision.get_value() {
            return;
        }
        if let Ok(server) = Settings::from_json(&document.settings) {
            let merged = self
                .settings
                .with_untracked(|local| rebase(&server, local, &[]));
            self.revision.set_value(document.revision);
            self.settings.set(merged);
        }
    }

    fn flush(self) {
        if self.saving.get_untracked() {
            // The running save loops until nothing is left.
            return;
        }
        self.saving.set(true);
        self.tasks.spawn(async move {
            self.save_pending().await;
            self.saving.set(false);
        });
    }

    async fn save_pending(self) {
        let mut rebased = false;
        loop {
            let sent = self.unsaved.with_value(Vec::len);
            if sent == 0 {
                return;
            }
            let request = SaveSettings {
                settings: self.settings.with_untracked(Settings::to_json),
                base_revision: self.revision.get_value(),
            };
            match self.bridge().save_settings(request).await {
                Ok(saved) => {
                    self.revision.set_value(saved.revision);
                    self.unsaved.update_value(|unsaved| {
                        unsaved.drain(..sent.min(unsaved.len()));
                    });
                    self.unsaved_count.set(self.unsaved.with_value(Vec::len));
                    self.save_error.set(None);
                }
                Err(ApiError::Bridge {
                    code: ErrorCode::SettingsConflict,
                    current_settings: Some(current),
                    ..
                }) if !rebased => {
                    rebased = true;
                    let Ok(server) = Settings::from_json(&current.settings) else {
                        self.save_error
                            .set(Some(ApiError::bridge(ErrorCode::SettingsConflict, None)));
                        return;
                    };
                    let edits = self.unsaved.get_value();
                    let merged = self
                        .settings
                        .with_untracked(|local| rebase(&server, local, &edits));
                    self.revision.set_value(current.revision);
                    self.settings.set(merged);
                }
                Err(error) => {
                    self.expire_or(error, |e| self.save_error.set(Some(e)));
                    return;
                }
            }
        }
    }

    fn expire_or(self, error: ApiError, show: impl FnOnce(ApiError)) {
        match self.session {
            Some(session) if error.ends_session() => session.expire(),
            _ => show(error),
        }
    }
}

/// The settings context provided by the signed-in screen.
pub fn use_settings() -> SettingsStore {
    expect_context::<SettingsStore>()
}
