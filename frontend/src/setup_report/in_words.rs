//! Rules and account details in plain words, as the report tells them.

use crate::i18n::{self, Locale, SetupText};
use facteur_providers::UsernameForm;
use facteur_rules::{Condition, Field, MatchKind, Operator, Rule, Value};
use std::fmt::Write as _;

/// The form of `username` relative to `email`.
pub fn username_form(email: &str, username: &str) -> UsernameForm {
    let local = email.rsplit_once('@').map_or(email, |(local, _)| local);
    if username.eq_ignore_ascii_case(email) {
        UsernameForm::FullAddress
    } else if username == local {
        UsernameForm::LocalPart
    } else {
        UsernameForm::Custom
    }
}

/// A rule in one sentence: "Factures : si Objet contient « facture », alors Déplacer vers
/// Factures".
pub fn rule_in_words(locale: Locale, rule: &Rule) -> String {
    let joiner = match (rule.match_kind, locale) {
        (MatchKind::Any, Locale::Fr) => " ou ",
        (MatchKind::Any, Locale::En) => " or ",
        (_, Locale::Fr) => " et ",
        (_, Locale::En) => " and ",
    };
    let when = if rule.match_kind == MatchKind::AllMessages || rule.conditions.is_empty() {
        locale
            .pick("pour tous les messages", "for every message")
            .to_owned()
    } else {
        let conditions: Vec<String> = rule
            .conditions
            .iter()
            .map(|c| condition_in_words(locale, c))
            .collect();
        format!("{}{}", locale.pick("si ", "if "), conditions.join(joiner))
    };
    let actions: Vec<String> = rule
        .actions
        .iter()
        .map(|action| i18n::action_summary(locale, action))
        .collect();
    let mut sentence = match locale {
        Locale::Fr => format!("{} : {when}, alors {}", rule.name, actions.join(", ")),
        Locale::En => format!("{}: {when}, then {}", rule.name, actions.join(", ")),
    };
    if rule.stop_after {
        sentence.push_str(locale.pick(" (puis aucune autre règle)", " (then no further rule)"));
    }
    if !rule.enabled {
        let _ = write!(sentence, " [{}]", SetupText::ReportRuleDisabled.get(locale));
    }
    sentence
}

/// A condition in words: "Objet contient « facture »".
pub fn condition_in_words(locale: Locale, condition: &Condition) -> String {
    let field = match &condition.field {
        Field::Header(name) => format!("{} {name}", locale.pick("En-tête", "Header")),
        other => i18n::field_name(locale, other).to_owned(),
    };
    let operator = i18n::operator_name(locale, condition.operator);
    match &condition.value {
        Value::None => match condition.operator {
            Operator::Is => field,
            Operator::IsNot => format!("{} « {field} »", locale.pick("pas", "not")),
            _ => format!("{field} {operator}"),
        },
        Value::Text(text) => format!("{field} {operator} « {text} »"),
        Value::Number(days) => format!("{field} {operator} {days}"),
        Value::Size { amount, unit } => format!(
            "{field} {operator} {amount} {}",
            i18n::size_unit_name(locale, *unit)
        ),
        Value::Date(date) => format!("{field} {operator} {}", i18n::full_date(locale, *date)),
        Value::Status(status) => {
            format!("{field} {operator} {}", i18n::status_name(locale, *status))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_forms_are_recognised() {
        assert_eq!(
            username_form("a.b@x.fr", "A.B@x.fr"),
            UsernameForm::FullAddress
        );
        assert_eq!(username_form("a.b@x.fr", "a.b"), UsernameForm::LocalPart);
        assert_eq!(username_form("a.b@x.fr", "u123"), UsernameForm::Custom);
    }

    #[test]
    fn conditions_without_values_read_naturally() {
        let has = Condition {
            field: Field::HasAttachment,
            operator: Operator::IsNot,
            value: Value::None,
        };
        assert_eq!(
            condition_in_words(Locale::En, &has),
            "not « Has an attachment »"
        );
        let list = Condition {
            field: Field::MailingList,
            operator: Operator::Exists,
            value: Value::None,
        };
        assert_eq!(
            condition_in_words(Locale::Fr, &list),
            "Liste de diffusion (List-Id) existe"
        );
    }
}
