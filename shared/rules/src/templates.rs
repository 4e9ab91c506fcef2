//! Ready-made rules the UI offers: the founding « Notes à moi-même », professional mail by
//! work domain, and mailing lists.

use crate::condition::{Condition, Field, Operator};
use crate::rule::{Action, MatchKind, Rule};
use facteur_model::FolderPath;

/// The canonical name of the founding rule (it is a proper name, shown untranslated).
pub const NOTES_TO_SELF_NAME: &str = "Notes à moi-même";
/// The alert of the founding rule.
pub const NOTES_TO_SELF_ALERT: &str = "Note à moi-même : {subject}";

/// « Notes à moi-même »: mail sent from one of my own addresses (the context's identities)
/// is moved to `personal` and raises an alert with its subject.
pub fn notes_to_self(personal: FolderPath) -> Rule {
    Rule {
        id: "notes-to-self".to_owned(),
        name: NOTES_TO_SELF_NAME.to_owned(),
        enabled: true,
        match_kind: MatchKind::All,
        conditions: vec![Condition::bare(Field::FromMe, Operator::Is)],
        actions: vec![
            Action::MoveTo(personal),
            Action::Alert {
                template: NOTES_TO_SELF_ALERT.to_owned(),
            },
        ],
        stop_after: true,
    }
}

/// Professional mail: the sender or any recipient has an address in one of
/// `work_domains` (given as `acme.test` or `@acme.test`); it is moved to `folder`.
pub fn professional(name: &str, work_domains: &[String], folder: FolderPath) -> Rule {
    let mut conditions = Vec::new();
    for domain in work_domains {
        let domain = domain.trim().trim_start_matches('@').to_lowercase();
        if domain.is_empty() {
            continue;
        }
        let suffix = format!("@{domain}");
        conditions.push(Condition::text(Field::From, Operator::EndsWith, &suffix));
        conditions.push(Condition::text(
            Field::AnyRecipient,
            Operator::EndsWith,
            suffix,
        ));
    }
    Rule {
        id: "professional".to_owned(),
        name: name.to_owned(),
        enabled: true,
        match_kind: MatchKind::Any,
        conditions,
        actions: vec![Action::MoveTo(folder)],
        stop_after: false,
    }
}

/// Mailing lists: any message with a List-Id header is moved to `folder`.
pub fn newsletters(name: &str, folder: FolderPath) -> Rule {
    Rule {
        id: "newsletters".to_owned(),
        name: name.to_owned(),
        enabled: true,
        match_kind: MatchKind::All,
        conditions: vec![Condition::bare(Field::MailingList, Operator::Exists)],
        actions: vec![Action::MoveTo(folder)],
        stop_after: false,
    }
}

#[cfg(test)]
#[path = "templates_tests.rs"]
mod tests;
