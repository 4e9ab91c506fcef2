//! The language switch: one button offering the other language, in that language.

use crate::i18n::Text;
use crate::locale_choice;
use crate::state::{tr, use_locale};
use leptos::prelude::*;

/// A button that switches between French and English and remembers the choice.
#[component]
pub fn LocaleSwitch() -> impl IntoView {
    let locale = use_locale();
    let other = move || locale.get().other();
    view! {
        <button
            type="button"
            class="locale-switch"
            data-testid="locale-switch"
            lang=move || other().code()
            data-short=move || other().code().to_uppercase()
            title=tr(Text::Language)
            on:click=move |_| {
                let next = other();
                locale.0.set(next);
                locale_choice::remember(next);
            }
        >
            <span class="locale-name">{move || other().native_name()}</span>
        </button>
    }
}
