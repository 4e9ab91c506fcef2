//! Wires the keyboard shortcuts of [`crate::keyboard`] to the mailbox.

use super::{Mailbox, Pane};
use crate::components::reader_actions::ReaderAction;
use crate::keyboard::{self, Shortcut};
use crate::stores::compose_start::{ComposeStart, Composer};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Listens for shortcuts on the whole window while the mailbox is shown.
pub fn install(mailbox: Mailbox) {
    let composer = use_context::<Composer>();
    let handle = window_event_listener(ev::keydown, move |event| {
        let target = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
        let (tag, editable, in_list) = match &target {
            Some(element) => (
                element.tag_name(),
                element.is_content_editable(),
                element.closest("[role=listbox]").ok().flatten().is_some(),
            ),
            None => (String::new(), false, false),
        };
        if keyboard::is_text_entry(&tag, editable) {
            return;
        }
        let key = event.key();
        let modifier = event.ctrl_key() || event.alt_key() || event.meta_key();
        // c: a new message (the composer keeps its own keys while it is open).
        if key == "c" && !modifier {
            if let Some(composer) = composer
                && composer.0.with_untracked(Option::is_none)
            {
                composer.open(ComposeStart::New);
                event.prevent_default();
            }
            return;
        }
        // r, a, f: the open message's reply and forward buttons, which know the message;
        // not while a composer is open (it would be replaced).
        if let Some(action) = ReaderAction::for_key(&key, modifier) {
            let composing = composer.is_some_and(|c| c.0.with_untracked(Option::is_some));
            if !composing
                && mailbox.opened.get_untracked().is_some()
                && click_test_id(action.testid())
            {
                event.prevent_default();
            }
            return;
        }
        let Some(shortcut) = keyboard::shortcut_for(&key, modifier, in_list) else {
            return;
        };
        // Enter on a button or link is that control's own click.
        let activates_control = matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY");
        match shortcut {
            Shortcut::Next | Shortcut::Previous => {
                let order = mailbox.display_order();
                let current = mailbox.selected.get_untracked();
                let next = keyboard::step(&order, current, shortcut == Shortcut::Next);
                mailbox.selected.set(next);
                if mailbox.pane.get_untracked() == Pane::Folders {
                    mailbox.pane.set(Pane::List);
                }
            }
            Shortcut::Open if key == "Enter" && activates_control && !in_list => return,
            Shortcut::Open => match mailbox.selected.get_untracked() {
                Some(uid) => mailbox.open(uid),
                None => return,
            },
            Shortcut::ToggleCheck => match mailbox.selected.get_untracked() {
                Some(uid) => mailbox.toggle_checked(uid),
                None => return,
            },
            Shortcut::Back => {
                if mailbox.opened.get_untracked().is_some() {
                    mailbox.close();
                } else if mailbox.pane.get_untracked() == Pane::Folders {
                    mailbox.pane.set(Pane::List);
                } else {
                    return;
                }
            }
        }
        event.prevent_default();
    });
    on_cleanup(move || handle.remove());
}

/// Clicks the element with this `data-testid`, if it is on screen; whether it was.
fn click_test_id(test_id: &str) -> bool {
    let selector = format!("[data-testid={test_id}]");
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match element {
        Some(element) => {
            element.click();
            true
        }
        None => false,
    }
}
