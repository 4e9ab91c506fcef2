//! The keyboard shortcuts, as a dialog that « ? » opens from anywhere in the app (not
//! while typing in a field). Escape or the close button shuts it and gives the focus
//! back to where it was.

use crate::i18n::ShortcutsText;
use crate::keyboard;
use crate::state::tr;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Each shortcut: the keys, then what they do.
const SHORTCUTS: [(&str, ShortcutsText); 9] = [
    ("j / k", ShortcutsText::Move),
    ("Entrée / Enter, o", ShortcutsText::Open),
    ("u, Échap / Esc", ShortcutsText::Back),
    ("x", ShortcutsText::Tick),
    ("c", ShortcutsText::Write),
    ("r", ShortcutsText::Reply),
    ("a", ShortcutsText::ReplyAll),
    ("f", ShortcutsText::Forward),
    ("?", ShortcutsText::Help),
];

/// Listens for « ? » on the whole window and shows the dialog when asked.
#[component]
pub fn ShortcutsDialog() -> impl IntoView {
    let open = RwSignal::new(false);
    // Where the focus was, to give it back on close.
    let before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let handle = window_event_listener(ev::keydown, move |event| {
        let modifier = event.ctrl_key() || event.alt_key() || event.meta_key();
        if !keyboard::opens_shortcut_help(&event.key(), modifier) {
            return;
        }
        let target = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = &target
            && keyboard::is_text_entry(&element.tag_name(), element.is_content_editable())
        {
            return;
        }
        if open.try_get_untracked() == Some(false) {
            let focused = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            before.try_set_value(focused);
            if open.try_set(true).is_none() {
                event.prevent_default();
            }
        }
    });
    on_cleanup(move || handle.remove());
    let close = move || {
        open.try_set(false);
        if let Some(element) = before.try_update_value(Option::take).flatten() {
            let _ = element.focus();
        }
    };
    view! {
        <Show when=move || open.get()>
            <ShortcutsList close=Callback::new(move |()| close()) />
        </Show>
    }
}

/// The dialog itself: title, the table of keys, a close button that gets the focus.
#[component]
fn ShortcutsList(close: Callback<()>) -> impl IntoView {
    let close_button = NodeRef::<html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = close_button.get() {
            let _ = button.focus();
        }
    });
    let rows = SHORTCUTS
        .iter()
        .map(|(keys, action)| {
            view! {
                <tr>
                    <th scope="row"><kbd>{*keys}</kbd></th>
                    <td>{tr(*action)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="dialog-backdrop" on:click=move |_| close.run(())>
            <div
                class="dialog shortcuts-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="shortcuts-title"
                data-testid="shortcuts-dialog"
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| {
                    // The dialog keeps its keys: Escape must not also close the message
                    // underneath, nor « ? » reopen the dialog.
                    ev.stop_propagation();
                    if ev.key() == "Escape" {
                        ev.prevent_default();
                        close.run(());
                    }
                }
            >
                <h2 id="shortcuts-title">{tr(ShortcutsText::Title)}</h2>
                <p class="hint">{tr(ShortcutsText::Intro)}</p>
                <table class="shortcuts-table">
                    <thead>
                        <tr>
                            <th scope="col">{tr(ShortcutsText::Key)}</th>
                            <th scope="col">{tr(ShortcutsText::Action)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <div class="dialog-buttons">
                    <button
                        type="button"
                        class="button"
                        data-testid="shortcuts-close"
                        node_ref=close_button
                        on:click=move |_| close.run(())
                    >
                        {tr(ShortcutsText::Close)}
                    </button>
                </div>
            </div>
        </div>
    }
}
