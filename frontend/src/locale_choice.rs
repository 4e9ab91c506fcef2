//! Choosing the interface language at start-up and remembering the user's switch.
//!
//! Order: `?lang=` in the address (tests, shared links), then the user's last explicit
//! choice, then the browser's language preferences.

use crate::i18n::Locale;

const STORAGE_KEY: &str = "facteur.locale";

/// The language to start in.
pub fn initial_locale() -> Locale {
    query_locale()
        .or_else(stored_locale)
        .unwrap_or_else(|| Locale::from_preferences(&browser_languages()))
}

/// Remembers an explicit choice (only the language tag, nothing personal).
pub fn remember(locale: Locale) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(STORAGE_KEY, locale.code());
    }
}

/// Sets `<html lang>` so screen readers and hyphenation follow the interface.
pub fn apply_to_document(locale: Locale) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", locale.code());
    }
}

fn query_locale() -> Option<Locale> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    Locale::from_tag(&params.get("lang")?)
}

fn stored_locale() -> Option<Locale> {
    let storage = web_sys::window()?.local_storage().ok()??;
    Locale::from_tag(&storage.get_item(STORAGE_KEY).ok()??)
}

fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut tags: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if tags.is_empty() {
        tags.extend(navigator.language());
    }
    tags
}
