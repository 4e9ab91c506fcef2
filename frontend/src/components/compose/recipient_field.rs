//! A recipient field: chips for the addresses, a text input, and suggestions from the
//! addresses seen in the mailbox (a WAI-ARIA combobox with its listbox).

use super::ComposeService;
use super::form::RecipientList;
use crate::compose::recipients::{deduplicated, ends_with_separator, written};
use crate::i18n::{self, ComposeText};
use crate::state::{tr, use_locale};
use facteur_model::message::Address;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

/// How long typing must pause before suggestions are asked for.
pub const SUGGEST_AFTER_MS: u64 = 150;

/// One recipient field (To, Cc or Bcc).
#[component]
pub fn RecipientField(
    label: ComposeText,
    /// The `data-testid` of the input, and the stem of the element ids.
    testid: &'static str,
    list: RecipientList,
    /// Called after each change of the chips.
    on_change: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let service = ComposeService::current();
    let suggestions = RwSignal::new(Vec::<Address>::new());
    let active = RwSignal::new(None::<usize>);
    // Answers to older keystrokes are dropped: only the latest query's list is shown.
    let query_seq = StoredValue::new(0u64);
    let input_id = format!("{testid}-input");
    let listbox_id = format!("{testid}-listbox");
    let option_id = move |i: usize| format!("{testid}-option-{i}");

    let close_list = move || {
        suggestions.set(Vec::new());
        active.set(None);
    };
    let commit = move || {
        // The focused input is blurred when the closed composer leaves the page, after
        // its values were disposed: nothing is left to commit then.
        let Some(before) = list.addresses.try_with_untracked(Vec::len) else {
            return;
        };
        list.commit();
        close_list();
        if list.addresses.with_untracked(Vec::len) != before {
            on_change.run(());
        }
    };
    let pick = move |address: Address| {
        list.addresses.update(|chips| {
            let added = deduplicated(vec![address], chips);
            chips.extend(added);
        });
        list.typed.set(String::new());
        list.error.set(None);
        close_list();
        on_change.run(());
    };
    let remove = move |index: usize| {
        list.addresses.update(|chips| {
            if index < chips.len() {
                chips.remove(index);
            }
        });
        on_change.run(());
    };
    let ask = move |typed: String| {
        query_seq.update_value(|s| *s += 1);
        let seq = query_seq.get_value();
        if typed.trim().is_empty() {
            close_list();
            return;
        }
        let service = service.clone();
        // Asked once typing pauses, not for every keystroke of a name.
        // The composer may be closed by the time the timer fires or the answer comes:
        // its values are gone then (`try_`), and nothing is shown.
        let fetch = move || {
            if query_seq.try_get_value() != Some(seq) {
                return;
            }
            spawn_local(async move {
                let Ok(found) = service.0.suggestions(typed.trim().to_owned()).await else {
                    // Suggestions are a convenience: typing the whole address still works.
                    return;
                };
                if query_seq.try_get_value() != Some(seq) {
                    return;
                }
                let Some(chosen) = list.addresses.try_get_untracked() else {
                    return;
                };
                let fresh = deduplicated(found.addresses, &chosen);
                active.set(None);
                suggestions.set(fresh);
            });
        };
        set_timeout(fetch, Duration::from_millis(SUGGEST_AFTER_MS));
    };
    let on_input = move |event: ev::Event| {
        let value = event_target_value(&event);
        list.typed.set(value.clone());
        list.error.set(None);
        if ends_with_separator(&value) {
            commit();
        } else {
            ask(value);
        }
    };
    let on_keydown = move |event: ev::KeyboardEvent| {
        let count = suggestions.with(Vec::len);
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                active.update(|a| *a = Some(a.map_or(0, |i| (i + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                active.update(|a| *a = Some(a.map_or(count - 1, |i| (i + count - 1) % count)));
            }
            "Enter" if !(event.ctrl_key() || event.meta_key()) => {
                let chosen = active
                    .get_untracked()
                    .and_then(|i| suggestions.with_untracked(|s| s.get(i).cloned()));
                match chosen {
                    Some(address) => {
                        event.prevent_default();
                        pick(address);
                    }
                    None if !list.typed.with_untracked(|t| t.trim().is_empty()) => {
                        event.prevent_default();
                        commit();
                    }
                    None => {}
                }
            }
            "Escape" if count > 0 => {
                // Closes the list only; the next Escape closes the composer.
                event.stop_propagation();
                close_list();
            }
            "Backspace" if list.typed.with_untracked(String::is_empty) => {
                let last = list.addresses.with_untracked(Vec::len);
                if last > 0 {
                    remove(last - 1);
                }
            }
            _ => {}
        }
    };

    let expanded = move || {
        if suggestions.with(Vec::is_empty) {
            "false"
        } else {
            "true"
        }
    };
    let chips = move || {
        list.addresses
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, address)| {
                let email = address.email.clone();
                view! {
                    <li class="chip" data-testid="compose-chip" title=email>
                        <span class="chip-label">{address.label().to_owned()}</span>
                        <button
                            type="button"
                            class="chip-remove"
                            aria-label=move || {
                                format!("{} {}", tr(ComposeText::RemoveRecipient)(), written(&address))
                            }
                            on:click=move |_| remove(index)
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let options = move || {
        suggestions
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, address)| {
                let text = written(&address);
                view! {
                    <li
                        role="option"
                        id=option_id(index)
                        class="suggestion"
                        class:active=move || active.get() == Some(index)
                        aria-selected=move || if active.get() == Some(index) { "true" } else { "false" }
                        data-testid="compose-suggestion"
                        // Keep the focus in the input so its blur does not commit first.
                        on:mousedown=|event| event.prevent_default()
                        on:click=move |_| pick(address.clone())
                    >
                        {text}
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <div class="recipient-field" class:invalid=move || list.error.with(Option::is_some)>
            <label class="recipient-label" for=input_id.clone()>{tr(label)}</label>
            <div class="recipient-box">
                <ul class="chips">{chips}</ul>
                <input
                    id=input_id
                    type="text"
                    class="recipient-input"
                    data-testid=testid
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-expanded=expanded
                    aria-controls=listbox_id.clone()
                    aria-invalid=move || if list.error.with(Option::is_some) { "true" } else { "false" }
                    aria-activedescendant=move || active.get().map(option_id)
                    prop:value=move || list.typed.get()
                    on:input=on_input
                    on:keydown=on_keydown
                    on:blur=move |_| commit()
                />
            </div>
            <ul
                id=listbox_id
                role="listbox"
                class="suggestions"
                aria-label=tr(ComposeText::Suggestions)
                hidden=move || suggestions.with(Vec::is_empty)
            >
                {options}
            </ul>
            {move || {
                list.error
                    .get()
                    .map(|(typed, problem)| {
                        view! {
                            <p class="field-error" role="alert" data-testid="compose-recipient-error">
                                {move || i18n::invalid_recipient(locale.get(), &typed, problem)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
