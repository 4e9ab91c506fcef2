//! Everything the user reads, in French and English.
//!
//! Each kind of text has its own module with an exhaustive `match`, so a new error code,
//! role or UI string does not compile until it has both translations.

mod compose_text;
mod dates;
mod delivery_text;
pub mod dossier_text;
mod errors;
pub mod glossary_text;
mod mail_text;
mod preferences_text;
mod reader_text;
mod rule_terms;
mod rules_text;
pub mod setup_text;
mod shortcuts_text;
mod sizes;
mod table;
mod text;
pub mod transit_text;

pub use compose_text::{
    ComposeText, file_too_large, invalid_recipient, message_over_limit, reply_attribution,
    saved_at, sent_notice, upload_progress,
};
pub use dates::{day_label, full_date, full_date_time, month_name, time_of_day, weekday_name};
pub use delivery_text::{
    DeliveryText, code_meaning, known_status, report_problem, report_title, state_details,
    state_label, status_class, status_sentence,
};
pub use dossier_text::DossierText;
pub use errors::{api_error, error_code, form_error};
pub use mail_text::{
    MailText, alert_count, folder_not_empty, moved_count, selected_count, transfer_done,
};
pub use preferences_text::PreferencesText;
pub use reader_text::{ReaderText, receipt_asked};
pub use rule_terms::{
    action_kind_name, action_summary, field_name, match_kind_name, operator_name, rule_error,
    size_unit_name, status_name,
};
pub use rules_text::{
    RulesText, import_issue, imported_count, preview_matches, preview_needs_body, run_progress,
    tally_lines,
};
pub use setup_text::SetupText;
pub use shortcuts_text::ShortcutsText;
pub use sizes::file_size;
pub use text::{Text, folder_role};

/// A fixed string with a French and an English version.
pub trait Translate: Copy {
    fn get(self, locale: Locale) -> &'static str;
}

impl Translate for Text {
    fn get(self, locale: Locale) -> &'static str {
        Text::get(self, locale)
    }
}

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    Fr,
    En,
}

impl Locale {
    /// Both locales, for the switch and for tests.
    pub const ALL: [Locale; 2] = [Locale::Fr, Locale::En];

    /// The BCP 47 tag, for `<html lang>` and storage.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
        }
    }

    /// The locale a BCP 47 tag asks for, if we speak it (`fr-CA` → French).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The first language we speak in the user's ordered preferences; English otherwise.
    pub fn from_preferences<S: AsRef<str>>(tags: &[S]) -> Locale {
        tags.iter()
            .find_map(|tag| Locale::from_tag(tag.as_ref()))
            .unwrap_or(Locale::En)
    }

    /// The language's own name, as the switch offers it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Fr => "Français",
            Locale::En => "English",
        }
    }

    /// The other locale, for a two-way switch.
    pub fn other(self) -> Locale {
        match self {
            Locale::Fr => Locale::En,
            Locale::En => Locale::Fr,
        }
    }

    /// Picks the French or English variant.
    pub fn pick<T>(self, fr: T, en: T) -> T {
        match self {
            Locale::Fr => fr,
            Locale::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_pick_the_first_language_we_speak() {
        assert_eq!(Locale::from_preferences(&["fr-FR", "en-US"]), Locale::Fr);
        assert_eq!(Locale::from_preferences(&["de-DE", "fr", "en"]), Locale::Fr);
        assert_eq!(Locale::from_preferences(&["en-GB", "fr"]), Locale::En);
        assert_eq!(Locale::from_preferences(&["FR_ca"]), Locale::Fr);
        assert_eq!(Locale::from_preferences(&["de", "it"]), Locale::En);
        assert_eq!(Locale::from_preferences::<&str>(&[]), Locale::En);
    }
}
