//! Conditions: which part of a message is tested, how, and against what.

use facteur_model::calendar::LocalDate;
use serde::{Deserialize, Serialize};

/// The part of a message a condition looks at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    From,
    To,
    Cc,
    /// To or Cc.
    ToOrCc,
    /// To, Cc or Bcc.
    AnyRecipient,
    ReplyTo,
    Subject,
    /// Any header, by name (case-insensitive).
    Header(String),
    /// The plain-text body (needs the body to be fetched).
    Body,
    /// The message's local calendar day (Date header, else receipt time).
    Date,
    /// Whole days since the message's date, relative to the context's `now`.
    AgeInDays,
    /// RFC822.SIZE.
    Size,
    HasAttachment,
    /// Read / flagged / answered.
    Status,
    /// An IMAP keyword (tag).
    Keyword,
    /// The List-Id header.
    MailingList,
    /// The sender is one of the user's identities.
    FromMe,
    /// A recipient (To, Cc or Bcc) is one of the user's identities.
    ToMe,
}

/// What kind of test a field supports, which decides its operators and value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A list of addresses, matched on display name and address.
    Addresses,
    /// A piece of text.
    Text,
    /// The body text: like [`FieldKind::Text`] without exists / is empty.
    Body,
    Date,
    Number,
    Size,
    /// Yes/no facts (has attachment, from me, to me): `Is` / `IsNot`, no value.
    Boolean,
    Status,
    Keyword,
}

impl Field {
    /// The kind of test this field supports.
    pub fn kind(&self) -> FieldKind {
        match self {
            Field::From
            | Field::To
            | Field::Cc
            | Field::ToOrCc
            | Field::AnyRecipient
            | Field::ReplyTo => FieldKind::Addresses,
            Field::Subject | Field::Header(_) | Field::MailingList => FieldKind::Text,
            Field::Body => FieldKind::Body,
            Field::Date => FieldKind::Date,
            Field::AgeInDays => FieldKind::Number,
            Field::Size => FieldKind::Size,
            Field::HasAttachment | Field::FromMe | Field::ToMe => FieldKind::Boolean,
            Field::Status => FieldKind::Status,
            Field::Keyword => FieldKind::Keyword,
        }
    }

    /// The operators this field accepts, in the order an editor should offer them.
    pub fn operators(&self) -> &'static [Operator] {
        use Operator::*;
        match self.kind() {
            FieldKind::Addresses | FieldKind::Text => &[
                Contains,
                DoesNotContain,
                Is,
                IsNot,
                BeginsWith,
                EndsWith,
                Matches,
                Regex,
                Exists,
                IsEmpty,
            ],
            FieldKind::Body => &[
                Contains,
                DoesNotContain,
                Is,
                IsNot,
                BeginsWith,
                EndsWith,
                Matches,
                Regex,
            ],
            FieldKind::Date => &[Before, After, Is, IsNot],
            FieldKind::Number => &[GreaterThan, LessThan, Is],
            FieldKind::Size => &[GreaterThan, LessThan],
            FieldKind::Boolean | FieldKind::Status => &[Is, IsNot],
            FieldKind::Keyword => &[Is, IsNot, Exists, IsEmpty],
        }
    }

    /// Whether the field needs the message body.
    pub fn needs_body(&self) -> bool {
        *self == Field::Body
    }

    /// Whether the field needs header fields a list summary does not carry: a
    /// [`Field::Header`] other than Subject, From, To, Cc and List-Id.
    pub fn needs_headers(&self) -> bool {
        match self {
            Field::Header(name) => !SUMMARY_HEADERS
                .iter()
                .any(|known| known.eq_ignore_ascii_case(name.trim())),
            _ => false,
        }
    }
}

/// The headers whose values a list summary carries (see `MessageFacts::from_summary`).
const SUMMARY_HEADERS: [&str; 5] = ["subject", "from", "to", "cc", "list-id"];

/// How a field is compared with the condition's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    Contains,
    DoesNotContain,
    Is,
    IsNot,
    BeginsWith,
    EndsWith,
    /// Whole-text wildcard pattern: `*` any run, `?` one character, `\` escapes.
    Matches,
    /// A regular expression (Rust `regex` syntax), searched anywhere, case-insensitive.
    Regex,
    /// The header or field is present and not blank.
    Exists,
    /// The header or field is missing or blank.
    IsEmpty,
    GreaterThan,
    LessThan,
    Before,
    After,
}

impl Operator {
    /// Whether the operator is the negation of a positive one (`DoesNotContain`,
    /// `IsNot`, `IsEmpty`): on an address list it holds when *no* address matches.
    pub fn is_negative(self) -> bool {
        matches!(
            self,
            Operator::DoesNotContain | Operator::IsNot | Operator::IsEmpty
        )
    }

    /// Whether the operator compares against nothing (`Exists`, `IsEmpty`).
    pub fn takes_no_value(self) -> bool {
        matches!(self, Operator::Exists | Operator::IsEmpty)
    }
}

/// A size unit; sizes use powers of 1024, as Sieve's `K` and `M` do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeUnit {
    Bytes,
    Kilobytes,
    Megabytes,
}

impl SizeUnit {
    /// Bytes in one unit.
    pub fn bytes(self) -> u64 {
        match self {
            SizeUnit::Bytes => 1,
            SizeUnit::Kilobytes => 1024,
            SizeUnit::Megabytes => 1024 * 1024,
        }
    }
}

/// A message status a condition can test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Read,
    Flagged,
    Answered,
}

/// What a condition compares against; the field's kind decides which variant is valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    /// For `Exists`, `IsEmpty` and yes/no fields.
    None,
    Text(String),
    /// Days, for [`Field::AgeInDays`].
    Number(u64),
    Size {
        amount: u64,
        unit: SizeUnit,
    },
    Date(LocalDate),
    Status(Status),
}

impl Value {
    /// A size in bytes, saturating.
    pub fn size_in_bytes(amount: u64, unit: SizeUnit) -> u64 {
        amount.saturating_mul(unit.bytes())
    }
}

/// One test on a message, e.g. "Subject contains « facture »".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Condition {
    pub field: Field,
    pub operator: Operator,
    pub value: Value,
}

impl Condition {
    /// A condition comparing `field` with a text value.
    pub fn text(field: Field, operator: Operator, value: impl Into<String>) -> Self {
        Condition {
            field,
            operator,
            value: Value::Text(value.into()),
        }
    }

    /// A condition without a value (`Exists`, `IsEmpty`, yes/no fields).
    pub fn bare(field: Field, operator: Operator) -> Self {
        Condition {
            field,
            operator,
            value: Value::None,
        }
    }
}
