//! Wires the keyboard shortcuts of [`crate::keyboard`] to the mailbox.

use super::{Mailbox, Pane};
use crate::keyboard::{self, Shortcut};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Listens for shortcuts on the whole window while the mailbox is shown.
pub fn install(mailbox: Mailbox) {
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
