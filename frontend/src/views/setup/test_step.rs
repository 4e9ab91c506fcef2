//! Step 3: the password, the connection test with each step's ✓/✗ and the translated
//! diagnosis, then signing in with exactly the settings tested.

use super::{Step, Wizard};
use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::i18n::setup_text::{
    diagnosis_text, protocol_name, security_name, step_name, warning_text,
};
use crate::i18n::{self, SetupText, Text};
use crate::owned_task::TaskOwner;
use crate::state::{SessionState, tr, use_locale, use_session};
use crate::views::help;
use facteur_model::api::ServerEndpoint;
use facteur_providers::Protocol;
use facteur_providers::setup_api::CheckOutcome;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// Step 3 of the wizard.
#[component]
pub(super) fn TestStep(wizard: Wizard) -> impl IntoView {
    let tasks = TaskOwner::current();
    let locale = use_locale();
    let session = use_session();
    let form = wizard.form;
    // The result shown belongs to the form as it is now; any edit calls for a new test.
    let passed = move || {
        wizard.tested.with(|t| {
            t.as_ref()
                .is_some_and(|(report, tested)| report.all_ok() && form.with(|f| f == tested))
        })
    };

    let test = move |ev: SubmitEvent| {
        ev.prevent_default();
        if wizard.pending.get_untracked() {
            return;
        }
        wizard.api_error.set(None);
        let login = match form.with_untracked(|f| f.to_request()) {
            Ok(login) => login,
            Err(error) => {
                wizard.form_error.set(Some(error));
                return;
            }
        };
        wizard.form_error.set(None);
        wizard.tested.set(None);
        wizard.pending.set(true);
        let snapshot = form.get_untracked();
        tasks.spawn(async move {
            let result = api::setup::test_connection(&login).await;
            drop(login);
            wizard.pending.set(false);
            match result {
                Ok(report) => wizard.tested.set(Some((report, snapshot))),
                Err(error) => wizard.api_error.set(Some(error)),
            }
        });
    };

    let sign_in = move |_| {
        if wizard.pending.get_untracked() {
            return;
        }
        let Ok(request) = form.with_untracked(|f| f.to_request()) else {
            return;
        };
        wizard.pending.set(true);
        tasks.spawn(async move {
            let result = api::sign_in(&request).await;
            drop(request);
            wizard.pending.set(false);
            match result {
                Ok(info) => {
                    // The password only lived in the wizard's memory; forget it.
                    form.update(|f| f.password.clear());
                    wizard.tested.set(None);
                    help::close();
                    session.0.set(SessionState::SignedIn(info));
                }
                Err(error) => wizard.api_error.set(Some(error)),
            }
        });
    };

    let results = move || {
        wizard.tested.get().map(|(report, tested)| {
            let endpoint = |fields: &crate::login_form::ServerFields| ServerEndpoint {
                host: fields.host.trim().to_owned(),
                port: fields.port.trim().parse().unwrap_or_default(),
                security: fields.security,
            };
            let all_ok = report.all_ok();
            view! {
                <div class="check-results" data-testid="setup-results">
                    <CheckView protocol=Protocol::Imap endpoint=endpoint(&tested.imap) outcome=report.imap />
                    <CheckView protocol=Protocol::Smtp endpoint=endpoint(&tested.smtp) outcome=report.smtp />
                    {if all_ok {
                        view! {
                            <p class="notice notice-success" role="status" data-testid="setup-test-passed">
                                {tr(SetupText::TestPassed)}
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <p class="notice notice-error" role="alert" data-testid="setup-test-failed">
                                {tr(SetupText::TestFailed)}
                            </p>
                        }
                            .into_any()
                    }}
                </div>
            }
        })
    };

    view! {
        <form class="wizard-step" data-testid="setup-test-step" novalidate=true on:submit=test>
            <p class="setup-summary" data-testid="setup-summary">
                {move || {
                    let locale = locale.get();
                    let colon = locale.pick(" : ", ": ");
                    form.with(|f| {
                        format!(
                            "{} · IMAP {}:{} ({}) · SMTP {}:{} ({}) · {}{colon}{}",
                            f.email,
                            f.imap.host,
                            f.imap.port,
                            security_name(locale, f.imap.security),
                            f.smtp.host,
                            f.smtp.port,
                            security_name(locale, f.smtp.security),
                            Text::Username.get(locale),
                            f.username,
                        )
                    })
                }}
            </p>
            <div class="field">
                <label for="setup-password">{tr(Text::Password)}</label>
                <input
                    id="setup-password"
                    type="password"
                    autocomplete="current-password"
                    data-testid="setup-password"
                    prop:value=move || form.with(|f| f.password.clone())
                    on:input=move |ev| form.update(|f| f.password = event_target_value(&ev))
                />
            </div>
            {move || {
                wizard
                    .form_error
                    .get()
                    .map(|error| {
                        view! {
                            <div class="notice notice-error" role="alert" data-testid="form-error">
                                {move || i18n::form_error(locale.get(), error)}
                            </div>
                        }
                    })
            }}
            <ErrorNotice error=wizard.api_error />
            {results}
            <div class="wizard-actions">
                <button type="button" class="button" data-testid="setup-back" on:click=move |_| wizard.go(Step::Settings)>
                    {tr(SetupText::Back)}
                </button>
                <button
                    type="submit"
                    class="button"
                    class:button-primary=move || !passed()
                    data-testid="setup-test"
                    prop:disabled=move || wizard.pending.get()
                >
                    {move || {
                        locale.text(if wizard.pending.get() { SetupText::Testing } else { SetupText::TestConnection })
                    }}
                </button>
                <Show when=passed>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="setup-sign-in"
                        prop:disabled=move || wizard.pending.get()
                        on:click=sign_in
                    >
                        {tr(Text::SignIn)}
                    </button>
                </Show>
            </div>
        </form>
    }
}

/// One server's steps with ✓/✗, the diagnosis when it failed, and its warnings.
#[component]
pub fn CheckView(
    protocol: Protocol,
    endpoint: ServerEndpoint,
    outcome: CheckOutcome,
) -> impl IntoView {
    let locale = use_locale();
    let ok = outcome.is_ok();
    let steps = outcome
        .steps
        .iter()
        .map(|step| {
            let (mark, label) = if step.ok {
                ("✓", SetupText::StepPassed)
            } else {
                ("✗", SetupText::StepFailed)
            };
            let kind = step.step;
            view! {
                <li class:ok=step.ok class:failed=!step.ok data-testid="check-step" data-ok=step.ok.to_string()>
                    <span class="check-mark" aria-hidden="true">{mark}</span>
                    " " {move || step_name(locale.get(), kind)}
                    <span class="visually-hidden">" — " {tr(label)}</span>
                </li>
            }
        })
        .collect_view();
    let diagnosis = outcome.diagnosis.clone().map(|diagnosis| {
        let endpoint = endpoint.clone();
        view! {
            <p class="diagnosis" data-testid="diagnosis">
                {move || diagnosis_text(locale.get(), protocol, &endpoint, &diagnosis)}
            </p>
        }
    });
    let warnings = (!outcome.warnings.is_empty()).then(|| {
        let warnings = outcome.warnings.clone();
        view! {
            <div class="check-warnings" data-testid="check-warnings">
                <strong>{tr(SetupText::GoodToKnow)}</strong>
                <ul>
                    {move || {
                        let locale = locale.get();
                        warnings
                            .iter()
                            .map(|w| view! { <li>{warning_text(locale, protocol, w)}</li> })
                            .collect_view()
                    }}
                </ul>
            </div>
        }
    });
    let title = format!(
        "{} — {}:{}",
        protocol_name(protocol),
        endpoint.host,
        endpoint.port
    );
    view! {
        <section
            class="check"
            class:check-ok=ok
            data-testid=format!("check-{}", protocol_name(protocol).to_ascii_lowercase())
            data-ok=ok.to_string()
        >
            <h2>{if ok { "✓ " } else { "✗ " }} {title}</h2>
            <ol class="check-steps">{steps}</ol>
            {diagnosis}
            {warnings}
        </section>
    }
}
