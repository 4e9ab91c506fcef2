//! The text of an alert action, with a live example beside it: the template filled in
//! for a sample message, so `{subject}` reads as a subject.

use crate::alert_example::alert_example;
use crate::i18n::RulesText;
use crate::state::{tr, use_locale};
use facteur_rules::Action;
use leptos::prelude::*;

/// The template field of `action` (an [`Action::Alert`]) and its example.
#[component]
pub fn AlertField(action: RwSignal<Action>) -> impl IntoView {
    let locale = use_locale();
    let template = move || {
        action.with(|a| match a {
            Action::Alert { template } => template.clone(),
            _ => String::new(),
        })
    };
    view! {
        <div class="action-alert">
            <textarea
                data-testid="action-alert"
                rows="2"
                aria-label=tr(RulesText::AlertText)
                prop:value=template
                on:input=move |ev| {
                    let template = event_target_value(&ev);
                    action.set(Action::Alert { template });
                }
            ></textarea>
            <p class="alert-example" data-testid="alert-example" aria-live="polite">
                {tr(RulesText::AlertExample)}" "
                <q>{move || alert_example(locale.get(), &template())}</q>
            </p>
            <p class="hint">{tr(RulesText::AlertHelp)}</p>
        </div>
    }
}
