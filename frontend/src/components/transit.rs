//! « Parcours » / « Route »: under a received message's headers, one line saying how many
//! relays it went through, how long it took, whether it was encrypted and what the
//! receiving server concluded about its sender; the line opens the timeline of the hops.
//! Warnings (a lookalike sender, a relay without encryption, hours in a queue) are shown
//! without opening anything.

use crate::api::ApiError;
use crate::api::delivery as api;
use crate::components::glossary_link::GlossaryHint;
use crate::i18n::glossary_text::Term;
use crate::i18n::transit_text::{self as words, TransitText};
use crate::i18n::{self, Locale};
use crate::state::{tr, use_locale, use_session};
use crate::time_zone::BrowserZone;
use facteur_delivery::{TransitHop, TransitView, TransitWarning};
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;

/// The route of message `uid` in `folder`, fetched when shown. Nothing is shown when it
/// cannot be read: the message itself matters more than its route.
#[component]
pub fn TransitCard(folder: FolderPath, uid: Uid) -> impl IntoView {
    let session = use_session();
    let folder = StoredValue::new(folder);
    let loaded = LocalResource::new(move || {
        let folder = folder.get_value();
        async move { api::transit(&folder, uid).await }
    });
    Effect::new(move |_| {
        if let Some(Err(error)) = loaded.get()
            && ApiError::ends_session(&error)
        {
            session.expire();
        }
    });
    move || match loaded.get() {
        Some(Ok(view)) => Some(view! { <TransitSummary view /> }),
        _ => None,
    }
}

/// A route as received (no network: component tests render it).
#[component]
pub fn TransitSummary(view: TransitView) -> impl IntoView {
    let locale = use_locale();
    let open = RwSignal::new(false);
    let view = StoredValue::new(view);
    let line = move || view.with_value(|v| words::summary_line(locale.get(), v));
    let warnings = move || {
        view.with_value(|v| {
            let locale = locale.get();
            v.warnings
                .iter()
                .map(|warning| {
                    let text = words::warning(locale, warning, |i| hop_name(locale, v, i));
                    view! {
                        <li class="transit-warning" data-testid="transit-warning" data-kind=warning_kind(warning)>
                            {text}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let has_warnings = view.with_value(|v| !v.warnings.is_empty());
    view! {
        <section
            class="transit"
            class:transit-warned=has_warnings
            data-testid="transit"
            aria-label=tr(TransitText::Title)
        >
            <button
                type="button"
                class="transit-line"
                data-testid="transit-line"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls="transit-timeline"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <strong class="transit-title">{tr(TransitText::Title)}</strong>
                <span class="transit-summary">{line}</span>
            </button>
            {has_warnings.then(|| view! { <ul class="transit-warnings" role="list">{warnings}</ul> })}
            <div
                id="transit-timeline"
                class="transit-timeline"
                class:collapsed=move || !open.get()
                data-testid="transit-timeline"
            >
                <h3 class="transit-timeline-title">
                    {tr(TransitText::TimelineTitle)} " " <GlossaryHint term=Term::Relay />
                </h3>
                {move || view.with_value(|v| timeline(locale.get(), v))}
                {move || view.with_value(|v| verdict(locale.get(), v))}
            </div>
        </section>
    }
}

/// The hops as an ordered list, oldest first.
fn timeline(locale: Locale, view: &TransitView) -> AnyView {
    if view.hops.is_empty() {
        return view! { <p>{TransitText::NoHops.get(locale)}</p> }.into_any();
    }
    let truncated = view
        .truncated
        .then(|| view! { <p class="transit-note">{TransitText::Truncated.get(locale)}</p> });
    let hops = view
        .hops
        .iter()
        .enumerate()
        .map(|(index, hop)| hop_item(locale, view, index, hop))
        .collect_view();
    view! {
        {truncated}
        <ol class="transit-hops" data-testid="transit-hops">{hops}</ol>
    }
    .into_any()
}

fn hop_item(locale: Locale, view: &TransitView, index: usize, hop: &TransitHop) -> impl IntoView {
    let encryption = words::hop_encryption(
        locale,
        hop.encryption,
        hop.hop.tls.as_ref().and_then(|t| t.version.as_deref()),
    );
    let mut facts = Vec::new();
    if let Some(with) = &hop.hop.with {
        facts.push(with.clone());
    }
    facts.push(encryption);
    if let Some(cipher) = hop.hop.tls.as_ref().and_then(|t| t.cipher.as_deref()) {
        facts.push(cipher.to_owned());
    }
    facts.push(match hop.delay {
        Some(delay) => format!("+{}", words::delay(locale, delay)),
        None if index == 0 => TransitText::FirstHop.get(locale).to_owned(),
        None => format!("+? ({})", TransitText::Unknown.get(locale)),
    });
    let at = hop
        .hop
        .at
        .map(|at| i18n::full_date_time(locale, at, &BrowserZone));
    let from = hop
        .hop
        .from
        .as_ref()
        .map(|from| format!("{} {from}", locale.pick("depuis", "from")));
    let id = hop.hop.id.as_ref().map(|id| format!("id {id}"));
    let encryption_tag = match hop.encryption {
        facteur_delivery::Encryption::Tls => "tls",
        facteur_delivery::Encryption::Plain => "plain",
        facteur_delivery::Encryption::Internal => "internal",
        facteur_delivery::Encryption::Unknown => "unknown",
    };
    view! {
        <li class="transit-hop" data-testid="transit-hop" data-encryption=encryption_tag>
            <span class="transit-hop-name">{hop_name(locale, view, index)}</span>
            {from.map(|from| view! { <span class="transit-hop-from">{from}</span> })}
            <span class="transit-hop-facts">{facts.join(" · ")}</span>
            {at.map(|at| view! { <span class="transit-hop-time">{at}</span> })}
            {id.map(|id| view! { <span class="transit-hop-id">{id}</span> })}
        </li>
    }
}

/// The authentication verdict, each method in words.
fn verdict(locale: Locale, view: &TransitView) -> impl IntoView + use<> {
    let Some(verdict) = &view.verdict else {
        return view! { <p data-testid="transit-verdict">{TransitText::NotChecked.get(locale)}</p> }
            .into_any();
    };
    let dkim_domains = words::domains_suffix(&verdict.dkim_domains);
    let policy = verdict
        .dmarc_policy
        .as_ref()
        .map(|p| format!(" (p={p})"))
        .unwrap_or_default();
    let by = verdict
        .authserv_id
        .as_ref()
        .map(|id| view! { <p class="transit-note">{TransitText::ConcludedBy.get(locale)}" "{id.clone()}</p> });
    view! {
        <dl class="transit-verdict" data-testid="transit-verdict">
            <dt>"SPF " <GlossaryHint term=Term::Spf /></dt>
            <dd>{words::result_words(locale, verdict.spf)}</dd>
            <dt>"DKIM " <GlossaryHint term=Term::Dkim /></dt>
            <dd>{format!("{}{dkim_domains}", words::result_words(locale, verdict.dkim))}</dd>
            <dt>"DMARC " <GlossaryHint term=Term::Dmarc /></dt>
            <dd>{format!("{}{policy}", words::result_words(locale, verdict.dmarc))}</dd>
        </dl>
        {by}
    }
    .into_any()
}

/// « 2. mx.example.net »: the hop's number and the server that took the message.
fn hop_name(locale: Locale, view: &TransitView, index: usize) -> String {
    let host = view
        .hops
        .get(index)
        .and_then(|h| h.hop.by.as_deref())
        .and_then(|by| by.split_whitespace().next())
        .unwrap_or_else(|| TransitText::Unknown.get(locale));
    format!("{}. {host}", index + 1)
}

fn warning_kind(warning: &TransitWarning) -> &'static str {
    match warning {
        TransitWarning::NotAligned { .. } => "not_aligned",
        TransitWarning::DmarcFailed { .. } => "dmarc_failed",
        TransitWarning::DkimFailed => "dkim_failed",
        TransitWarning::SpfFailed => "spf_failed",
        TransitWarning::UnencryptedHop { .. } => "unencrypted_hop",
        TransitWarning::SlowHop { .. } => "slow_hop",
    }
}
