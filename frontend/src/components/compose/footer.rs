//! The bottom of the composer: the sending options (delivery receipt, for successes too,
//! read receipt), why the last send failed, and the send button.

use super::controller::{ComposeController, ComposeError};
use crate::components::glossary_link::GlossaryHint;
use crate::components::success_receipt_option::SuccessReceiptOption;
use crate::i18n::glossary_text::Term;
use crate::i18n::{self, ComposeText, Text};
use crate::state::{tr, use_locale};
use leptos::prelude::*;

/// The delivery-notification and read-receipt checkboxes.
#[component]
pub fn ComposeOptions(controller: ComposeController) -> impl IntoView {
    let form = controller.form;
    let dsn_missing = move || {
        controller
            .capabilities
            .with(|c| c.as_ref().is_some_and(|c| !c.dsn))
    };
    view! {
        <fieldset class="compose-options">
            // The hint sits beside the label, not inside it, so the checkbox's
            // accessible name stays the label alone.
            <div class="compose-option">
                <label class="checkbox">
                    <input
                        type="checkbox"
                        data-testid="compose-dsn"
                        prop:checked=move || form.request_dsn.get()
                        on:change=move |event| {
                            form.request_dsn.set(event_target_checked(&event));
                            form.touch();
                        }
                    />
                    {tr(ComposeText::RequestDsn)}
                </label>
                <GlossaryHint term=Term::Dsn />
            </div>
            <SuccessReceiptOption form />
            <Show when=dsn_missing>
                <p class="notice notice-warning compose-dsn-warning" data-testid="compose-dsn-warning">
                    {tr(ComposeText::DsnUnavailable)}
                </p>
            </Show>
            <label class="checkbox">
                <input
                    type="checkbox"
                    data-testid="compose-read-receipt"
                    prop:checked=move || form.request_read_receipt.get()
                    on:change=move |event| {
                        form.request_read_receipt.set(event_target_checked(&event));
                        form.touch();
                    }
                />
                {tr(ComposeText::RequestReadReceipt)}
            </label>
        </fieldset>
    }
}

/// Why the message could not be sent, with the server's words and whether the bridge
/// kept it in Drafts.
#[component]
pub fn ComposeErrorNotice(controller: ComposeController) -> impl IntoView {
    let locale = use_locale();
    move || {
        controller.error.get().map(|shown| {
            let (text, detail, kept) = match &shown {
                ComposeError::Local(text) => (text.get(locale.get()).to_owned(), None, false),
                ComposeError::Bridge { error, kept } => (
                    i18n::api_error(locale.get(), error).to_owned(),
                    error.detail().map(str::to_owned),
                    *kept,
                ),
            };
            view! {
                <div class="notice notice-error compose-error" role="alert" data-testid="compose-error">
                    <p class="notice-text">{text}</p>
                    {detail
                        .map(|detail| {
                            view! {
                                <p class="notice-detail">
                                    {tr(Text::ServerSaid)}" "<q>{detail}</q>
                                </p>
                            }
                        })}
                    {kept
                        .then(|| view! { <p class="compose-kept">{tr(ComposeText::KeptInDrafts)}</p> })}
                </div>
            }
        })
    }
}

/// The send button (waiting while a send runs) and the keyboard hint.
#[component]
pub fn ComposerFooter(controller: ComposeController) -> impl IntoView {
    let sending = move || controller.phase().is_sending();
    view! {
        <footer class="composer-footer">
            <button
                type="button"
                class="button button-primary compose-send"
                data-testid="compose-send"
                disabled=move || sending() || controller.loading.get()
                aria-busy=move || if sending() { "true" } else { "false" }
                on:click=move |_| controller.send()
            >
                {move || if sending() { tr(ComposeText::Sending)() } else { tr(ComposeText::Send)() }}
            </button>
            <span class="compose-hint">{tr(ComposeText::ShortcutHint)}</span>
        </footer>
    }
}
