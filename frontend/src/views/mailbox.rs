//! The signed-in screen: folders | message list | reading pane, collapsing to two panes
//! on tablets and one at a time on phones. [`controller`] makes and wires the stores;
//! the parts below only render them.

mod controller;
mod folders_pane;
mod list_pane;
mod reader_pane;
mod shortcuts;
mod topbar;
mod transfer_pickers;

use crate::components::alerts::AlertList;
use crate::components::compose::ComposerView;
use crate::components::folder_dialog::FolderDialogs;
use crate::state::use_session;
use crate::stores::compose_start::Composer;
use crate::stores::mailbox::{Mailbox, Pane};
use crate::views::help::HelpPages;
use crate::views::preferences::PreferencesView;
use crate::views::rules::RulesView;
use controller::{MailboxScreen, Screen};
use facteur_model::api::SessionInfo;
use facteur_model::compose::SendResult;
use folders_pane::FoldersPane;
use leptos::prelude::*;
use list_pane::ListPane;
use reader_pane::ReaderPane;
use topbar::Topbar;

/// The mailbox of the signed-in account.
#[component]
pub fn MailboxView(info: SessionInfo) -> impl IntoView {
    let account = info.email.to_string();
    let controller = MailboxScreen::start(use_session(), account.clone());
    let MailboxScreen {
        mailbox,
        runner,
        composer,
        screen,
        dialog,
        ..
    } = controller;
    let folders = Signal::derive(move || mailbox.folder_list());
    let back_to_mail = Callback::new(move |()| screen.set(Screen::Mail));
    let on_folder_changed = Callback::new(move |change| controller.follow_folder_change(change));
    let (rules_account, preferences_account) = (account.clone(), account.clone());

    view! {
        <div class=move || format!("mailbox {}", mailbox.pane.get().class()) data-testid="mailbox">
            <Topbar controller account />
            <AlertList alerts=runner.alerts />
            <FolderDialogs dialog folders on_changed=on_folder_changed />
            <HelpPages account=info.clone() />
            <Show when=move || screen.get() == Screen::Rules>
                <RulesView account=rules_account.clone() on_back=back_to_mail />
            </Show>
            <Show when=move || screen.get() == Screen::Preferences>
                <PreferencesView account=preferences_account.clone() on_back=back_to_mail />
            </Show>
            <div class="panes" class:hidden=move || screen.get() != Screen::Mail>
                <FoldersPane controller />
                <ListPane controller folders />
                <ReaderPane mailbox folders />
                <div
                    class="scrim"
                    aria-hidden="true"
                    on:click=move |_| mailbox.pane.set(Pane::List)
                ></div>
            </div>
            <OpenComposer composer mailbox />
        </div>
    }
}

/// The composer, while one is open; a sent message is said and the list refreshed.
#[component]
fn OpenComposer(composer: Composer, mailbox: Mailbox) -> impl IntoView {
    move || {
        composer.0.get().map(|start| {
            view! {
                <ComposerView
                    start
                    on_closed=Callback::new(move |()| composer.close())
                    on_sent=Callback::new(move |sent: SendResult| mailbox.sent(sent.sent_copy))
                />
            }
        })
    }
}
