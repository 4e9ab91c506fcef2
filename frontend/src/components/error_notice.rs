//! A translated error, with the server's own words folded away beneath it: a person reads
//! the translation; the server's text (often English, often technical) is one click away.

use crate::api::ApiError;
use crate::i18n::{self, MailText, Text};
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
                                <details class="notice-detail" data-testid="error-details">
                                    <summary>{tr(MailText::ErrorDetails)}</summary>
                                    {tr(Text::ServerSaid)}" "
                                    <q data-testid="error-detail">{detail}</q>
                                </details>
                            }
                        })}
                </div>
            }
        })
    }
}
