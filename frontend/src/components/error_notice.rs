//! A translated error with the server's own words beneath it.

use crate::api::ApiError;
use crate::i18n::{self, Text};
use crate::state::{tr, use_locale};
use leptos::prelude::*;

/// Shows `error` as an alert, when there is one.
#[component]
pub fn ErrorNotice(
    /// The error to show; nothing is rendered for `None`.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        error.get().map(|error| {
            let detail = error.detail().map(str::to_owned);
            view! {
                <div class="notice notice-error" role="alert" data-testid="error">
                    <p class="notice-text">{move || i18n::api_error(locale.get(), &error)}</p>
                    {detail
                        .map(|detail| {
                            view! {
                                <p class="notice-detail">
                                    {tr(Text::ServerSaid)}" "
                                    <q data-testid="error-detail">{detail}</q>
                                </p>
                            }
                        })}
                </div>
            }
        })
    }
}
