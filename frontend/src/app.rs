//! The app root: provides the contexts, asks whether a session exists, and shows the
//! sign-in screen or the mailbox.

use crate::api;
use crate::components::shortcuts_dialog::ShortcutsDialog;
use crate::i18n::Text;
use crate::locale_choice;
use crate::state::{SessionState, provide_app_contexts, tr};
use crate::views::login::Login;
use crate::views::mailbox::MailboxView;
use facteur_model::api::{SessionStatus, SignedOutReason};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (session, locale) =
        provide_app_contexts(locale_choice::initial_locale(), SessionState::Checking);
    Effect::new(move |_| locale_choice::apply_to_document(locale.get()));

    spawn_local(async move {
        let state = match api::current_session().await {
            Ok(SessionStatus::SignedIn(info)) => SessionState::SignedIn(info),
            Ok(SessionStatus::SignedOut { reason }) => SessionState::SignedOut {
                notice: (reason == SignedOutReason::Expired).then_some(Text::SessionEnded),
            },
            // Any failure here means "sign in": the form reports real problems itself.
            Err(_) => SessionState::SignedOut { notice: None },
        };
        session.0.set(state);
    });

    let screen = move || match session.0.get() {
        SessionState::Checking => view! {
            <p class="splash" role="status">{tr(Text::Loading)}</p>
        }
        .into_any(),
        SessionState::SignedOut { notice } => view! { <Login notice /> }.into_any(),
        SessionState::SignedIn(info) => view! { <MailboxView info /> }.into_any(),
    };
    view! {
        {screen}
        <ShortcutsDialog />
    }
}
