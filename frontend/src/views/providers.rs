//! The provider comparison: every preset side by side (a table on wide screens, one card
//! per provider on phones), uncertain facts marked, sources listed.

use crate::i18n::setup_text::{
    auth_name, checked_on, confidence_mark, cost_name, facts_as_of, megabytes, protocol_name,
    security_name,
};
use crate::i18n::{Locale, SetupText};
use crate::state::{tr, use_locale};
use facteur_providers::Protocol;
use facteur_providers::presets::{
    Confidence, FACTS_AS_OF, Fact, Preset, Size, Source, Text, all_presets,
};
use leptos::prelude::*;

/// The comparison page.
#[component]
pub fn ProvidersPage() -> impl IntoView {
    view! {
        <article class="help-page providers" data-testid="providers">
            <h1>{tr(SetupText::ProvidersTitle)}</h1>
            <p class="hint">{tr(SetupText::ProvidersIntro)}</p>
            <ProviderComparison />
        </article>
    }
}

/// The comparison itself (facts' date and marks, the table, the sources), as the
/// comparison page and the setup report show it.
#[component]
pub fn ProviderComparison() -> impl IntoView {
    let locale = use_locale();
    let header = move |text: SetupText| view! { <th scope="col">{tr(text)}</th> };
    view! {
            <p class="hint">
                {move || facts_as_of(locale.get(), FACTS_AS_OF)} " "
                <span class="fact-mark">"?"</span> " " {tr(SetupText::UncertainMark)} " · "
                <span class="fact-mark">"*"</span> " " {tr(SetupText::ReportedMark)}
            </p>
            <table class="comparison" data-testid="providers-table">
                <thead>
                    <tr>
                        {header(SetupText::Provider)}
                        {header(SetupText::Servers)}
                        {header(SetupText::Storage)}
                        {header(SetupText::AttachmentLimit)}
                        {header(SetupText::Price)}
                        {header(SetupText::SignInMethod)}
                        {header(SetupText::Pros)}
                        {header(SetupText::Cons)}
                    </tr>
                </thead>
                <tbody>
                    {all_presets()
                        .iter()
                        .map(|preset| view! { <ProviderRow preset /> })
                        .collect_view()}
                </tbody>
            </table>
            <h2>{tr(SetupText::Sources)}</h2>
            <dl class="provider-sources" data-testid="provider-sources">
                {all_presets()
                    .iter()
                    .map(|preset| {
                        view! {
                            <dt>{preset.name}</dt>
                            {preset.sources.iter().map(|source| view! { <SourceLine source /> }).collect_view()}
                        }
                    })
                    .collect_view()}
            </dl>
    }
}

/// One provider: a row of the table, a card on phones (labels come from `data-label`).
#[component]
fn ProviderRow(preset: &'static Preset) -> impl IntoView {
    let locale = use_locale();
    let label = move |text: SetupText| move || text.get(locale.get());
    let size = move |fact: Fact<Size>| {
        move || {
            let locale = locale.get();
            match fact.value {
                Size::Megabytes(mb) => megabytes(locale, mb),
                Size::NotPublished => SetupText::NotPublished.get(locale).to_owned(),
                Size::Unknown => SetupText::NotKnown.get(locale).to_owned(),
            }
        }
    };
    let servers = move || {
        let locale = locale.get();
        [Protocol::Imap, Protocol::Smtp, Protocol::Pop3]
            .into_iter()
            .flat_map(|protocol| preset.servers_for(protocol))
            .map(|server| {
                format!(
                    "{} {}:{} ({})",
                    protocol_name(server.protocol),
                    server.host,
                    server.port,
                    security_name(locale, server.security)
                )
            })
            .map(|line| view! { <li>{line}</li> })
            .collect_view()
    };
    let list = move |items: &'static [Text]| {
        move || {
            let locale = locale.get();
            items
                .iter()
                .map(|item| view! { <li>{pick(locale, *item)}</li> })
                .collect_view()
        }
    };
    view! {
        <tr data-testid="provider" data-provider=preset.id>
            <th scope="row" class="provider-name">
                {preset.name}
                {preset.help_url.map(|url| view! {
                    <a class="provider-help" href=url target="_blank" rel="noopener noreferrer">
                        {tr(SetupText::ProviderHelp)}
                    </a>
                })}
            </th>
            <td data-label=label(SetupText::Servers)>
                <ul class="plain-list">{servers}</ul>
                <FactMark confidence=preset.servers_confidence note=None />
            </td>
            <td data-label=label(SetupText::Storage)>
                {size(preset.storage)}
                <FactMark confidence=preset.storage.confidence note=preset.storage.note />
            </td>
            <td data-label=label(SetupText::AttachmentLimit)>
                {size(preset.attachment)}
                <FactMark confidence=preset.attachment.confidence note=preset.attachment.note />
            </td>
            <td data-label=label(SetupText::Price)>
                {move || cost_name(locale.get(), preset.cost.value)}
                <FactMark confidence=preset.cost.confidence note=preset.cost.note />
            </td>
            <td data-label=label(SetupText::SignInMethod)>
                {move || auth_name(locale.get(), preset.auth.value)}
                <FactMark confidence=preset.auth.confidence note=preset.auth.note />
            </td>
            <td data-label=label(SetupText::Pros)>
                <ul class="plain-list">{list(preset.pros)}</ul>
            </td>
            <td data-label=label(SetupText::Cons)>
                <ul class="plain-list">{list(preset.cons)}{list(preset.limits)}</ul>
            </td>
        </tr>
    }
}

/// One source: where (a link when it is one), what it supports, when it was read.
#[component]
fn SourceLine(source: &'static Source) -> impl IntoView {
    let locale = use_locale();
    let location = (!source.location.is_empty()).then(|| {
        if source.location.starts_with("https://") {
            view! {
                <a href=source.location target="_blank" rel="noopener noreferrer">{source.location}</a>
            }
            .into_any()
        } else {
            view! { <span>{source.location}</span> }.into_any()
        }
    });
    let separator = (!source.location.is_empty()).then_some(" — ");
    view! {
        <dd data-testid="provider-source">
            {location}
            {separator}
            {move || pick(locale.get(), source.supports)}
            " "
            {move || checked_on(locale.get(), source.checked)}
        </dd>
    }
}

/// The mark of a fact not read on the provider's own page, and the fact's note.
#[component]
fn FactMark(confidence: Confidence, note: Option<Text>) -> impl IntoView {
    let locale = use_locale();
    let mark = match confidence {
        Confidence::Documented => None,
        Confidence::Reported => Some("*"),
        Confidence::Uncertain => Some("?"),
    };
    view! {
        {mark.map(|mark| view! {
            <span
                class="fact-mark"
                data-testid="fact-mark"
                title=move || confidence_mark(locale.get(), confidence).unwrap_or_default()
            >
                {mark}
            </span>
            <span class="visually-hidden">
                {move || confidence_mark(locale.get(), confidence).unwrap_or_default()}
            </span>
        })}
        {note.map(|note| view! { <small class="fact-note">{move || pick(locale.get(), note)}</small> })}
    }
}

fn pick(locale: Locale, text: Text) -> &'static str {
    locale.pick(text.fr, text.en)
}
