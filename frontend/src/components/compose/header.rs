//! The composer's title bar: the subject as title, where saving the draft stands, and
//! the close button.

use super::controller::{ComposeController, SaveState};
use crate::i18n::{self, ComposeText};
use crate::state::{tr, use_locale};
use crate::time_zone::BrowserZone;
use leptos::prelude::*;

/// The title, the draft's save state and the close button.
#[component]
pub fn ComposerHeader(controller: ComposeController) -> impl IntoView {
    let locale = use_locale();
    let form = controller.form;
    let title = move || {
        let subject = form.subject.get();
        if subject.trim().is_empty() {
            tr(ComposeText::NewMessage)().to_owned()
        } else {
            subject
        }
    };
    let draft_state = move || match controller.save_state.get() {
        SaveState::Unsaved => String::new(),
        SaveState::Saving => tr(ComposeText::Saving)().to_owned(),
        SaveState::SavedAt(at) => {
            i18n::saved_at(locale.get(), &i18n::time_of_day(at, &BrowserZone))
        }
        SaveState::Failed(_) => tr(ComposeText::NotSaved)().to_owned(),
    };
    view! {
        <header class="composer-header">
            <h2 id="composer-title" class="composer-title">{title}</h2>
            <span class="composer-draft-state" role="status" data-testid="compose-draft-state">
                {draft_state}
            </span>
            <button
                type="button"
                class="button icon-button composer-close"
                data-testid="compose-close"
                title=tr(ComposeText::Close)
                aria-label=tr(ComposeText::Close)
                on:click=move |_| controller.close()
            >
                <span aria-hidden="true">"×"</span>
            </button>
        </header>
    }
}
