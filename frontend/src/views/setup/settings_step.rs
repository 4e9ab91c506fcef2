//! Step 2: the settings discovery proposes, where they came from, what sign-in needs,
//! all editable; the sources tried, collapsed.

use super::{Step, Wizard};
use crate::components::glossary_link::GlossaryLink;
use crate::components::server_fields::{ServerFieldset, Which};
use crate::i18n::glossary_text::Term;
use crate::i18n::setup_text::{attempt_outcome, auth_explanation, source_name};
use crate::i18n::{SetupText, Text};
use crate::state::{tr, use_locale};
use facteur_providers::setup_api::AttemptOutcome;
use facteur_providers::{AuthRequirement, DiscoveredSettings, preset_by_id};
use leptos::prelude::*;

/// Step 2 of the wizard.
#[component]
pub(super) fn SettingsStep(wizard: Wizard) -> impl IntoView {
    let locale = use_locale();
    let form = wizard.form;
    let proposal = Memo::new(move |_| {
        let index = wizard.chosen.get();
        wizard
            .discovery
            .with(|d| d.as_ref().and_then(|d| d.proposals.get(index).cloned()))
    });
    let proposals = move || {
        wizard
            .discovery
            .with(|d| d.as_ref().map_or(0, |d| d.proposals.len()))
    };
    let on_edit = Callback::new(move |()| wizard.tested.set(None));

    let source_line = move || {
        let locale = locale.get();
        match proposal.get() {
            Some(p) => {
                let colon = locale.pick(" : ", ": ");
                let mut line = format!(
                    "{}{colon}{}",
                    SetupText::FoundBy.get(locale),
                    source_name(locale, p.source)
                );
                if let Some(smtp_source) = p.smtp_source.filter(|s| *s != p.source) {
                    line.push_str(&format!(
                        " · {}{colon}{}",
                        SetupText::SmtpFoundBy.get(locale),
                        source_name(locale, smtp_source)
                    ));
                }
                line
            }
            None => SetupText::NothingFound.get(locale).to_owned(),
        }
    };
    let choices = move || {
        (proposals() > 1).then(|| {
            let options = move || {
                wizard.discovery.with(|d| {
                    d.as_ref().map(|d| {
                        d.proposals
                            .iter()
                            .enumerate()
                            .map(|(index, p)| {
                                let label = proposal_label(p);
                                view! {
                                    <option
                                        value=index.to_string()
                                        prop:selected=move || wizard.chosen.get() == index
                                    >
                                        {label}
                                    </option>
                                }
                            })
                            .collect_view()
                    })
                })
            };
            view! {
                <div class="field">
                    <label for="setup-proposal">{tr(SetupText::Proposal)}</label>
                    <select
                        id="setup-proposal"
                        data-testid="setup-proposal"
                        on:change=move |ev| {
                            if let Ok(index) = event_target_value(&ev).parse::<usize>() {
                                wizard.choose(index);
                            }
                        }
                    >
                        {options}
                    </select>
                </div>
            }
        })
    };

    view! {
        <div class="wizard-step" data-testid="setup-settings-step">
            <p class="setup-source" data-testid="setup-source">{source_line}</p>
            {choices}
            <AuthAdvice proposal />
            <div class="field">
                <label for="setup-username">{tr(Text::Username)}</label>
                <input
                    id="setup-username"
                    type="text"
                    autocapitalize="none"
                    spellcheck="false"
                    data-testid="setup-username"
                    aria-describedby="setup-username-hint"
                    prop:value=move || form.with(|f| f.username.clone())
                    on:input=move |ev| {
                        form.update(|f| f.username = event_target_value(&ev));
                        on_edit.run(());
                    }
                />
                <p class="hint" id="setup-username-hint">{tr(Text::UsernameHint)}</p>
            </div>
            <ServerFieldset which=Which::Imap id_prefix="setup" form on_edit />
            <ServerFieldset which=Which::Smtp id_prefix="setup" form on_edit />
            <Attempts wizard />
            <div class="wizard-actions">
                <button type="button" class="button" data-testid="setup-back" on:click=move |_| wizard.go(Step::Address)>
                    {tr(SetupText::ChangeAddress)}
                </button>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="setup-continue"
                    on:click=move |_| wizard.go(Step::Test)
                >
                    {tr(SetupText::Continue)}
                </button>
            </div>
        </div>
    }
}

/// "imap.example.fr:993 (…)": how a proposal reads in the choice.
fn proposal_label(proposal: &DiscoveredSettings) -> String {
    let smtp = proposal
        .smtp
        .as_ref()
        .map(|s| format!(" · SMTP {}:{}", s.host, s.port))
        .unwrap_or_default();
    format!("IMAP {}:{}{smtp}", proposal.imap.host, proposal.imap.port)
}

/// What the provider demands at sign-in (app password, OAuth2, Bridge) and its page.
#[component]
fn AuthAdvice(proposal: Memo<Option<DiscoveredSettings>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        let proposal = proposal.get()?;
        let paragraphs = auth_explanation(locale.get(), proposal.auth)?;
        let preset = proposal.preset.as_deref().and_then(preset_by_id);
        let link = preset.and_then(|p| p.auth_help_url.or(p.help_url));
        let term = match proposal.auth {
            AuthRequirement::OAuth2 => Term::OAuth2,
            _ => Term::AppPassword,
        };
        Some(view! {
            <div class="notice notice-info auth-advice" data-testid="setup-auth-advice">
                {paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
                <p>
                    <GlossaryLink term />
                    {link.map(|url| view! {
                        " · "
                        <a href=url target="_blank" rel="noopener noreferrer" data-testid="setup-auth-help">
                            {preset.map(|p| p.name)} " — " {tr(SetupText::AuthHelp)}
                        </a>
                    })}
                </p>
            </div>
        })
    }
}

/// Every source discovery asked and what came of it, collapsed by default.
#[component]
fn Attempts(wizard: Wizard) -> impl IntoView {
    let locale = use_locale();
    let rows = move || {
        let locale = locale.get();
        wizard.discovery.with(|d| {
            d.as_ref().map(|d| {
                d.attempts
                    .iter()
                    .map(|attempt| {
                        let found = matches!(attempt.outcome, AttemptOutcome::Found);
                        view! {
                            <li class:found=found data-testid="setup-attempt">
                                <strong>{source_name(locale, attempt.source)}</strong>
                                " — " <code>{attempt.target.clone()}</code>
                                " — " {attempt_outcome(locale, &attempt.outcome)}
                            </li>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <details class="setup-attempts" data-testid="setup-attempts">
            <summary>{tr(SetupText::Attempts)}</summary>
            <p class="hint">
                <GlossaryLink term=Term::Autoconfig /> " · " <GlossaryLink term=Term::MxRecord />
            </p>
            <ul>{rows}</ul>
        </details>
    }
}
