//! The bar above the mailbox: folders (narrow screens), new message, the folder shown,
//! the account, rules, preferences, language and sign-out.

use super::controller::{MailboxScreen, Screen};
use crate::components::icons::{ComposeIcon, MenuIcon, RulesIcon, SignOutIcon};
use crate::components::locale_switch::LocaleSwitch;
use crate::i18n::{self, ComposeText, MailText, Text};
use crate::state::{tr, use_locale};
use crate::stores::compose_start::ComposeStart;
use crate::stores::mailbox::Pane;
use crate::views::preferences::PreferencesButton;
use leptos::prelude::*;

/// The top bar of `account`'s mailbox.
#[component]
pub fn Topbar(controller: MailboxScreen, account: String) -> impl IntoView {
    let locale = use_locale();
    let mailbox = controller.mailbox;
    let screen = controller.screen;
    let folder_title = move || {
        let path = mailbox.folder.get();
        match mailbox.current_role() {
            Some(role) => i18n::folder_role(locale.get(), role).to_owned(),
            None => path
                .as_str()
                .rsplit(['/', '.'])
                .next()
                .unwrap_or_default()
                .to_owned(),
        }
    };
    let toggle_folders = move |_| {
        mailbox.pane.update(|pane| {
            *pane = if *pane == Pane::Folders {
                Pane::List
            } else {
                Pane::Folders
            }
        });
    };
    view! {
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
                on:click=move |_| controller.composer.open(ComposeStart::New)
            >
                <ComposeIcon />
                <span class="compose-new-label">{tr(ComposeText::NewMessage)}</span>
            </button>
            <span class="app-name">{tr(Text::AppName)}</span>
            <h1 class="current-folder" data-testid="current-folder">{folder_title}</h1>
            <span class="account" title=tr(Text::SignedInAs)>
                {account}
            </span>
            <button
                type="button"
                class="button rules-button"
                class:active=move || screen.get() == Screen::Rules
                data-testid="open-rules"
                title=tr(MailText::Rules)
                aria-pressed=move || if screen.get() == Screen::Rules { "true" } else { "false" }
                on:click=move |_| controller.toggle_screen(Screen::Rules)
            >
                <RulesIcon />
                <span class="rules-label">{tr(MailText::Rules)}</span>
            </button>
            <PreferencesButton
                open=Signal::derive(move || screen.get() == Screen::Preferences)
                on_toggle=Callback::new(move |()| controller.toggle_screen(Screen::Preferences))
            />
            <LocaleSwitch />
            <button
                type="button"
                class="button sign-out"
                data-testid="sign-out"
                on:click=move |_| controller.sign_out()
            >
                <SignOutIcon />
                <span class="sign-out-label">{tr(Text::SignOut)}</span>
            </button>
        </header>
    }
}
