//! A received report (delivery status notification or read receipt) as a readable card:
//! which sent message it is about, and for each recipient what happened and why.

use crate::api::ApiError;
use crate::api::delivery as api;
use crate::components::delivery_status::state_tag;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{self, DeliveryText};
use crate::state::{tr, use_locale, use_session};
use crate::time_zone::BrowserZone;
use facteur_delivery::{ReportLocation, ReportSummary, ReportedRecipient};
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;

/// The summary of the report `uid` in `folder`, fetched when shown.
#[component]
pub fn ReportSummaryCard(
    folder: FolderPath,
    uid: Uid,
    /// Opens the original message in Sent.
    #[prop(default = None)]
    on_open: Option<Callback<ReportLocation>>,
) -> impl IntoView {
    let session = use_session();
    let folder = StoredValue::new(folder);
    let summary = LocalResource::new(move || {
        let folder = folder.get_value();
        async move { api::report(&folder, uid).await }
    });
    let error = Signal::derive(move || match summary.get() {
        Some(Err(error)) => Some(error),
        _ => None,
    });
    Effect::new(move |_| {
        if error.with(|e| e.as_ref().is_some_and(ApiError::ends_session)) {
            session.expire();
        }
    });
    view! {
        <ErrorNotice error />
        {move || match summary.get() {
            Some(Ok(summary)) => Some(view! { <ReportView summary on_open /> }),
            _ => None,
        }}
    }
}

/// A report summary as received (no network: component tests render it).
#[component]
pub fn ReportView(
    summary: ReportSummary,
    #[prop(default = None)] on_open: Option<Callback<ReportLocation>>,
) -> impl IntoView {
    let locale = use_locale();
    let ReportSummary {
        kind,
        original_subject,
        original,
        arrival,
        recipients,
        from,
        problems,
        ..
    } = summary;
    let subject = StoredValue::new(original_subject);
    let title =
        move || subject.with_value(|s| i18n::report_title(locale.get(), kind, s.as_deref()));
    let from = from.map(|from| {
        let who = match &from.name {
            Some(name) if !name.trim().is_empty() => format!("{name} <{}>", from.email),
            _ => from.email.clone(),
        };
        view! {
            <p class="report-meta">{tr(DeliveryText::ReportFrom)}" " {who}</p>
        }
    });
    let arrival = arrival.map(|at| {
        view! {
            <p class="report-meta">
                {tr(DeliveryText::ReportArrival)}" "
                {move || i18n::full_date_time(locale.get(), at, &BrowserZone)}
            </p>
        }
    });
    let rows = recipients
        .into_iter()
        .map(|recipient| view! { <ReportedRow recipient /> })
        .collect_view();
    let original = match original {
        Some(location) => {
            let open = move |_| {
                if let Some(on_open) = on_open {
                    on_open.run(location.clone());
                }
            };
            view! {
                <button type="button" class="button" data-testid="report-original" on:click=open>
                    {tr(DeliveryText::OpenOriginal)}
                </button>
            }
            .into_any()
        }
        None => {
            view! { <p class="report-meta">{tr(DeliveryText::OriginalNotFound)}</p> }.into_any()
        }
    };
    let problems = (!problems.is_empty()).then(|| {
        let problems = StoredValue::new(problems);
        let items = move || {
            problems.with_value(|problems| {
                problems
                    .iter()
                    .map(|p| view! { <li>{i18n::report_problem(locale.get(), p)}</li> })
                    .collect_view()
            })
        };
        view! {
            <details class="report-problems" data-testid="report-problems">
                <summary>{tr(DeliveryText::ReportProblems)}</summary>
                <ul>{items}</ul>
            </details>
        }
    });
    view! {
        <section class="report-summary" data-testid="report-summary" role="region" aria-label=title>
            <h3 class="report-title">{title}</h3>
            {from}
            {arrival}
            <ul class="delivery-recipients" role="list">{rows}</ul>
            {original}
            {problems}
        </section>
    }
}

/// One recipient of a report: address, outcome, code meaning, the server's words.
#[component]
fn ReportedRow(recipient: ReportedRecipient) -> impl IntoView {
    let locale = use_locale();
    let ReportedRecipient {
        recipient,
        status,
        code,
        diagnostic,
        reported_by,
    } = recipient;
    let tag = state_tag(&status);
    let status = StoredValue::new(status);
    // The status carries the code and the server's words for failures and delays; for
    // the others the report's own code and diagnostic are shown beside the state.
    let extra = move || {
        let locale = locale.get();
        let details = status.with_value(|s| i18n::state_details(locale, s, &BrowserZone));
        let mut parts: Vec<String> = details.into_iter().collect();
        if let Some(code) = code {
            let meaning = i18n::code_meaning(locale, code);
            if !parts.iter().any(|p| p.contains(&meaning)) {
                parts.push(meaning);
            }
        }
        if let Some(diagnostic) = diagnostic.as_deref().map(str::trim)
            && !diagnostic.is_empty()
            && !parts.iter().any(|p| p.contains(diagnostic))
        {
            parts.push(diagnostic.to_owned());
        }
        if let Some(by) = reported_by.as_deref() {
            parts.push(format!("({} {by})", DeliveryText::ReportedBy.get(locale)));
        }
        (!parts.is_empty()).then(|| format!("{}{}", locale.pick(" : ", ": "), parts.join(" — ")))
    };
    view! {
        <li class="delivery-recipient" data-testid="report-recipient" data-state=tag>
            <span class="delivery-address">{recipient}</span>
            <span class="delivery-sentence">
                <strong class="delivery-state">
                    {move || status.with_value(|s| i18n::state_label(locale.get(), s))}
                </strong>
                {extra}
            </span>
        </li>
    }
}
