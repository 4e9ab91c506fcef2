//! What can be wrong with a report: fatal errors ([`ParseError`]) and the non-fatal
//! [`Problem`]s a lenient parse notes while keeping everything else it understood.

use crate::fields::{LexProblem, MAX_INPUT_BYTES};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a body could not be read as a report at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ParseError {
    /// The body is larger than the parser accepts (see [`crate::MAX_INPUT_BYTES`]).
    TooLarge {
        /// The body's size in bytes.
        size: usize,
        /// The largest accepted size in bytes.
        limit: usize,
    },
    /// Nothing in the body looks like a report of this kind.
    NotAReport,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { size, limit } => {
                write!(
                    f,
                    "the report is {size} bytes, more than the {limit} accepted"
                )
            }
            Self::NotAReport => f.write_str("the body holds no report fields"),
        }
    }
}

impl std::error::Error for ParseError {}

/// The most problems kept per report: enough to diagnose, small enough to send on.
pub const MAX_PROBLEMS: usize = 100;

/// Something a parse skipped or found missing; the rest of the report is still usable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based line in the body where the problem starts.
    pub line: usize,
    /// What is wrong.
    pub kind: ProblemKind,
}

/// The kinds of [`Problem`]. Those named "dropped" left a recipient out of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    try_from = "tagged::RawProblemKind"
)]
pub enum ProblemKind {
    /// A line that is neither a field nor a continuation; skipped.
    MalformedLine,
    /// Recipient fields followed other fields without the blank line that separates
    /// blocks; they were read as a new block.
    MissingBlankLine,
    /// A field the format allows once appeared again; the first one was kept.
    DuplicateField {
        /// The repeated field's name.
        name: String,
    },
    /// A required field is missing; the rest was kept.
    MissingField {
        /// The missing field's name.
        name: String,
    },
    /// The Status field is not `class.subject.detail`; kept as text only.
    InvalidStatus {
        /// The field's value.
        text: String,
    },
    /// The Disposition field could not be read.
    InvalidDisposition {
        /// The field's value.
        text: String,
    },
    /// Dropped: a recipient block with neither Final-Recipient nor Original-Recipient.
    RecipientWithoutAddress,
    /// Dropped: a recipient block without an Action field.
    RecipientWithoutAction,
    /// Dropped: a recipient block whose Action is not one RFC 3464 defines.
    UnknownAction {
        /// The field's value.
        text: String,
    },
    /// More recipient blocks than [`crate::MAX_RECIPIENTS`]; the rest were ignored.
    TooManyRecipients,
}

/// Reading [`ProblemKind`] flat rather than through serde's buffered path for internally
/// tagged enums, which would add a second copy of generic code to the browser bundle (see
/// `status.rs`). The JSON is the same both ways.
mod tagged {
    use super::ProblemKind;
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        MalformedLine,
        MissingBlankLine,
        DuplicateField,
        MissingField,
        InvalidStatus,
        InvalidDisposition,
        RecipientWithoutAddress,
        RecipientWithoutAction,
        UnknownAction,
        TooManyRecipients,
    }

    #[derive(Deserialize)]
    pub(super) struct RawProblemKind {
        kind: Kind,
        name: Option<String>,
        text: Option<String>,
    }

    impl TryFrom<RawProblemKind> for ProblemKind {
        type Error = &'static str;

        fn try_from(raw: RawProblemKind) -> Result<Self, &'static str> {
            let name = || raw.name.clone().ok_or("missing field `name`");
            let text = || raw.text.clone().ok_or("missing field `text`");
            Ok(match raw.kind {
                Kind::MalformedLine => ProblemKind::MalformedLine,
                Kind::MissingBlankLine => ProblemKind::MissingBlankLine,
                Kind::DuplicateField => ProblemKind::DuplicateField { name: name()? },
                Kind::MissingField => ProblemKind::MissingField { name: name()? },
                Kind::InvalidStatus => ProblemKind::InvalidStatus { text: text()? },
                Kind::InvalidDisposition => ProblemKind::InvalidDisposition { text: text()? },
                Kind::RecipientWithoutAddress => ProblemKind::RecipientWithoutAddress,
                Kind::RecipientWithoutAction => ProblemKind::RecipientWithoutAction,
                Kind::UnknownAction => ProblemKind::UnknownAction { text: text()? },
                Kind::TooManyRecipients => ProblemKind::TooManyRecipients,
            })
        }
    }
}

impl Problem {
    pub(crate) fn new(line: usize, kind: ProblemKind) -> Self {
        Problem { line, kind }
    }

    pub(crate) fn missing(line: usize, name: &str) -> Self {
        Problem::new(
            line,
            ProblemKind::MissingField {
                name: name.to_owned(),
            },
        )
    }
}

impl From<LexProblem> for Problem {
    fn from(problem: LexProblem) -> Self {
        match problem {
            LexProblem::MalformedLine { line } => Problem::new(line, ProblemKind::MalformedLine),
        }
    }
}

/// Keeps at most [`MAX_PROBLEMS`], the first ones, but never loses the note that
/// recipients were ignored: that one changes what the report means.
pub(crate) fn cap(problems: &mut Vec<Problem>) {
    if problems.len() <= MAX_PROBLEMS {
        return;
    }
    let ignored = problems
        .iter()
        .position(|p| p.kind == ProblemKind::TooManyRecipients)
        .filter(|at| *at >= MAX_PROBLEMS)
        .map(|at| problems.swap_remove(at));
    problems.truncate(MAX_PROBLEMS - usize::from(ignored.is_some()));
    problems.extend(ignored);
}

/// Refuses bodies over the size limit before any per-line work.
pub(crate) fn check_size(body: &[u8]) -> Result<(), ParseError> {
    if body.len() > MAX_INPUT_BYTES {
        return Err(ParseError::TooLarge {
            size: body.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(())
}
