//! The list pane: its toolbar, the run panel, what the last action did, and the list.

use super::controller::MailboxScreen;
use super::transfer_pickers::TransferPickers;
use crate::components::error_notice::ErrorNotice;
use crate::components::icons::RefreshIcon;
use crate::components::message_list::{MessageList, Ticks};
use crate::components::run_panel::RunPanel;
use crate::components::settings_save_error::SettingsSaveError;
use crate::i18n::{self, MailText, RulesText, Text};
use crate::state::{tr, use_locale};
use crate::stores::mailbox::{ActionNotice, ListStatus};
use facteur_model::folder::{Folder, FolderRole};
use leptos::prelude::*;

/// The list pane of the mailbox; `folders` is the folder list, for the pickers.
#[component]
pub fn ListPane(controller: MailboxScreen, folders: Signal<Vec<Folder>>) -> impl IntoView {
    let MailboxScreen {
        mailbox,
        runner,
        store,
        ..
    } = controller;
    let list_error = Signal::derive(move || match mailbox.status.get() {
        ListStatus::Failed(error) => Some(error),
        _ => None,
    });
    let show_recipients = Signal::derive(move || {
        matches!(
            mailbox.current_role(),
            Some(FolderRole::Sent | FolderRole::Drafts)
        )
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
    view! {
        <section class="pane pane-list">
            <ListToolbar controller folders />
            <RunPanel
                run=runner.run
                folders
                on_cancel=Callback::new(move |()| runner.cancel_run())
                on_close=Callback::new(move |()| runner.run.set(None))
            />
            <ErrorNotice error=mailbox.action_error />
            <ErrorNotice error=runner.error />
            <SettingsSaveError store />
            <ActionNoticeLine notice=mailbox.action_notice />
            <MessageList
                groups=mailbox.groups
                selected=mailbox.selected
                opened=Signal::derive(move || mailbox.opened.get().map(|(_, uid)| uid))
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
    }
}

/// What the last move, copy or send did, in the current language.
#[component]
fn ActionNoticeLine(notice: RwSignal<Option<ActionNotice>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        notice.get().map(|notice| {
            let text = move || match &notice {
                ActionNotice::Transferred { result, folder } => {
                    i18n::transfer_done(locale.get(), result, folder)
                }
                ActionNotice::Sent(copy) => i18n::sent_notice(*copy).get(locale.get()).to_owned(),
            };
            view! {
                <div class="notice notice-info" role="status" data-testid="action-notice">
                    <p>{text}</p>
                </div>
            }
        })
    }
}

/// Refresh, the selection, "Move to…", "Copy to…" and "Run rules now" above the list.
#[component]
fn ListToolbar(controller: MailboxScreen, folders: Signal<Vec<Folder>>) -> impl IntoView {
    let locale = use_locale();
    let MailboxScreen {
        mailbox, runner, ..
    } = controller;
    let count = move || mailbox.checked.with(|c| c.len());
    let has_targets = Signal::derive(move || {
        count() > 0 || mailbox.opened.get().is_some() || mailbox.selected.get().is_some()
    });
    view! {
        <div class="list-toolbar" role="toolbar" aria-label=tr(MailText::ListActions)>
            <button
                type="button"
                class="button icon-button"
                data-testid="refresh"
                title=tr(MailText::Refresh)
                aria-busy=move || if mailbox.refreshing.get() { "true" } else { "false" }
                on:click=move |_| controller.refresh()
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
            <TransferPickers
                folders
                exclude=mailbox.folder
                enabled=has_targets
                testids=("move-to", "copy-to")
                on_pick=Callback::new(move |(to, kind)| {
                    mailbox.transfer(mailbox.targets(), to, kind)
                })
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
