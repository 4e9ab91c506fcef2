//! Refusing invalid rules with a reason the UI can translate.

use crate::alert::unknown_placeholders;
use crate::compile::{RegexProblem, build_regex};
use crate::condition::{Condition, Field, FieldKind, Operator, Value};
use crate::rule::{Action, MatchKind, Rule, RuleSet};
use facteur_model::FolderPath;
use facteur_model::api::{MAX_KEYWORD_LEN, RESERVED_KEYWORD};
use facteur_model::calendar::LocalDate;
use serde::{Deserialize, Serialize};

/// Why a rule set is refused. Rules, conditions and actions are designated by their index;
/// the UI translates [`RuleError::code`] and shows the data beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RuleError {
    /// The stored format is newer than this engine.
    UnsupportedVersion {
        version: u32,
    },
    EmptyName {
        rule: usize,
    },
    EmptyId {
        rule: usize,
    },
    /// Two rules share an id; `rule` is the second one.
    DuplicateId {
        rule: usize,
        id: String,
    },
    /// Match all/any without any condition (use "all messages" for that).
    NoConditions {
        rule: usize,
    },
    /// "All messages" with conditions, which would be ignored.
    ConditionsWithAllMessages {
        rule: usize,
    },
    NoActions {
        rule: usize,
    },
    OperatorNotAllowed {
        rule: usize,
        condition: usize,
        field: Field,
        operator: Operator,
    },
    /// The value's kind does not fit the field and operator (e.g. a size on the subject).
    WrongValue {
        rule: usize,
        condition: usize,
    },
    EmptyValue {
        rule: usize,
        condition: usize,
    },
    BadHeaderName {
        rule: usize,
        condition: usize,
    },
    InvalidDate {
        rule: usize,
        condition: usize,
    },
    BadRegex {
        rule: usize,
        condition: usize,
        message: String,
    },
    /// The regular expression is longer or compiles larger than the engine allows.
    RegexTooLarge {
        rule: usize,
        condition: usize,
    },
    UnknownFolder {
        rule: usize,
        action: usize,
        folder: FolderPath,
    },
    /// Two actions of one rule contradict each other (move here and there, read and unread).
    ConflictingActions {
        rule: usize,
        first: usize,
        second: usize,
    },
    /// A keyword is empty or not a valid IMAP keyword (spaces, `\`, brackets…).
    BadKeyword {
        rule: usize,
        index: usize,
    },
    EmptyAlert {
        rule: usize,
        action: usize,
    },
    UnknownPlaceholder {
        rule: usize,
        action: usize,
        name: String,
    },
}

impl RuleError {
    /// A stable identifier for translations; the same string as the JSON `code`.
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::UnsupportedVersion { .. } => "unsupported_version",
            RuleError::EmptyName { .. } => "empty_name",
            RuleError::EmptyId { .. } => "empty_id",
            RuleError::DuplicateId { .. } => "duplicate_id",
            RuleError::NoConditions { .. } => "no_conditions",
            RuleError::ConditionsWithAllMessages { .. } => "conditions_with_all_messages",
            RuleError::NoActions { .. } => "no_actions",
            RuleError::OperatorNotAllowed { .. } => "operator_not_allowed",
            RuleError::WrongValue { .. } => "wrong_value",
            RuleError::EmptyValue { .. } => "empty_value",
            RuleError::BadHeaderName { .. } => "bad_header_name",
            RuleError::InvalidDate { .. } => "invalid_date",
            RuleError::BadRegex { .. } => "bad_regex",
            RuleError::RegexTooLarge { .. } => "regex_too_large",
            RuleError::UnknownFolder { .. } => "unknown_folder",
            RuleError::ConflictingActions { .. } => "conflicting_actions",
            RuleError::BadKeyword { .. } => "bad_keyword",
            RuleError::EmptyAlert { .. } => "empty_alert",
            RuleError::UnknownPlaceholder { .. } => "unknown_placeholder",
        }
    }

    /// The index of the rule at fault, if the error concerns one rule.
    pub fn rule(&self) -> Option<usize> {
        match self {
            RuleError::UnsupportedVersion { .. } => None,
            RuleError::EmptyName { rule }
            | RuleError::EmptyId { rule }
            | RuleError::DuplicateId { rule, .. }
            | RuleError::NoConditions { rule }
            | RuleError::ConditionsWithAllMessages { rule }
            | RuleError::NoActions { rule }
            | RuleError::OperatorNotAllowed { rule, .. }
            | RuleError::WrongValue { rule, .. }
            | RuleError::EmptyValue { rule, .. }
            | RuleError::BadHeaderName { rule, .. }
            | RuleError::InvalidDate { rule, .. }
            | RuleError::BadRegex { rule, .. }
            | RuleError::RegexTooLarge { rule, .. }
            | RuleError::UnknownFolder { rule, .. }
            | RuleError::ConflictingActions { rule, .. }
            | RuleError::BadKeyword { rule, .. }
            | RuleError::EmptyAlert { rule, .. }
            | RuleError::UnknownPlaceholder { rule, .. } => Some(*rule),
        }
    }
}

/// Checks a whole rule set, folders included: every problem found, or `Ok`.
pub fn validate(set: &RuleSet, known_folders: &[FolderPath]) -> Result<(), Vec<RuleError>> {
    let errors = check_set(set, Some(known_folders));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Every problem of `set`; folders are checked only when `known_folders` is given.
pub(crate) fn check_set(set: &RuleSet, known_folders: Option<&[FolderPath]>) -> Vec<RuleError> {
    let mut errors = Vec::new();
    if set.version > RuleSet::CURRENT_VERSION {
        errors.push(RuleError::UnsupportedVersion {
            version: set.version,
        });
    }
    for (index, rule) in set.rules.iter().enumerate() {
        if set.rules[..index].iter().any(|other| other.id == rule.id) && !rule.id.is_empty() {
            errors.push(RuleError::DuplicateId {
                rule: index,
                id: rule.id.clone(),
            });
        }
        check_rule(index, rule, known_folders, &mut errors);
    }
    errors
}

fn check_rule(
    index: usize,
    rule: &Rule,
    known_folders: Option<&[FolderPath]>,
    errors: &mut Vec<RuleError>,
) {
    if rule.name.trim().is_empty() {
        errors.push(RuleError::EmptyName { rule: index });
    }
    if rule.id.trim().is_empty() {
        errors.push(RuleError::EmptyId { rule: index });
    }
    match (rule.match_kind, rule.conditions.is_empty()) {
        (MatchKind::All | MatchKind::Any, true) => {
            errors.push(RuleError::NoConditions { rule: index })
        }
        (MatchKind::AllMessages, false) => {
            errors.push(RuleError::ConditionsWithAllMessages { rule: index })
        }
        _ => {}
    }
    for (position, condition) in rule.conditions.iter().enumerate() {
        if let Err(problem) = check_condition(condition) {
            errors.push(problem.at(index, position, condition));
        }
    }
    if rule.actions.is_empty() {
        errors.push(RuleError::NoActions { rule: index });
    }
    check_actions(index, &rule.actions, known_folders, errors);
}

/// A condition problem before it is placed in its rule.
enum ConditionProblem {
    OperatorNotAllowed,
    WrongValue,
    EmptyValue,
    BadHeaderName,
    InvalidDate,
    Regex(RegexProblem),
}

impl ConditionProblem {
    /// The error for this problem in condition `position` of rule `rule`.
    fn at(self, rule: usize, position: usize, condition: &Condition) -> RuleError {
        let c = position;
        match self {
            ConditionProblem::OperatorNotAllowed => RuleError::OperatorNotAllowed {
                rule,
                condition: c,
                field: condition.field.clone(),
                operator: condition.operator,
            },
            ConditionProblem::WrongValue => RuleError::WrongValue { rule, condition: c },
            ConditionProblem::EmptyValue => RuleError::EmptyValue { rule, condition: c },
            ConditionProblem::BadHeaderName => RuleError::BadHeaderName { rule, condition: c },
            ConditionProblem::InvalidDate => RuleError::InvalidDate { rule, condition: c },
            ConditionProblem::Regex(RegexProblem::TooLarge) => {
                RuleError::RegexTooLarge { rule, condition: c }
            }
            ConditionProblem::Regex(RegexProblem::Invalid(message)) => RuleError::BadRegex {
                rule,
                condition: c,
                message,
            },
        }
    }
}

fn check_condition(condition: &Condition) -> Result<(), ConditionProblem> {
    let Condition {
        field,
        operator,
        value,
    } = condition;
    if !field.operators().contains(operator) {
        return Err(ConditionProblem::OperatorNotAllowed);
    }
    if let Field::Header(name) = field
        && !is_header_name(name)
    {
        return Err(ConditionProblem::BadHeaderName);
    }
    match (field.kind(), value) {
        (_, Value::None) if operator.takes_no_value() => Ok(()),
        (_, _) if operator.takes_no_value() => Err(ConditionProblem::WrongValue),
        (FieldKind::Addresses | FieldKind::Text | FieldKind::Body, Value::Text(text)) => {
            if text.trim().is_empty() {
                Err(ConditionProblem::EmptyValue)
            } else if *operator == Operator::Regex {
                build_regex(text).map(drop).map_err(ConditionProblem::Regex)
            } else {
                Ok(())
            }
        }
        (FieldKind::Keyword, Value::Text(keyword)) if keyword.is_empty() => {
            Err(ConditionProblem::EmptyValue)
        }
        (FieldKind::Keyword, Value::Text(keyword)) if !is_keyword(keyword) => {
            Err(ConditionProblem::WrongValue)
        }
        (FieldKind::Keyword, Value::Text(_)) => Ok(()),
        (FieldKind::Date, Value::Date(date)) => {
            if is_real_date(*date) {
                Ok(())
            } else {
                Err(ConditionProblem::InvalidDate)
            }
        }
        (FieldKind::Number, Value::Number(_))
        | (FieldKind::Size, Value::Size { .. })
        | (FieldKind::Boolean, Value::None)
        | (FieldKind::Status, Value::Status(_)) => Ok(()),
        _ => Err(ConditionProblem::WrongValue),
    }
}

fn check_actions(
    rule: usize,
    actions: &[Action],
    known_folders: Option<&[FolderPath]>,
    errors: &mut Vec<RuleError>,
) {
    for (index, action) in actions.iter().enumerate() {
        match action {
            Action::MoveTo(folder) | Action::CopyTo(folder) => {
                if let Some(known) = known_folders
                    && !known.iter().any(|k| same_folder(k, folder))
                {
                    errors.push(RuleError::UnknownFolder {
                        rule,
                        action: index,
                        folder: folder.clone(),
                    });
                }
            }
            Action::AddKeyword(keyword) | Action::RemoveKeyword(keyword)
                if !is_keyword(keyword) =>
            {
                errors.push(RuleError::BadKeyword { rule, index });
            }
            Action::Alert { template } if template.trim().is_empty() => {
                errors.push(RuleError::EmptyAlert {
                    rule,
                    action: index,
                });
            }
            Action::Alert { template } => {
                for name in unknown_placeholders(template) {
                    errors.push(RuleError::UnknownPlaceholder {
                        rule,
                        action: index,
                        name,
                    });
                }
            }
            _ => {}
        }
        for (earlier, other) in actions[..index].iter().enumerate() {
            if conflicts(other, action) {
                errors.push(RuleError::ConflictingActions {
                    rule,
                    first: earlier,
                    second: index,
                });
            }
        }
    }
}

/// Whether two actions of one rule contradict each other.
fn conflicts(a: &Action, b: &Action) -> bool {
    use Action::*;
    match (a, b) {
        (MoveTo(x), MoveTo(y)) => !same_folder(x, y),
        (MoveTo(_), MoveToTrash) | (MoveToTrash, MoveTo(_)) => true,
        (MarkRead, MarkUnread) | (MarkUnread, MarkRead) => true,
        (Flag, Unflag) | (Unflag, Flag) => true,
        (AddKeyword(x), RemoveKeyword(y)) | (RemoveKeyword(x), AddKeyword(y)) => {
            x.eq_ignore_ascii_case(y)
        }
        _ => false,
    }
}

/// Whether two folder paths name the same folder (`INBOX` is case-insensitive in IMAP).
pub fn same_folder(a: &FolderPath, b: &FolderPath) -> bool {
    a == b || (a.0.eq_ignore_ascii_case("INBOX") && b.0.eq_ignore_ascii_case("INBOX"))
}

/// An RFC 5322 field name: printable ASCII without colon.
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| (33..=126).contains(&b) && b != b':')
}

/// An IMAP keyword the bridge will store (RFC 9051 `atom`): no spaces, controls or
/// `(){%*"\]`, not a `\` flag, at most [`MAX_KEYWORD_LEN`] bytes, not the bridge's own.
pub fn is_keyword(keyword: &str) -> bool {
    !keyword.is_empty()
        && keyword.len() <= MAX_KEYWORD_LEN
        && !keyword.eq_ignore_ascii_case(RESERVED_KEYWORD)
        && keyword
            .bytes()
            .all(|b| (33..=126).contains(&b) && !b"(){%*\"\\]".contains(&b))
}

fn is_real_date(date: LocalDate) -> bool {
    (1..=12).contains(&date.month)
        && date.day >= 1
        && LocalDate::from_day_number(date.day_number()) == date
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
