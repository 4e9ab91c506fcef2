//! The sign-in screen: address and password up front, servers suggested from the
//! address and editable under "server settings".

use crate::api::{self, ApiError};
use crate::components::error_notice::ErrorNotice;
use crate::components::locale_switch::LocaleSwitch;
use crate::components::server_fields::{ServerFieldset, Which};
use crate::i18n::{self, Text};
use crate::login_form::{self, FormError, LoginForm};
use crate::owned_task::TaskOwner;
use crate::state::{SessionState, tr, use_locale, use_session};
use crate::views::help::{HelpLinks, HelpPages, SetupLink};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// The sign-in screen.
#[component]
pub fn Login(
    /// Why the user is here again (their session ended), if so.
    notice: Option<Text>,
) -> impl IntoView {
    let tasks = TaskOwner::current();
    let locale = use_locale();
    let session = use_session();

    let mut initial = LoginForm::default();
    let servers_from_query = login_form::apply_query(&mut initial, &query_pairs());
    let form = RwSignal::new(initial);
    // Once the user (or the address bar) chose servers, typing the address stops
    // overwriting them.
    let servers_chosen = RwSignal::new(servers_from_query);
    let form_error = RwSignal::new(None::<FormError>);
    let api_error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);

    let servers_edited = Callback::new(move |()| servers_chosen.set(true));

    let on_email = move |value: String| {
        form.update(|f| {
            if !servers_chosen.get_untracked()
                && let Some((imap, smtp)) = login_form::suggested_servers(&value)
            {
                f.imap = imap;
                f.smtp = smtp;
            }
            f.email = value;
        });
    };

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        api_error.set(None);
        let request = match form.with_untracked(LoginForm::to_request) {
            Ok(request) => request,
            Err(error) => {
                form_error.set(Some(error));
                return;
            }
        };
        form_error.set(None);
        pending.set(true);
        tasks.spawn(async move {
            let result = api::sign_in(&request).await;
            drop(request);
            match result {
                Ok(info) => {
                    // The password only lived in this form's memory; forget it.
                    form.update(|f| f.password.clear());
                    session.0.set(SessionState::SignedIn(info));
                }
                Err(error) => {
                    pending.set(false);
                    api_error.set(Some(error));
                }
            }
        });
    };

    view! {
        <main class="login-screen">
            <div class="login-card">
                <header class="login-header">
                    <h1 class="app-name">{tr(Text::AppName)}</h1>
                    <LocaleSwitch />
                </header>
                <h2>{tr(Text::SignInTitle)}</h2>
                <p class="hint">{tr(Text::SignInIntro)}</p>
                {notice
                    .map(|notice| {
                        view! {
                            <div class="notice notice-info" role="status" data-testid="session-notice">
                                {move || locale.text(notice)}
                            </div>
                        }
                    })}
                <form class="login-form" data-testid="login-form" novalidate=true on:submit=submit>
                    <div class="field">
                        <label for="login-email">{tr(Text::Email)}</label>
                        <input
                            id="login-email"
                            type="email"
                            name="email"
                            autocomplete="username"
                            inputmode="email"
                            autocapitalize="none"
                            spellcheck="false"
                            data-testid="login-email"
                            prop:value=move || form.with(|f| f.email.clone())
                            on:input=move |ev| on_email(event_target_value(&ev))
                        />
                    </div>
                    <div class="field">
                        <label for="login-password">{tr(Text::Password)}</label>
                        <input
                            id="login-password"
                            type="password"
                            name="password"
                            autocomplete="current-password"
                            data-testid="login-password"
                            prop:value=move || form.with(|f| f.password.clone())
                            on:input=move |ev| form.update(|f| f.password = event_target_value(&ev))
                        />
                    </div>
                    <details class="server-settings" open=servers_from_query data-testid="login-advanced">
                        <summary>{tr(Text::ServerSettings)}</summary>
                        <p class="hint">{tr(Text::ServerSettingsHint)}</p>
                        <div class="field">
                            <label for="login-username">{tr(Text::Username)}</label>
                            <input
                                id="login-username"
                                type="text"
                                autocapitalize="none"
                                spellcheck="false"
                                data-testid="login-username"
                                aria-describedby="login-username-hint"
                                prop:value=move || form.with(|f| f.username.clone())
                                on:input=move |ev| form.update(|f| f.username = event_target_value(&ev))
                            />
                            <p class="hint" id="login-username-hint">{tr(Text::UsernameHint)}</p>
                        </div>
                        <ServerFieldset which=Which::Imap id_prefix="login" form on_edit=servers_edited />
                        <ServerFieldset which=Which::Smtp id_prefix="login" form on_edit=servers_edited />
                    </details>
                    {move || {
                        form_error
                            .get()
                            .map(|error| {
                                view! {
                                    <div class="notice notice-error" role="alert" data-testid="form-error">
                                        {move || i18n::form_error(locale.get(), error)}
                                    </div>
                                }
                            })
                    }}
                    <ErrorNotice error=api_error />
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="login-submit"
                        prop:disabled=move || pending.get()
                    >
                        {move || locale.text(if pending.get() { Text::SigningIn } else { Text::SignIn })}
                    </button>
                </form>
                <div class="login-help">
                    <SetupLink />
                    <HelpLinks signed_in=false />
                </div>
            </div>
            <HelpPages />
        </main>
    }
}

/// The page's query parameters, in order.
fn query_pairs() -> Vec<(String, String)> {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else {
        return Vec::new();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    let mut pairs = Vec::new();
    for entry in params.entries() {
        let Ok(entry) = entry else { continue };
        let entry = js_sys::Array::from(&entry);
        if let (Some(key), Some(value)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
            pairs.push((key, value));
        }
    }
    pairs
}
