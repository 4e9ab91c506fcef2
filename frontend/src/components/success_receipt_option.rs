//! The composer's choice of a delivery receipt for each successful delivery, besides
//! failures and delays (RFC 3461 `NOTIFY=SUCCESS`). Shown only while a delivery receipt
//! is requested; its starting value comes from the preferences (see `compose/form.rs`).

use crate::components::compose::form::ComposeForm;
use crate::i18n::ComposeText;
use crate::state::tr;
use facteur_model::compose::DsnNotify;
use leptos::prelude::*;

/// "Also when it is delivered", under "Request a delivery receipt".
#[component]
pub fn SuccessReceiptOption(form: ComposeForm) -> impl IntoView {
    view! {
        <Show when=move || form.request_dsn.get()>
            <label class="checkbox compose-suboption">
                <input
                    type="checkbox"
                    data-testid="compose-dsn-success"
                    prop:checked=move || form.dsn_notify.get() == DsnNotify::AlsoSuccess
                    on:change=move |event| {
                        let notify = if event_target_checked(&event) {
                            DsnNotify::AlsoSuccess
                        } else {
                            DsnNotify::FailureAndDelay
                        };
                        form.dsn_notify.set(notify);
                        form.touch();
                    }
                />
                {tr(ComposeText::RequestDsnSuccess)}
            </label>
        </Show>
    }
}
