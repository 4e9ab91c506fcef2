//! The alerts rules raise (« Note à moi-même : … »), one group per run: a single alert is
//! shown as it is, several as a count with the texts a click away. Groups fade after a
//! few seconds unless the pointer is over them or the focus inside (the clock and the
//! rules are [`crate::alert_stack`]); the faded ones stay under « Alertes récentes ». The
//! stack is a polite live region, so each new group is read out once.

use crate::alert_stack::{AlertGroup, AlertPhase, AlertStack};
use crate::i18n::{self, MailText};
use crate::state::{tr, use_locale};
use leptos::prelude::*;

/// The alert groups on screen and the history of recent ones.
#[component]
pub fn AlertList(alerts: RwSignal<AlertStack>) -> impl IntoView {
    let locale = use_locale();
    let history = move || {
        let recent: Vec<AlertGroup> = alerts.with(|a| a.recent().iter().rev().cloned().collect());
        (!recent.is_empty()).then(|| {
            let count = recent.iter().map(|g| g.texts.len()).sum::<usize>();
            let items = recent
                .into_iter()
                .flat_map(|g| g.texts)
                .map(|text| view! { <li data-testid="recent-alert">{text}</li> })
                .collect_view();
            view! {
                <details class="alert-history" data-testid="alert-history">
                    <summary>{tr(MailText::RecentAlerts)}" ("{count}")"</summary>
                    <ul>{items}</ul>
                </details>
            }
        })
    };
    view! {
        <div
            class="alert-stack"
            role="region"
            aria-label=tr(MailText::AlertsRegion)
            aria-live="polite"
            data-testid="alerts"
        >
            <For
                each=move || alerts.with(|a| a.shown().to_vec())
                key=|group| (group.id, group.texts.len())
                children=move |group| {
                    let id = group.id;
                    let fading = move || {
                        alerts.with(|a| {
                            a.shown().iter().any(|g| g.id == id && g.phase() == AlertPhase::Fading)
                        })
                    };
                    let body = if let [text] = group.texts.as_slice() {
                        view! { <span class="alert-text">{text.clone()}</span> }.into_any()
                    } else {
                        let count = group.texts.len();
                        let items = group
                            .texts
                            .into_iter()
                            .map(|text| view! { <li data-testid="alert-item">{text}</li> })
                            .collect_view();
                        view! {
                            <div class="alert-text">
                                <span data-testid="alert-count">
                                    {move || i18n::alert_count(locale.get(), count)}
                                </span>
                                <details class="alert-items">
                                    <summary>{tr(MailText::ShowAlertTexts)}</summary>
                                    <ul>{items}</ul>
                                </details>
                            </div>
                        }
                            .into_any()
                    };
                    view! {
                        <div
                            class="alert-toast"
                            class:alert-fading=fading
                            data-testid="rule-alert"
                            on:mouseenter=move |_| alerts.update(|a| a.hover(id, true))
                            on:mouseleave=move |_| alerts.update(|a| a.hover(id, false))
                            on:focusin=move |_| alerts.update(|a| a.focus(id, true))
                            on:focusout=move |_| alerts.update(|a| a.focus(id, false))
                        >
                            {body}
                            <button
                                type="button"
                                class="button icon-button"
                                data-testid="dismiss-alert"
                                title=tr(MailText::DismissAlert)
                                on:click=move |_| alerts.update(|a| a.dismiss(id))
                            >
                                <span aria-hidden="true">"×"</span>
                                <span class="visually-hidden">{tr(MailText::DismissAlert)}</span>
                            </button>
                        </div>
                    }
                }
            />
            {history}
        </div>
    }
}
