//! The signed-in screen: folders | message list | reading pane, collapsing to two panes
//! on tablets and one at a time on phones.

mod shortcuts;
mod state;

pub use state::{ListStatus, Load, Mailbox, Pane};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::folder_list::FolderList;
use crate::components::icons::{BackIcon, MenuIcon, SignOutIcon};
use crate::components::locale_switch::LocaleSwitch;
use crate::components::message_list::MessageList;
use crate::components::reader::Reader;
use crate::i18n::{self, Text};
use crate::state::{SessionState, use_locale, use_session};
use crate::time_zone;
use facteur_model::api::SessionInfo;
use facteur_model::folder::FolderRole;
use facteur_model::message::Flag;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// The mailbox of the signed-in account.
#[component]
pub fn MailboxView(info: SessionInfo) -> impl IntoView {
    let locale = use_locale();
    let session = use_session();
    let mailbox = Mailbox::start(session);
    shortcuts::install(mailbox);

    // Keep "Today" honest across midnight without a reload.
    if let Ok(clock) = set_interval_with_handle(
        move || mailbox.now.set(time_zone::now()),
        Duration::from_secs(60),
    ) {
        on_cleanup(move || clock.clear());
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
                    <span class="menu-label">{move || locale.text(Text::Folders)}</span>
                </button>
                <span class="app-name">{move || locale.text(Text::AppName)}</span>
                <h1 class="current-folder" data-testid="current-folder">{folder_title}</h1>
                <span class="account" title=move || locale.text(Text::SignedInAs)>
                    {info.email.to_string()}
                </span>
                <LocaleSwitch />
                <button type="button" class="button sign-out" data-testid="sign-out" on:click=sign_out>
                    <SignOutIcon />
                    <span class="sign-out-label">{move || locale.text(Text::SignOut)}</span>
                </button>
            </header>
            <div class="panes">
                <aside class="pane pane-folders" id="folders-pane" data-testid="folders-pane">
                    <div class="pane-bar phone-only">
                        <button
                            type="button"
                            class="button back-button"
                            on:click=move |_| mailbox.pane.set(Pane::List)
                        >
                            <BackIcon />
                            {move || locale.text(Text::BackToList)}
                        </button>
                    </div>
                    {move || match mailbox.folders.get() {
                        Load::Loading => {
                            view! { <p class="pane-status" role="status">{move || locale.text(Text::Loading)}</p> }
                                .into_any()
                        }
                        Load::Failed(error) => {
                            view! {
                                <ErrorNotice error=Signal::stored(Some(error)) />
                                <button type="button" class="button" on:click=move |_| mailbox.load_folders()>
                                    {move || locale.text(Text::Retry)}
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
                                />
                            }
                                .into_any()
                        }
                    }}
                </aside>
                <section class="pane pane-list">
                    <ErrorNotice error=mailbox.action_error />
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
                                {move || locale.text(Text::Retry)}
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
                    />
                </div>
                <div
                    class="scrim"
                    aria-hidden="true"
                    on:click=move |_| mailbox.pane.set(Pane::List)
                ></div>
            </div>
        </div>
    }
}
