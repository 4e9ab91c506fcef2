//! The header fields of the message: the sending identity (its signature follows the
//! choice), the three recipient fields and the subject.

use super::editor_html;
use super::form::ComposeForm;
use super::recipient_field::RecipientField;
use crate::compose::identities::Identity;
use crate::compose::signature::{SIGNATURE_ATTRIBUTE, replace_in_text, signature_inner_html};
use crate::i18n::ComposeText;
use crate::state::tr;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// From, To, Cc, Bcc and Subject.
#[component]
pub fn HeaderFields(form: ComposeForm) -> impl IntoView {
    let on_identity = move |event: ev::Event| {
        let Ok(index) = event_target_value(&event).parse::<usize>() else {
            return;
        };
        let old = form.identity().map(|i| i.signature).unwrap_or_default();
        form.from.set(index);
        let new = form.identity().map(|i| i.signature).unwrap_or_default();
        swap_signature(form, &old, &new);
        form.touch();
    };
    let identity_options = move || {
        form.identities
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, identity): (usize, Identity)| {
                view! {
                    <option value=index.to_string() prop:selected=move || form.from.get() == index>
                        {identity.label()}
                    </option>
                }
            })
            .collect_view()
    };
    let to_change = Callback::new(move |()| form.touch());
    view! {
        <div class="composer-fields">
            <div class="compose-row">
                <label class="recipient-label" for="compose-from">{tr(ComposeText::FromLabel)}</label>
                <select id="compose-from" class="compose-from" data-testid="compose-from" on:change=on_identity>
                    {identity_options}
                </select>
            </div>
            <RecipientField label=ComposeText::ToLabel testid="compose-to" list=form.to on_change=to_change />
            <RecipientField label=ComposeText::CcLabel testid="compose-cc" list=form.cc on_change=to_change />
            <RecipientField label=ComposeText::BccLabel testid="compose-bcc" list=form.bcc on_change=to_change />
            <div class="compose-row">
                <label class="recipient-label" for="compose-subject">{tr(ComposeText::SubjectLabel)}</label>
                <input
                    id="compose-subject"
                    type="text"
                    class="compose-subject"
                    data-testid="compose-subject"
                    prop:value=move || form.subject.get()
                    on:input=move |event| {
                        form.subject.set(event_target_value(&event));
                        form.touch();
                    }
                />
            </div>
        </div>
    }
}

/// Puts the new identity's signature where the old one was (or adds it).
fn swap_signature(form: ComposeForm, old: &str, new: &str) {
    if let Some(text) = form.plain.get_untracked() {
        form.plain.set(Some(replace_in_text(&text, old, new)));
        return;
    }
    let Some(editor) = form.editor.get_untracked() else {
        return;
    };
    let inner = signature_inner_html(new);
    let selector = format!("[{SIGNATURE_ATTRIBUTE}]");
    match editor.query_selector(&selector).ok().flatten() {
        Some(block) if inner.is_empty() => block.remove(),
        Some(block) => editor_html::load(&block, &inner),
        None if inner.is_empty() => {}
        None => {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let Ok(block) = document.create_element("div") else {
                return;
            };
            let _ = block.set_attribute(SIGNATURE_ATTRIBUTE, "");
            editor_html::load(&block, &inner);
            // Above the quote of a reply, else at the end.
            let quote = editor.query_selector("blockquote").ok().flatten();
            let _ = editor.insert_before(&block, quote.as_ref().map(|q| q.unchecked_ref()));
        }
    }
    form.html.set(editor.inner_html());
}
