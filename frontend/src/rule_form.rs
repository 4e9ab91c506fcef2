//! The rule editor's decisions, as pure functions (natively tested): which fields,
//! operators and value inputs to offer, how a form value becomes a [`Value`], which action
//! kinds exist, and which row an error belongs to.

use facteur_model::FolderPath;
use facteur_model::calendar::LocalDate;
use facteur_rules::{Action, Condition, Field, Operator, RuleError, SizeUnit, Status, Value};

/// The fields in the order the editor offers them (`Header` with an empty name).
pub fn all_fields() -> Vec<Field> {
    vec![
        Field::From,
        Field::To,
        Field::Cc,
        Field::ToOrCc,
        Field::AnyRecipient,
        Field::ReplyTo,
        Field::FromMe,
        Field::ToMe,
        Field::Subject,
        Field::Body,
        Field::Header(String::new()),
        Field::MailingList,
        Field::Date,
        Field::AgeInDays,
        Field::Size,
        Field::HasAttachment,
        Field::Status,
        Field::Keyword,
    ]
}

/// A field's key in the `<select>` (its JSON name; every header is `header`).
pub fn field_key(field: &Field) -> &'static str {
    match field {
        Field::From => "from",
        Field::To => "to",
        Field::Cc => "cc",
        Field::ToOrCc => "to_or_cc",
        Field::AnyRecipient => "any_recipient",
        Field::ReplyTo => "reply_to",
        Field::Subject => "subject",
        Field::Header(_) => "header",
        Field::Body => "body",
        Field::Date => "date",
        Field::AgeInDays => "age_in_days",
        Field::Size => "size",
        Field::HasAttachment => "has_attachment",
        Field::Status => "status",
        Field::Keyword => "keyword",
        Field::MailingList => "mailing_list",
        Field::FromMe => "from_me",
        Field::ToMe => "to_me",
    }
}

/// The field a `<select>` key names.
pub fn field_from_key(key: &str) -> Option<Field> {
    all_fields().into_iter().find(|f| field_key(f) == key)
}

/// An operator's key in the `<select>`.
pub fn operator_key(operator: Operator) -> &'static str {
    match operator {
        Operator::Contains => "contains",
        Operator::DoesNotContain => "does_not_contain",
        Operator::Is => "is",
        Operator::IsNot => "is_not",
        Operator::BeginsWith => "begins_with",
        Operator::EndsWith => "ends_with",
        Operator::Matches => "matches",
        Operator::Regex => "regex",
        Operator::Exists => "exists",
        Operator::IsEmpty => "is_empty",
        Operator::GreaterThan => "greater_than",
        Operator::LessThan => "less_than",
        Operator::Before => "before",
        Operator::After => "after",
    }
}

/// The operator a key names, if `field` accepts it.
pub fn operator_from_key(field: &Field, key: &str) -> Option<Operator> {
    field
        .operators()
        .iter()
        .copied()
        .find(|op| operator_key(*op) == key)
}

/// Which input the value needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueShape {
    /// No value (exists, is empty, yes/no fields).
    Nothing,
    Text,
    Number,
    Size,
    Date,
    Status,
}

/// The input a condition's value needs.
pub fn value_shape(field: &Field, operator: Operator) -> ValueShape {
    use facteur_rules::condition::FieldKind;
    if operator.takes_no_value() {
        return ValueShape::Nothing;
    }
    match field.kind() {
        FieldKind::Addresses | FieldKind::Text | FieldKind::Body | FieldKind::Keyword => {
            ValueShape::Text
        }
        FieldKind::Date => ValueShape::Date,
        FieldKind::Number => ValueShape::Number,
        FieldKind::Size => ValueShape::Size,
        FieldKind::Boolean => ValueShape::Nothing,
        FieldKind::Status => ValueShape::Status,
    }
}

/// The value a fresh input of `shape` starts with (`today` for dates).
pub fn default_value(shape: ValueShape, today: LocalDate) -> Value {
    match shape {
        ValueShape::Nothing => Value::None,
        ValueShape::Text => Value::Text(String::new()),
        ValueShape::Number => Value::Number(30),
        ValueShape::Size => Value::Size {
            amount: 5,
            unit: SizeUnit::Megabytes,
        },
        ValueShape::Date => Value::Date(today),
        ValueShape::Status => Value::Status(Status::Read),
    }
}

/// The condition after choosing another field: the operator is kept when the new field
/// accepts it (else its first), and the value is kept when it still fits.
pub fn with_field(condition: &Condition, field: Field, today: LocalDate) -> Condition {
    let operator = if field.operators().contains(&condition.operator) {
        condition.operator
    } else {
        field.operators()[0]
    };
    with_shape_kept(condition, field, operator, today)
}

/// The condition after choosing another operator.
pub fn with_operator(condition: &Condition, operator: Operator, today: LocalDate) -> Condition {
    with_shape_kept(condition, condition.field.clone(), operator, today)
}

fn with_shape_kept(
    condition: &Condition,
    field: Field,
    operator: Operator,
    today: LocalDate,
) -> Condition {
    let old = value_shape(&condition.field, condition.operator);
    let new = value_shape(&field, operator);
    let value = if old == new {
        condition.value.clone()
    } else {
        default_value(new, today)
    };
    Condition {
        field,
        operator,
        value,
    }
}

/// A fresh condition: "From contains …".
pub fn new_condition() -> Condition {
    Condition::text(Field::From, Operator::Contains, "")
}

/// `YYYY-MM-DD` (an `<input type=date>` value) as a date.
pub fn parse_date(text: &str) -> Option<LocalDate> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some(LocalDate { year, month, day })
}

/// A date as an `<input type=date>` value.
pub fn format_date(date: LocalDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// The keys of a status `<select>`.
pub fn status_key(status: Status) -> &'static str {
    match status {
        Status::Read => "read",
        Status::Flagged => "flagged",
        Status::Answered => "answered",
    }
}

/// Every status, in the order offered.
pub const STATUSES: [Status; 3] = [Status::Read, Status::Flagged, Status::Answered];

/// Every size unit, in the order offered.
pub const SIZE_UNITS: [SizeUnit; 3] = [SizeUnit::Kilobytes, SizeUnit::Megabytes, SizeUnit::Bytes];

/// The key of a size unit.
pub fn size_unit_key(unit: SizeUnit) -> &'static str {
    match unit {
        SizeUnit::Bytes => "bytes",
        SizeUnit::Kilobytes => "kilobytes",
        SizeUnit::Megabytes => "megabytes",
    }
}

/// An action's kind key in the `<select>`.
pub fn action_key(action: &Action) -> &'static str {
    match action {
        Action::MoveTo(_) => "move_to",
        Action::CopyTo(_) => "copy_to",
        Action::MarkRead => "mark_read",
        Action::MarkUnread => "mark_unread",
        Action::Flag => "flag",
        Action::Unflag => "unflag",
        Action::AddKeyword(_) => "add_keyword",
        Action::RemoveKeyword(_) => "remove_keyword",
        Action::MoveToTrash => "move_to_trash",
        Action::Alert { .. } => "alert",
        Action::StopProcessing => "stop_processing",
    }
}

/// One action of every kind, in the order offered (folders and texts empty).
pub fn all_action_kinds() -> Vec<Action> {
    vec![
        Action::MoveTo(FolderPath(String::new())),
        Action::CopyTo(FolderPath(String::new())),
        Action::MarkRead,
        Action::MarkUnread,
        Action::Flag,
        Action::Unflag,
        Action::AddKeyword(String::new()),
        Action::RemoveKeyword(String::new()),
        Action::MoveToTrash,
        Action::Alert {
            template: String::new(),
        },
        Action::StopProcessing,
    ]
}

/// The action after choosing kind `key`, keeping the folder or text where it fits.
pub fn action_of_kind(current: &Action, key: &str, default_alert: &str) -> Option<Action> {
    let folder = match current {
        Action::MoveTo(f) | Action::CopyTo(f) => f.clone(),
        _ => FolderPath(String::new()),
    };
    let keyword = match current {
        Action::AddKeyword(k) | Action::RemoveKeyword(k) => k.clone(),
        _ => String::new(),
    };
    let kind = all_action_kinds()
        .into_iter()
        .find(|a| action_key(a) == key)?;
    Some(match kind {
        Action::MoveTo(_) => Action::MoveTo(folder),
        Action::CopyTo(_) => Action::CopyTo(folder),
        Action::AddKeyword(_) => Action::AddKeyword(keyword),
        Action::RemoveKeyword(_) => Action::RemoveKeyword(keyword),
        Action::Alert { .. } => match current {
            Action::Alert { template } => Action::Alert {
                template: template.clone(),
            },
            _ => Action::Alert {
                template: default_alert.to_owned(),
            },
        },
        other => other,
    })
}

/// What part of the rule an error concerns, for showing it beside that part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorPlace {
    Rule,
    Condition(usize),
    Action(usize),
}

/// Where `error` should be shown.
pub fn error_place(error: &RuleError) -> ErrorPlace {
    match error {
        RuleError::OperatorNotAllowed { condition, .. }
        | RuleError::WrongValue { condition, .. }
        | RuleError::EmptyValue { condition, .. }
        | RuleError::BadHeaderName { condition, .. }
        | RuleError::InvalidDate { condition, .. }
        | RuleError::BadRegex { condition, .. }
        | RuleError::RegexTooLarge { condition, .. } => ErrorPlace::Condition(*condition),
        RuleError::UnknownFolder { action, .. }
        | RuleError::EmptyAlert { action, .. }
        | RuleError::UnknownPlaceholder { action, .. } => ErrorPlace::Action(*action),
        RuleError::BadKeyword { index, .. } => ErrorPlace::Action(*index),
        RuleError::ConflictingActions { second, .. } => ErrorPlace::Action(*second),
        RuleError::UnsupportedVersion { .. }
        | RuleError::EmptyName { .. }
        | RuleError::EmptyId { .. }
        | RuleError::DuplicateId { .. }
        | RuleError::NoConditions { .. }
        | RuleError::ConditionsWithAllMessages { .. }
        | RuleError::NoActions { .. } => ErrorPlace::Rule,
    }
}

/// Splits "acme.test, @ex.test  other.test" into domains.
pub fn split_domains(text: &str) -> Vec<String> {
    text.split([',', ';', ' ', '\n', '\t'])
        .map(|d| d.trim().trim_start_matches('@').to_lowercase())
        .filter(|d| !d.is_empty())
        .collect()
}

/// Splits one address per line (commas allowed too).
pub fn split_addresses(text: &str) -> Vec<String> {
    text.split(['\n', ',', ';'])
        .map(|a| a.trim().to_owned())
        .filter(|a| !a.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: LocalDate = LocalDate {
        year: 2026,
        month: 5,
        day: 4,
    };

    #[test]
    fn keys_round_trip() {
        for field in all_fields() {
            assert_eq!(field_from_key(field_key(&field)), Some(field.clone()));
            for op in field.operators() {
                assert_eq!(operator_from_key(&field, operator_key(*op)), Some(*op));
            }
        }
        assert_eq!(operator_from_key(&Field::Size, "contains"), None);
        for action in all_action_kinds() {
            let again = action_of_kind(&Action::MarkRead, action_key(&action), "");
            assert_eq!(again.as_ref().map(action_key), Some(action_key(&action)));
        }
    }

    #[test]
    fn the_operator_follows_the_field() {
        let condition = Condition::text(Field::Subject, Operator::Contains, "facture");
        // Another text field keeps the operator and the value.
        let from = with_field(&condition, Field::From, TODAY);
        assert_eq!(from.operator, Operator::Contains);
        assert_eq!(from.value, Value::Text("facture".into()));
        // Size has no "contains": its first operator, and a size value.
        let size = with_field(&condition, Field::Size, TODAY);
        assert_eq!(size.operator, Operator::GreaterThan);
        assert_eq!(value_shape(&size.field, size.operator), ValueShape::Size);
        // Yes/no fields take no value.
        let me = with_field(&condition, Field::FromMe, TODAY);
        assert_eq!((me.operator, me.value), (Operator::Is, Value::None));
        let date = with_field(&condition, Field::Date, TODAY);
        assert_eq!(date.value, Value::Date(TODAY));
        // Exists drops the value; going back asks for one again.
        let exists = with_operator(&condition, Operator::Exists, TODAY);
        assert_eq!(exists.value, Value::None);
        let back = with_operator(&exists, Operator::Is, TODAY);
        assert_eq!(back.value, Value::Text(String::new()));
    }

    #[test]
    fn dates_and_lists_parse() {
        assert_eq!(parse_date("2026-05-04"), Some(TODAY));
        assert_eq!(format_date(TODAY), "2026-05-04");
        assert_eq!(parse_date(""), None);
        assert_eq!(
            split_domains("acme.test, @Ex.test  other.test"),
            ["acme.test", "ex.test", "other.test"]
        );
        assert_eq!(
            split_addresses("a@b.test\n\n c@d.test , e@f.test"),
            ["a@b.test", "c@d.test", "e@f.test"]
        );
    }

    #[test]
    fn changing_an_action_keeps_what_fits() {
        let move_to = Action::MoveTo(FolderPath("Personnel".into()));
        assert_eq!(
            action_of_kind(&move_to, "copy_to", ""),
            Some(Action::CopyTo(FolderPath("Personnel".into())))
        );
        assert_eq!(
            action_of_kind(&move_to, "alert", "Hello {subject}"),
            Some(Action::Alert {
                template: "Hello {subject}".into()
            })
        );
        assert_eq!(action_of_kind(&move_to, "nope", ""), None);
    }

    #[test]
    fn errors_find_their_row() {
        assert_eq!(
            error_place(&RuleError::EmptyValue {
                rule: 0,
                condition: 2
            }),
            ErrorPlace::Condition(2)
        );
        assert_eq!(
            error_place(&RuleError::BadKeyword { rule: 0, index: 1 }),
            ErrorPlace::Action(1)
        );
        assert_eq!(
            error_place(&RuleError::NoActions { rule: 0 }),
            ErrorPlace::Rule
        );
    }
}
