//! The live example beside an alert template in the rule editor: the template filled in
//! for a sample message, so `{subject}` reads as a subject, not as a placeholder.

use crate::i18n::{Locale, RulesText};
use facteur_model::message::{Address, MessageSummary};
use facteur_model::{FolderPath, Timestamp, Uid};
use facteur_rules::MessageFacts;
use facteur_rules::alert::render_alert;

/// `template` rendered for a sample message in `locale`, filed into « Personnel ».
pub fn alert_example(locale: Locale, template: &str) -> String {
    let sample = MessageSummary {
        uid: Uid(1),
        from: Some(Address {
            name: Some("Camille Martin".to_owned()),
            email: "camille.martin@exemple.fr".to_owned(),
        }),
        to: Vec::new(),
        cc: Vec::new(),
        subject: RulesText::SampleSubject.get(locale).to_owned(),
        date: None,
        received: Timestamp(0),
        flags: Vec::new(),
        size: 0,
        has_attachments: false,
        preview: String::new(),
        list_id: None,
        keywords: Vec::new(),
    };
    let facts = MessageFacts::from_summary(&sample, FolderPath::inbox());
    let folder = FolderPath("Personnel".to_owned());
    render_alert(
        template,
        &facts,
        &folder,
        RulesText::SampleRuleName.get(locale),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_read_as_a_real_message() {
        assert_eq!(
            alert_example(Locale::Fr, "Note à moi-même : {subject}"),
            "Note à moi-même : Réunion de lundi"
        );
        assert_eq!(
            alert_example(Locale::En, "{from} ({from_address}) → {folder}, {rule}"),
            "Camille Martin (camille.martin@exemple.fr) → Personnel, My rule"
        );
        // A typo stays visible, as it would in the real alert.
        assert_eq!(alert_example(Locale::Fr, "{sujet}"), "{sujet}");
    }
}
