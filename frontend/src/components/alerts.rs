//! The alerts rules raise (« Note à moi-même : … »), announced to screen readers.

use crate::i18n::MailText;
use crate::rules_runner::ShownAlert;
use crate::state::tr;
use leptos::prelude::*;

/// The alert stack, in a polite live region so each new alert is read out once.
#[component]
pub fn AlertList(
    #[prop(into)] alerts: Signal<Vec<ShownAlert>>,
    on_dismiss: Callback<u32>,
) -> impl IntoView {
    view! {
        <div
            class="alert-stack"
            role="region"
            aria-label=tr(MailText::AlertsRegion)
            aria-live="polite"
            data-testid="alerts"
        >
            <For
                each=move || alerts.get()
                key=|alert| alert.id
                children=move |alert| {
                    let id = alert.id;
                    view! {
                        <div class="alert-toast" data-testid="rule-alert">
                            <span class="alert-text">{alert.text}</span>
                            <button
                                type="button"
                                class="button icon-button"
                                data-testid="dismiss-alert"
                                title=tr(MailText::DismissAlert)
                                on:click=move |_| on_dismiss.run(id)
                            >
                                <span aria-hidden="true">"×"</span>
                                <span class="visually-hidden">{tr(MailText::DismissAlert)}</span>
                            </button>
                        </div>
                    }
                }
            />
        </div>
    }
}
