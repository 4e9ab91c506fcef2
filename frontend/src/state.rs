//! The app's few shared contexts: the session and the interface language.

use crate::i18n::{Locale, Text, Translate};
use facteur_model::api::SessionInfo;
use leptos::prelude::*;

/// Where the user stands with the bridge.
#[derive(Debug, Clone, PartialEq)]
pub enum SessionState {
    /// Asking the bridge whether the session cookie is still good.
    Checking,
    /// Not signed in; `notice` explains why when the session just ended.
    SignedOut {
        notice: Option<Text>,
    },
    SignedIn(SessionInfo),
}

/// The session context.
#[derive(Debug, Clone, Copy)]
pub struct Session(pub RwSignal<SessionState>);

impl Session {
    /// Goes back to the sign-in screen, telling the user their session ended.
    pub fn expire(self) {
        self.0.set(SessionState::SignedOut {
            notice: Some(Text::SessionEnded),
        });
    }
}

/// The interface language context.
#[derive(Debug, Clone, Copy)]
pub struct CurrentLocale(pub RwSignal<Locale>);

impl CurrentLocale {
    /// The current locale, tracked.
    pub fn get(self) -> Locale {
        self.0.get()
    }

    /// Translates a fixed string in the current locale, tracked.
    pub fn text(self, text: impl Translate) -> &'static str {
        text.get(self.0.get())
    }
}

/// A fixed string that follows the interface language, for a view or an attribute.
///
/// Every call with the same kind of string returns the same closure type, so Leptos
/// builds its rendering code once per kind rather than once per string: this keeps the
/// bundle small (prefer it to `move || locale.text(Text::X)`).
pub fn tr<T: Translate + Send + Sync + 'static>(
    text: T,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || locale.text(text)
}

/// The session context provided by the app root.
pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The locale context provided by the app root.
pub fn use_locale() -> CurrentLocale {
    expect_context::<CurrentLocale>()
}

/// Provides both contexts with a given language (the app root and tests call this).
pub fn provide_app_contexts(locale: Locale, session: SessionState) -> (Session, CurrentLocale) {
    let session = Session(RwSignal::new(session));
    let locale = CurrentLocale(RwSignal::new(locale));
    provide_context(session);
    provide_context(locale);
    (session, locale)
}
