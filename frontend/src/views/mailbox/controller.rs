//! The signed-in screen's controller: it makes the stores (mailbox, settings, rules
//! runner, composer), wires the runner to the mailbox, keeps the clock and the periodic
//! refresh, and holds what only this screen knows (which screen and which folder dialog
//! are open). The parts of the screen render from it and call it.

use super::shortcuts;
use crate::api;
use crate::api::stores::MailboxService;
use crate::components::folder_dialog::{FolderChange, FolderDialog};
use crate::settings;
use crate::state::{Session, SessionState};
use crate::stores::compose_start::Composer;
use crate::stores::mailbox::Mailbox;
use crate::stores::rules_runner::RulesRunner;
use crate::stores::settings_store::SettingsStore;
use crate::time_zone;
use facteur_model::FolderPath;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How often the list is refreshed (and new inbox mail looked for) while the app is open.
const REFRESH_EVERY: Duration = Duration::from_secs(30);

/// Which screen the signed-in user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Mail,
    Rules,
    Preferences,
}

/// The signed-in screen's stores and its own state; cheap to copy into closures.
#[derive(Debug, Clone, Copy)]
pub struct MailboxScreen {
    pub session: Session,
    pub mailbox: Mailbox,
    pub store: SettingsStore,
    pub runner: RulesRunner,
    pub composer: Composer,
    /// Mail, rules or preferences.
    pub screen: RwSignal<Screen>,
    /// The folder dialog open, if any.
    pub dialog: RwSignal<Option<FolderDialog>>,
}

impl MailboxScreen {
    /// Makes and provides the stores of `account`'s screen, installs the shortcuts and
    /// starts the clock and the periodic refresh (both stop with the screen).
    pub fn start(session: Session, account: String) -> MailboxScreen {
        let mailbox = Mailbox::start(session, MailboxService::bridge());
        provide_context(mailbox);
        let composer = Composer::provide();
        let store = SettingsStore::new(Some(session));
        store.load();
        provide_context(store);
        let runner = RulesRunner::start(
            store,
            mailbox.link(),
            MailboxService::bridge(),
            Some(session),
            account,
        );
        provide_context(runner);
        let controller = MailboxScreen {
            session,
            mailbox,
            store,
            runner,
            composer,
            screen: RwSignal::new(Screen::Mail),
            dialog: RwSignal::new(None),
        };
        shortcuts::install(mailbox);
        // Keep "Today" honest across midnight without a reload.
        if let Ok(clock) = set_interval_with_handle(
            move || mailbox.now.set(time_zone::now()),
            Duration::from_secs(60),
        ) {
            on_cleanup(move || clock.clear());
        }
        // No push yet: refresh the list now and then; new inbox mail meets the rules.
        if let Ok(refresh) = set_interval_with_handle(move || controller.refresh(), REFRESH_EVERY) {
            on_cleanup(move || refresh.clear());
        }
        // A finished run's panel belongs to its folder: showing another one closes it.
        Effect::new(move |_| {
            let folder = mailbox.folder.get();
            runner.leave_folder(&folder);
        });
        controller
    }

    /// Refreshes the list; new inbox mail meets the rules (the inbox's own refresh tells
    /// the runner through the mailbox link).
    pub fn refresh(self) {
        self.mailbox.refresh();
        if self.mailbox.folder.get_untracked() != FolderPath::inbox() {
            self.runner.check_arrivals();
        }
    }

    /// Shows `screen`, or the mail again when it is already shown.
    pub fn toggle_screen(self, screen: Screen) {
        self.screen
            .update(|s| *s = if *s == screen { Screen::Mail } else { screen });
    }

    /// Signs out here at once, and at the bridge when it answers.
    pub fn sign_out(self) {
        let session = self.session;
        spawn_local(async move {
            // Signing out locally matters more than the bridge hearing about it.
            let _ = api::sign_out().await;
            session.0.set(SessionState::SignedOut { notice: None });
        });
    }

    /// Follows a folder created, renamed or deleted: the list of folders, the folder
    /// shown, and the rules that file mail into a renamed folder.
    pub fn follow_folder_change(self, change: FolderChange) {
        let (mailbox, store) = (self.mailbox, self.store);
        mailbox.load_folders();
        let current = mailbox.folder.get_untracked();
        match change {
            FolderChange::Created(_) => {}
            FolderChange::Renamed { from, to } => {
                let edits = store
                    .settings
                    .with_untracked(|s| settings::follow_rename(&s.rules, &from, &to));
                store.edit(edits);
                if current == from {
                    mailbox.select_folder(to);
                }
            }
            FolderChange::Deleted(path) => {
                if current == path {
                    mailbox.select_folder(FolderPath::inbox());
                }
            }
        }
    }
}
