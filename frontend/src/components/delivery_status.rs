//! The delivery status of a sent message, one row per recipient, as the reports that came
//! back tell it (delivery status notifications and read receipts), with a refresh.

use crate::api::ApiError;
use crate::api::delivery as api;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{self, DeliveryText};
use crate::state::{tr, use_locale, use_session};
use crate::time_zone::BrowserZone;
use facteur_delivery::{DeliveryView, RecipientDelivery, RecipientStatus, ReportLocation};
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;

/// The `state` tag a status has in JSON, also the row's `data-state` (for styles and
/// tests): waiting, delayed, relayed, expanded, delivered, failed, deleted, dispatched,
/// processed, read.
pub fn state_tag(status: &RecipientStatus) -> &'static str {
    match status {
        RecipientStatus::Waiting => "waiting",
        RecipientStatus::Delayed { .. } => "delayed",
        RecipientStatus::Relayed => "relayed",
        RecipientStatus::Expanded => "expanded",
        RecipientStatus::Delivered => "delivered",
        RecipientStatus::Failed { .. } => "failed",
        RecipientStatus::Deleted { .. } => "deleted",
        RecipientStatus::Dispatched { .. } => "dispatched",
        RecipientStatus::Processed { .. } => "processed",
        RecipientStatus::Read { .. } => "read",
    }
}

/// The delivery panel of the sent message `uid` in `folder`: fetched when shown, again
/// on "Refresh status".
#[component]
pub fn DeliveryStatus(
    folder: FolderPath,
    uid: Uid,
    /// Opens a report in its folder.
    #[prop(default = None)]
    on_open: Option<Callback<ReportLocation>>,
) -> impl IntoView {
    let session = use_session();
    let asked = RwSignal::new(0_u32);
    let folder = StoredValue::new(folder);
    let status = LocalResource::new(move || {
        asked.track();
        let folder = folder.get_value();
        async move { api::delivery(&folder, uid).await }
    });
    let error = Signal::derive(move || match status.get() {
        Some(Err(error)) => Some(error),
        _ => None,
    });
    Effect::new(move |_| {
        if error.with(|e| e.as_ref().is_some_and(ApiError::ends_session)) {
            session.expire();
        }
    });
    let loading = move || status.with(Option::is_none);
    // Nothing was asked and nothing came: refreshing would tell nothing more.
    let nothing_to_follow = move || {
        status.with(|s| match s {
            Some(Ok(view)) => nothing_requested(view),
            _ => false,
        })
    };

    view! {
        <section
            class="delivery-status"
            data-testid="delivery-status"
            aria-labelledby="delivery-status-title"
            aria-busy=move || if loading() { "true" } else { "false" }
        >
            <header class="delivery-status-header">
                <h3 id="delivery-status-title">{tr(DeliveryText::PanelTitle)}</h3>
                <Show when=move || !nothing_to_follow()>
                    <button
                        type="button"
                        class="button"
                        data-testid="delivery-refresh"
                        on:click=move |_| asked.update(|n| *n += 1)
                    >
                        {tr(DeliveryText::RefreshStatus)}
                    </button>
                </Show>
            </header>
            <ErrorNotice error />
            {move || match status.get() {
                Some(Ok(view)) => Some(view! { <DeliveryPanel view on_open /> }.into_any()),
                _ => None,
            }}
        </section>
    }
}

/// Whether the message asked for no notification and none came.
fn nothing_requested(view: &DeliveryView) -> bool {
    view.recipients.is_empty() && !view.dsn_requested && !view.read_receipt_requested
}

/// The rows of a delivery status as received (no network: component tests render it).
#[component]
pub fn DeliveryPanel(
    view: DeliveryView,
    /// Opens a report in its folder; without it the rows offer no link.
    #[prop(default = None)]
    on_open: Option<Callback<ReportLocation>>,
) -> impl IntoView {
    let nothing_requested = nothing_requested(&view);
    let empty = view.recipients.is_empty();
    let receipt_line = view.read_receipt_requested.then(|| {
        view! { <p class="delivery-note">{tr(DeliveryText::ReadReceiptRequested)}</p> }
    });
    let rows = view
        .recipients
        .into_iter()
        .map(|recipient| view! { <RecipientRow recipient on_open /> })
        .collect_view();
    view! {
        {if nothing_requested {
            view! {
                <p class="delivery-note" data-testid="delivery-none">
                    {tr(DeliveryText::NothingRequested)}
                </p>
            }
                .into_any()
        } else if empty {
            view! {
                <p class="delivery-note" data-testid="delivery-none">
                    {tr(DeliveryText::NoRecipients)}
                </p>
            }
                .into_any()
        } else {
            view! { <ul class="delivery-recipients" role="list">{rows}</ul> }.into_any()
        }}
        {receipt_line}
    }
}

/// One recipient: address, state and what the reports said.
#[component]
fn RecipientRow(
    recipient: RecipientDelivery,
    on_open: Option<Callback<ReportLocation>>,
) -> impl IntoView {
    let locale = use_locale();
    let RecipientDelivery {
        recipient,
        status,
        reports,
    } = recipient;
    // The latest report told the current state: that is the one worth reading.
    let link = on_open
        .zip(reports.last().cloned())
        .map(|(on_open, report)| {
            view! {
                <button
                    type="button"
                    class="delivery-report-link"
                    data-testid="delivery-report-link"
                    on:click=move |_| on_open.run(report.clone())
                >
                    {tr(DeliveryText::OpenReport)}
                </button>
            }
        });
    let tag = state_tag(&status);
    let status = StoredValue::new(status);
    let address = recipient.clone();
    view! {
        <li class="delivery-recipient" data-testid="delivery-recipient" data-state=tag data-recipient=address>
            <span class="delivery-address">{recipient}</span>
            <span class="delivery-sentence">
                <strong class="delivery-state">
                    {move || status.with_value(|s| i18n::state_label(locale.get(), s))}
                </strong>
                {move || {
                    let locale = locale.get();
                    status
                        .with_value(|s| i18n::state_details(locale, s, &BrowserZone))
                        .map(|details| format!("{}{details}", locale.pick(" : ", ": ")))
                }}
            </span>
            {link}
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_delivery::StatusCode;

    #[test]
    fn state_tags_are_the_json_tags() {
        let statuses = [
            RecipientStatus::Waiting,
            RecipientStatus::Delayed {
                code: None,
                reason: String::new(),
                will_retry_until: None,
            },
            RecipientStatus::Relayed,
            RecipientStatus::Expanded,
            RecipientStatus::Delivered,
            RecipientStatus::Failed {
                code: StatusCode::parse("5.1.1").ok(),
                reason: "x".into(),
            },
            RecipientStatus::Deleted { at: None },
            RecipientStatus::Dispatched { at: None },
            RecipientStatus::Processed { at: None },
            RecipientStatus::Read { at: None },
        ];
        for status in statuses {
            let json = serde_json::to_value(&status).unwrap();
            assert_eq!(json["state"], state_tag(&status), "{status:?}");
        }
    }
}
