//! The signed-in screen: folders | message list | reading pane, collapsing to two panes
//! on tablets and one at a time on phones.
//!
//! Over 450 lines: the mailbox screen still holds its wiring of the list, reader and
//! toolbars; moving its state into `stores/` (issue 14, item 2) will shrink it.

mod shortcuts;

use crate::api::{self, TransferKind};
use crate::components::alerts::AlertList;
use crate::components::compose::ComposerView;
use crate::components::error_notice::ErrorNotice;
use crate::components::folder_dialog::{FolderChange, FolderDialog, FolderDialogs};
use crate::components::folder_list::{FolderChoice, FolderList};
use crate::components::folder_picker::FolderPicker;
use crate::components::icons::{
    BackIcon, ComposeIcon, MenuIcon, RefreshIcon, RulesIcon, SignOutIcon,
};
use crate::components::locale_switch::LocaleSwitch;
use crate::components::message_list::{MessageList, Ticks};
use crate::components::reader::Reader;
use crate::components::run_panel::RunPanel;
use crate::i18n::{self, ComposeText, MailText, RulesText, Text};
use crate::settings;
use crate::state::{CurrentLocale, SessionState, tr, use_locale, use_session};
use crate::stores::compose_start::{ComposeStart, Composer};
use crate::stores::rules_runner::RulesRunner;
use crate::stores::settings_store::SettingsStore;
use crate::time_zone;
use crate::views::help::{HelpLinks, HelpPages};
use crate::views::preferences::{PreferencesButton, PreferencesView};
use crate::views::rules::RulesView;
use facteur_model::FolderPath;
use facteur_model::api::SessionInfo;
use facteur_model::compose::SendResult;
use facteur_model::folder::{Folder, FolderRole};
use facteur_model::message::Flag;
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

/// The mailbox of the signed-in account.
#[component]
pub fn MailboxView(info: SessionInfo) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let mailbox = Mailbox::start(session);
    provide_context(mailbox);
    let composer = Composer::provide();
    shortcuts::install(mailbox);
    let store = SettingsStore::new(Some(session));
    store.load();
    provide_context(store);
    let runner = RulesRunner::start(store, mailbox.link(), Some(session), info.email.to_string());
    provide_context(runner);
    let screen = RwSignal::new(Screen::Mail);
    let account_for_preferences = info.email.to_string();
    let dialog = RwSignal::new(None::<FolderDialog>);

    // Keep "Today" honest across midnight without a reload.
    if let Ok(clock) = set_interval_with_handle(
        move || mailbox.now.set(time_zone::now()),
        Duration::from_secs(60),
    ) {
        on_cleanup(move || clock.clear());
    }
    // No push yet: refresh the list now and then; new inbox mail meets the rules.
    if let Ok(refresh) = set_interval_with_handle(
        move || {
            mailbox.refresh();
            if mailbox.folder.get_untracked() != FolderPath::inbox() {
                runner.check_arrivals();
            }
        },
        REFRESH_EVERY,
    ) {
        on_cleanup(move || refresh.clear());
    }

    let sign_out = move |_| {
        spawn_local(async move {
            // Signing out locally matters more than the bridge hearing about it.
            let _ = api::sign_out().await;
            session.0.set(SessionState::SignedOut { notice: None });
        });
    };

    let folder_title = move || {
        let path = mailbox.folder.get();
        let role = mailbox.current_role();
        match role {
            Some(role) => i18n::folder_role(locale.get(), role).to_owned(),
            None => path
                .as_str()
                .rsplit(['/', '.'])
                .next()
                .unwrap_or_default()
                .to_owned(),
        }
    };
    let show_recipients = Signal::derive(move || {
        matches!(
            mailbox.current_role(),
            Some(FolderRole::Sent | FolderRole::Drafts)
        )
    });
    let opened_uid = Signal::derive(move || mailbox.opened.get().map(|(_, uid)| uid));
    let flagged = Signal::derive(move || {
        opened_uid.get().is_some_and(|uid| {
            mailbox.messages.with(|list| {
                list.iter()
                    .any(|m| m.uid == uid && m.has_flag(Flag::Flagged))
            })
        })
    });
    let toggle_folders = move |_| {
        mailbox.pane.update(|pane| {
            *pane = if *pane == Pane::Folders {
                Pane::List
            } else {
                Pane::Folders
            }
        });
    };
    let list_error = Signal::derive(move || match mailbox.status.get() {
        ListStatus::Failed(error) => Some(error),
        _ => None,
    });
    let folders = Signal::derive(move || mailbox.folder_list());
    // A finished run's panel belongs to its folder: showing another one closes it.
    Effect::new(move |_| {
        let folder = mailbox.folder.get();
        runner.leave_folder(&folder);
    });
    let ticks = Ticks {
        checked: mailbox.checked.into(),
        on_check: Callback::new(move |(uid, range)| {
            if range {
                mailbox.check_range(uid);
            } else {
                mailbox.toggle_checked(uid);
            }
        }),
    };
    let on_menu = Callback::new(
        move |(folder, choice): (Folder, FolderChoice)| match choice {
            FolderChoice::Rename => dialog.set(Some(FolderDialog::Rename(folder))),
            FolderChoice::Delete => dialog.set(Some(FolderDialog::Delete {
                non_empty: folder.total > 0,
                count: (folder.total > 0).then_some(folder.total),
                folder,
            })),
            FolderChoice::ToggleSubscription => mailbox.toggle_subscription(folder),
        },
    );
    let on_folder_changed = Callback::new(move |change| {
        follow_folder_change(mailbox, store, change);
    });
    let on_drop = Callback::new(move |(to, uids)| {
        mailbox.transfer(uids, to, TransferKind::Move);
    });

    view! {
        <div class=move || format!("mailbox {}", mailbox.pane.get().class()) data-testid="mailbox">
            <header class="topbar">
                <button
                    type="button"
                    class="button icon-button menu-button"
                    data-testid="folders-button"
                    aria-expanded=move || if mailbox.pane.get() == Pane::Folders { "true" } else { "false" }
                    aria-controls="folders-pane"
                    on:click=toggle_folders
                >
                    <MenuIcon />
                    <span class="menu-label">{tr(Text::Folders)}</span>
                </button>
                <button
                    type="button"
                    class="button button-primary compose-new"
                    data-testid="compose-new"
                    title=tr(ComposeText::NewMessage)
                    on:click=move |_| composer.open(ComposeStart::New)
                >
                    <ComposeIcon />
                    <span class="compose-new-label">{tr(ComposeText::NewMessage)}</span>
                </button>
                <span class="app-name">{tr(Text::AppName)}</span>
                <h1 class="current-folder" data-testid="current-folder">{folder_title}</h1>
                <span class="account" title=tr(Text::SignedInAs)>
                    {info.email.to_string()}
                </span>
                <button
                    type="button"
                    class="button rules-button"
                    class:active=move || screen.get() == Screen::Rules
                    data-testid="open-rules"
                    title=tr(MailText::Rules)
                    aria-pressed=move || if screen.get() == Screen::Rules { "true" } else { "false" }
                    on:click=move |_| {
                        screen.update(|s| *s = if *s == Screen::Rules { Screen::Mail } else { Screen::Rules })
                    }
                >
                    <RulesIcon />
                    <span class="rules-label">{tr(MailText::Rules)}</span>
                </button>
                <PreferencesButton
                    open=Signal::derive(move || screen.get() == Screen::Preferences)
                    on_toggle=Callback::new(move |()| {
                        screen.update(|s| *s = if *s == Screen::Preferences { Screen::Mail } else { Screen::Preferences })
                    })
                />
                <LocaleSwitch />
                <button type="button" class="button sign-out" data-testid="sign-out" on:click=sign_out>
                    <SignOutIcon />
                    <span class="sign-out-label">{tr(Text::SignOut)}</span>
                </button>
            </header>
            <AlertList alerts=runner.alerts />
            <FolderDialogs dialog folders on_changed=on_folder_changed />
            <HelpPages account=info.clone() />
            <Show when=move || screen.get() == Screen::Rules>
                <RulesView account=info.email.to_string() on_back=Callback::new(move |()| screen.set(Screen::Mail)) />
            </Show>
            <Show when=move || screen.get() == Screen::Preferences>
                <PreferencesView account=account_for_preferences.clone() on_back=Callback::new(move |()| screen.set(Screen::Mail)) />
            </Show>
            <div class="panes" class:hidden=move || screen.get() != Screen::Mail>
                <aside class="pane pane-folders" id="folders-pane" data-testid="folders-pane">
                    <div class="pane-bar phone-only">
                        <button
                            type="button"
                            class="button back-button"
                            on:click=move |_| mailbox.pane.set(Pane::List)
                        >
                            <BackIcon />
                            {tr(Text::BackToList)}
                        </button>
                    </div>
                    <div class="folders-header">
                        <h2>{tr(Text::Folders)}</h2>
                        <button
                            type="button"
                            class="button icon-button"
                            data-testid="new-folder"
                            title=tr(MailText::NewFolder)
                            on:click=move |_| dialog.set(Some(FolderDialog::Create))
                        >
                            <span aria-hidden="true">"+"</span>
                            <span class="visually-hidden">{tr(MailText::NewFolder)}</span>
                        </button>
                    </div>
                    {move || match mailbox.folders.get() {
                        Load::Loading => {
                            view! { <p class="pane-status" role="status">{tr(Text::Loading)}</p> }
                                .into_any()
                        }
                        Load::Failed(error) => {
                            view! {
                                <ErrorNotice error=Signal::stored(Some(error)) />
                                <button type="button" class="button" on:click=move |_| mailbox.load_folders()>
                                    {tr(Text::Retry)}
                                </button>
                            }
                                .into_any()
                        }
                        Load::Ready(folders) => {
                            view! {
                                <FolderList
                                    folders=Signal::stored(folders)
                                    current=mailbox.folder
                                    on_select=Callback::new(move |path| mailbox.select_folder(path))
                                    on_menu
                                    on_drop
                                />
                            }
                                .into_any()
                        }
                    }}
                    <footer class="folders-footer">
                        <HelpLinks signed_in=true />
                    </footer>
                </aside>
                <section class="pane pane-list">
                    <ListToolbar mailbox runner folders locale />
                    <RunPanel
                        run=runner.run
                        folders
                        on_cancel=Callback::new(move |()| runner.cancel_run())
                        on_close=Callback::new(move |()| runner.run.set(None))
                    />
                    <ErrorNotice error=mailbox.action_error />
                    <ErrorNotice error=runner.error />
                    <SettingsSaveError store />
                    {move || {
                        mailbox
                            .action_notice
                            .get()
                            .map(|notice| {
                                let text = move || match &notice {
                                    ActionNotice::Transferred { result, folder } => {
                                        i18n::transfer_done(locale.get(), result, folder)
                                    }
                                    ActionNotice::Sent(copy) => {
                                        i18n::sent_notice(*copy).get(locale.get()).to_owned()
                                    }
                                };
                                view! {
                                    <div class="notice notice-info" role="status" data-testid="action-notice">
                                        <p>{text}</p>
                                    </div>
                                }
                            })
                    }}
                    <MessageList
                        groups=mailbox.groups
                        selected=mailbox.selected
                        opened=opened_uid
                        loading=Signal::derive(move || mailbox.status.get() == ListStatus::Loading)
                        has_more=Signal::derive(move || {
                            mailbox.has_more() && list_error.with(Option::is_none)
                        })
                        show_recipients
                        on_open=Callback::new(move |uid| mailbox.open(uid))
                        on_near_end=Callback::new(move |()| mailbox.load_more())
                        ticks
                    />
                    <Show when=move || list_error.with(Option::is_some)>
                        <div class="list-failed">
                            <ErrorNotice error=list_error />
                            <button
                                type="button"
                                class="button"
                                on:click=move |_| {
                                    mailbox.status.set(ListStatus::Idle);
                                    mailbox.load_more();
                                }
                            >
                                {tr(Text::Retry)}
                            </button>
                        </div>
                    </Show>
                    <Show when=move || mailbox.first_page_loaded.get()>
                        <span class="visually-hidden" data-testid="app-ready"></span>
                    </Show>
                </section>
                <div class="pane pane-reader">
                    <Reader
                        opened=mailbox.opened
                        flagged
                        folder_role=Signal::derive(move || mailbox.current_role())
                        on_open_message=Callback::new(move |(folder, uid)| {
                            mailbox.select_folder(folder);
                            mailbox.open(uid);
                        })
                        on_back=Callback::new(move |()| mailbox.close())
                        on_toggle_flag=Callback::new(move |()| {
                            if let Some(uid) = opened_uid.get_untracked() {
                                mailbox.change_flag(uid, Flag::Flagged, !flagged.get_untracked());
                            }
                        })
                        on_mark_unread=Callback::new(move |()| {
                            if let Some(uid) = opened_uid.get_untracked() {
                                mailbox.change_flag(uid, Flag::Seen, false);
                            }
                        })
                        extra=ViewFn::from(move || {
                            let transfer_open = move |to, kind| {
                                if let Some(uid) = opened_uid.get_untracked() {
                                    mailbox.transfer(vec![uid], to, kind);
                                }
                            };
                            view! {
                                <FolderPicker
                                    label=MailText::MoveTo
                                    folders
                                    exclude=mailbox.folder
                                    enabled=Signal::stored(true)
                                    testid="reader-move-to"
                                    on_pick=Callback::new(move |to| transfer_open(to, TransferKind::Move))
                                />
                                <FolderPicker
                                    label=MailText::CopyTo
                                    folders
                                    exclude=mailbox.folder
                                    enabled=Signal::stored(true)
                                    testid="reader-copy-to"
                                    on_pick=Callback::new(move |to| transfer_open(to, TransferKind::Copy))
                                />
                            }
                        })
                    />
                </div>
                <div
                    class="scrim"
                    aria-hidden="true"
                    on:click=move |_| mailbox.pane.set(Pane::List)
                ></div>
            </div>
            {move || {
                composer
                    .0
                    .get()
                    .map(|start| {
                        view! {
                            <ComposerView
                                start
                                on_closed=Callback::new(move |()| composer.close())
                                on_sent=Callback::new(move |sent: SendResult| mailbox.sent(sent.sent_copy))
                            />
                        }
                    })
            }}
        </div>
    }
}

/// Refresh, the selection, "Move to…", "Copy to…" and "Run rules now" above the list.
#[component]
fn ListToolbar(
    mailbox: Mailbox,
    runner: RulesRunner,
    folders: Signal<Vec<Folder>>,
    locale: CurrentLocale,
) -> impl IntoView {
    let count = move || mailbox.checked.with(|c| c.len());
    let has_targets = Signal::derive(move || {
        count() > 0 || mailbox.opened.get().is_some() || mailbox.selected.get().is_some()
    });
    let transfer = move |to, kind| mailbox.transfer(mailbox.targets(), to, kind);
    view! {
        <div class="list-toolbar" role="toolbar" aria-label=tr(MailText::ListActions)>
            <button
                type="button"
                class="button icon-button"
                data-testid="refresh"
                title=tr(MailText::Refresh)
                aria-busy=move || if mailbox.refreshing.get() { "true" } else { "false" }
                on:click=move |_| {
                    mailbox.refresh();
                    if mailbox.folder.get_untracked() != FolderPath::inbox() {
                        runner.check_arrivals();
                    }
                }
            >
                <RefreshIcon />
                <span class="visually-hidden">{tr(MailText::Refresh)}</span>
            </button>
            <Show when=move || { count() > 0 }>
                <span class="selection-count" data-testid="selection-count">
                    {move || i18n::selected_count(locale.get(), count())}
                </span>
                <button
                    type="button"
                    class="button icon-button"
                    data-testid="clear-selection"
                    title=tr(MailText::ClearSelection)
                    on:click=move |_| mailbox.clear_checked()
                >
                    <span aria-hidden="true">"×"</span>
                    <span class="visually-hidden">{tr(MailText::ClearSelection)}</span>
                </button>
            </Show>
            <FolderPicker
                label=MailText::MoveTo
                folders
                exclude=mailbox.folder
                enabled=has_targets
                testid="move-to"
                on_pick=Callback::new(move |to| transfer(to, TransferKind::Move))
            />
            <FolderPicker
                label=MailText::CopyTo
                folders
                exclude=mailbox.folder
                enabled=has_targets
                testid="copy-to"
                on_pick=Callback::new(move |to| transfer(to, TransferKind::Copy))
            />
            <button
                type="button"
                class="button run-rules-button"
                data-testid="run-rules"
                disabled=move || runner.running()
                title=tr(RulesText::RunHint)
                on:click=move |_| runner.run_now(mailbox.folder.get_untracked())
            >
                {tr(MailText::ApplyRulesNow)}
            </button>
        </div>
    }
}

/// Follows a folder created, renamed or deleted: the list of folders, the folder shown,
/// and the rules that file mail into a renamed folder.
fn follow_folder_change(mailbox: Mailbox, store: SettingsStore, change: FolderChange) {
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
