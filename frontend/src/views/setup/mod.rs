//! The account setup wizard: the address → the settings discovery found, shown and
//! editable → the password and a connection test with a precise diagnosis → sign in.

mod settings_step;
mod test_step;

use crate::api::{self, ApiError};
use crate::components::error_notice::ErrorNotice;
use crate::i18n::{self, SetupText, Text};
use crate::login_form::{FormError, LoginForm};
use crate::owned_task::TaskOwner;
use crate::setup_form;
use crate::state::{tr, use_locale};
use facteur_model::EmailAddress;
use facteur_providers::setup_api::{ConnectionTestReport, DiscoveryReport};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use settings_step::SettingsStep;
use test_step::TestStep;

pub use test_step::CheckView;

/// Where the wizard stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Address,
    Settings,
    Test,
}

/// The wizard's state, shared by its steps.
#[derive(Debug, Clone, Copy)]
struct Wizard {
    step: RwSignal<Step>,
    /// What discovery answered for the address, once it has.
    discovery: RwSignal<Option<DiscoveryReport>>,
    /// The proposal the form was filled from (index into `discovery.proposals`).
    chosen: RwSignal<usize>,
    /// The settings as the user sees and edits them (the sign-in form's type).
    form: RwSignal<LoginForm>,
    /// The last connection test and the form it tested.
    tested: RwSignal<Option<(ConnectionTestReport, LoginForm)>>,
    form_error: RwSignal<Option<FormError>>,
    api_error: RwSignal<Option<ApiError>>,
    pending: RwSignal<bool>,
}

impl Wizard {
    fn new() -> Self {
        Wizard {
            step: RwSignal::new(Step::Address),
            discovery: RwSignal::new(None),
            chosen: RwSignal::new(0),
            form: RwSignal::new(LoginForm::default()),
            tested: RwSignal::new(None),
            form_error: RwSignal::new(None),
            api_error: RwSignal::new(None),
            pending: RwSignal::new(false),
        }
    }

    /// Moves to `step`, clearing the messages of the previous one.
    fn go(self, step: Step) {
        self.form_error.set(None);
        self.api_error.set(None);
        self.step.set(step);
    }

    /// Fills the form from proposal `index` (the password is kept).
    fn choose(self, index: usize) {
        let Some(report) = self.discovery.get_untracked() else {
            return;
        };
        let password = self.form.with_untracked(|f| f.password.clone());
        let email = report.email.to_string();
        let mut form = match report.proposals.get(index) {
            Some(proposal) => setup_form::form_from_proposal(&email, proposal),
            None => setup_form::blank_form(&email),
        };
        form.password = password;
        self.chosen.set(index);
        self.form.set(form);
        self.tested.set(None);
    }
}

/// The setup wizard (signed out).
#[component]
pub fn SetupWizard() -> impl IntoView {
    let wizard = Wizard::new();
    let step = wizard.step;
    let heading = move |text: SetupText, me: Step| {
        view! {
            <li class:current=move || step.get() == me aria-current=move || (step.get() == me).then_some("step")>
                {tr(text)}
            </li>
        }
    };
    view! {
        <article class="help-page setup-wizard" data-testid="setup-wizard">
            <h1>{tr(SetupText::WizardTitle)}</h1>
            <p class="hint">{tr(SetupText::WizardIntro)}</p>
            <ol class="wizard-steps">
                {heading(SetupText::StepAddress, Step::Address)}
                {heading(SetupText::StepSettings, Step::Settings)}
                {heading(SetupText::StepTest, Step::Test)}
            </ol>
            {move || match step.get() {
                Step::Address => view! { <AddressStep wizard /> }.into_any(),
                Step::Settings => view! { <SettingsStep wizard /> }.into_any(),
                Step::Test => view! { <TestStep wizard /> }.into_any(),
            }}
        </article>
    }
}

/// Step 1: the address, then discovery.
#[component]
fn AddressStep(wizard: Wizard) -> impl IntoView {
    let tasks = TaskOwner::current();
    let locale = use_locale();
    let email = RwSignal::new(wizard.form.with_untracked(|f| f.email.clone()));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if wizard.pending.get_untracked() {
            return;
        }
        let typed = email.get_untracked().trim().to_owned();
        let address = match EmailAddress::parse(&typed) {
            Ok(address) => address,
            Err(error) => {
                wizard.form_error.set(Some(FormError::Email(error)));
                return;
            }
        };
        wizard.form_error.set(None);
        wizard.api_error.set(None);
        wizard.pending.set(true);
        tasks.spawn(async move {
            let result = api::setup::discover(address.as_str()).await;
            wizard.pending.set(false);
            match result {
                Ok(report) => {
                    wizard.discovery.set(Some(report));
                    wizard.choose(0);
                    wizard.go(Step::Settings);
                }
                Err(error) => wizard.api_error.set(Some(error)),
            }
        });
    };
    view! {
        <form class="wizard-step" data-testid="setup-address-step" novalidate=true on:submit=submit>
            <div class="field">
                <label for="setup-email">{tr(Text::Email)}</label>
                <input
                    id="setup-email"
                    type="email"
                    autocomplete="username"
                    inputmode="email"
                    autocapitalize="none"
                    spellcheck="false"
                    data-testid="setup-email"
                    prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev))
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
            <div class="wizard-actions">
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="setup-find"
                    prop:disabled=move || wizard.pending.get()
                >
                    {move || {
                        locale.text(if wizard.pending.get() { SetupText::Searching } else { SetupText::FindSettings })
                    }}
                </button>
            </div>
        </form>
    }
}
