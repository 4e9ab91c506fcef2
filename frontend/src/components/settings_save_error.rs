//! A failed save of the roaming settings, with a retry.

use crate::components::error_notice::ErrorNotice;
use crate::i18n::{RulesText, Text};
use crate::state::tr;
use crate::stores::settings_store::SettingsStore;
use leptos::prelude::*;

/// A failed save of the settings, with a retry (the edits are kept meanwhile).
#[component]
pub fn SettingsSaveError(store: SettingsStore) -> impl IntoView {
    view! {
        <Show when=move || store.save_error.with(Option::is_some)>
            <div class="settings-error" data-testid="settings-save-error">
                <p>{tr(RulesText::Unsaved)}</p>
                <ErrorNotice error=store.save_error />
                <button type="button" class="button" on:click=move |_| store.retry()>
                    {tr(Text::Retry)}
                </button>
            </div>
        </Show>
    }
}
