//! RFC 3464 `message/delivery-status` bodies: one per-message block, then one block per
//! recipient, each block `Name: value` fields separated from the next by a blank line.
//!
//! Lenient on purpose: a broken recipient block becomes a [`Problem`] and the others are
//! still read, since a sender learns most from the one report they got.

use crate::date::DateField;
use crate::fields::{Field, decode, lex, strip_comments};
use crate::problem::{ParseError, Problem, ProblemKind, cap, check_size};
use crate::status_code::StatusCode;
use crate::typed_value::TypedValue;
use serde::{Deserialize, Serialize};

/// The most recipient blocks read from one report; more are noted and ignored.
pub const MAX_RECIPIENTS: usize = 1000;

/// A parsed `message/delivery-status` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryStatusReport {
    /// Original-Envelope-Id: the ENVID the sender gave at MAIL FROM, as the MTA wrote it
    /// (Postfix writes it xtext-decoded; see [`crate::matching`]).
    pub original_envelope_id: Option<String>,
    /// Reporting-MTA: the server that wrote the report (`dns; mail.example.test`).
    pub reporting_mta: Option<TypedValue>,
    /// DSN-Gateway: the gateway that translated a foreign report, if any.
    pub dsn_gateway: Option<TypedValue>,
    /// Received-From-MTA: the server the reporting MTA got the message from.
    pub received_from_mta: Option<TypedValue>,
    /// Arrival-Date: when the reporting MTA received the message.
    pub arrival_date: Option<DateField>,
    /// Per-message fields this parser has no slot for (`X-Postfix-Queue-ID`, ...).
    pub extensions: Vec<ExtensionField>,
    /// One entry per readable recipient block, in report order.
    pub recipients: Vec<RecipientReport>,
    /// What was skipped or missing; empty for a well-formed report.
    pub problems: Vec<Problem>,
}

/// What happened to the message for one recipient (RFC 3464 §2.3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Could not be delivered; no further attempt will be made.
    Failed,
    /// Not delivered yet; the MTA keeps trying.
    Delayed,
    /// Delivered to the recipient's mailbox.
    Delivered,
    /// Handed to a system that does not send DSNs, so no further report will come.
    Relayed,
    /// Delivered to a list or alias and forwarded to its members.
    Expanded,
}

impl Action {
    /// Reads an Action value (case-insensitive, comments allowed).
    pub fn parse(text: &str) -> Option<Self> {
        let text = strip_comments(text).text;
        // RFC 3464 allows no parameters, but some MTAs write `failed; ...`: the first
        // word decides.
        let word = text.split([';', ' ']).next().unwrap_or_default();
        let action = match word.to_ascii_lowercase().as_str() {
            "failed" => Action::Failed,
            "delayed" => Action::Delayed,
            "delivered" => Action::Delivered,
            "relayed" => Action::Relayed,
            "expanded" => Action::Expanded,
            _ => return None,
        };
        Some(action)
    }
}

/// One recipient block of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientReport {
    /// Original-Recipient: the ORCPT the sender gave, when the MTA kept it.
    pub original_recipient: Option<TypedValue>,
    /// Final-Recipient: the address the reporting MTA tried (after aliasing).
    pub final_recipient: Option<TypedValue>,
    /// What happened.
    pub action: Action,
    /// Status as a code, when it is one (`5.1.1`).
    pub status: Option<StatusCode>,
    /// Comments of the Status field, e.g. `permanent failure` in `5.0.0 (permanent failure)`.
    pub status_comment: Option<String>,
    /// Remote-MTA: the server that gave the answer being reported.
    pub remote_mta: Option<TypedValue>,
    /// Diagnostic-Code: the remote server's own words (`smtp; 550 5.1.1 ...`).
    pub diagnostic_code: Option<TypedValue>,
    /// Last-Attempt-Date: when delivery was last tried.
    pub last_attempt_date: Option<DateField>,
    /// Final-Log-ID: the final MTA's identifier for the message.
    pub final_log_id: Option<String>,
    /// Will-Retry-Until: for a delayed message, when the MTA gives up.
    pub will_retry_until: Option<DateField>,
    /// Recipient fields this parser has no slot for.
    pub extensions: Vec<ExtensionField>,
}

impl RecipientReport {
    /// The best address for this recipient: Original-Recipient (what the sender wrote)
    /// before Final-Recipient (what the MTA rewrote it to).
    pub fn address(&self) -> Option<&TypedValue> {
        self.original_recipient
            .as_ref()
            .or(self.final_recipient.as_ref())
    }
}

/// A field kept as written because it has no typed slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionField {
    /// The name as written.
    pub name: String,
    /// The unfolded value.
    pub value: String,
}

impl From<&Field> for ExtensionField {
    fn from(field: &Field) -> Self {
        ExtensionField {
            name: field.name.clone(),
            value: field.value.clone(),
        }
    }
}

/// Field names that can only belong to a recipient block.
const RECIPIENT_FIELDS: [&str; 4] = ["Original-Recipient", "Final-Recipient", "Action", "Status"];
/// Field names that start a new recipient when the current block already has them.
const RECIPIENT_STARTERS: [&str; 2] = ["Original-Recipient", "Final-Recipient"];

/// Parses a `message/delivery-status` body. Never panics; work is linear in the body,
/// which is refused above [`crate::MAX_INPUT_BYTES`].
pub fn parse_delivery_status(body: &[u8]) -> Result<DeliveryStatusReport, ParseError> {
    check_size(body)?;
    let lexed = lex(&decode(body));
    let mut problems: Vec<Problem> = lexed.problems.into_iter().map(Problem::from).collect();

    let mut groups = lexed.groups.into_iter();
    let first = groups.next().unwrap_or_default();
    let split = first
        .iter()
        .position(|f| RECIPIENT_FIELDS.iter().any(|n| f.is(n)))
        .unwrap_or(first.len());
    let (per_message, run_on) = first.split_at(split);
    if split > 0 && !run_on.is_empty() {
        problems.push(Problem::new(run_on[0].line, ProblemKind::MissingBlankLine));
    }

    let mut report = read_per_message(per_message, &mut problems);
    let mut blocks = split_run_on_recipients(run_on.to_vec(), &mut problems);
    for group in groups {
        blocks.extend(split_run_on_recipients(group, &mut problems));
    }
    for block in blocks {
        if report.recipients.len() == MAX_RECIPIENTS {
            let line = block.first().map_or(0, |f| f.line);
            problems.push(Problem::new(line, ProblemKind::TooManyRecipients));
            break;
        }
        if let Some(recipient) = read_recipient(&block, &mut problems) {
            report.recipients.push(recipient);
        }
    }
    if report.reporting_mta.is_none() && report.recipients.is_empty() {
        return Err(ParseError::NotAReport);
    }
    if report.reporting_mta.is_none() {
        problems.push(Problem::missing(1, "Reporting-MTA"));
    }
    cap(&mut problems);
    report.problems = problems;
    Ok(report)
}

/// Splits a group where a second Original-/Final-Recipient shows a missing blank line.
/// Linear: which starters the current block holds is tracked, not searched for.
fn split_run_on_recipients(group: Vec<Field>, problems: &mut Vec<Problem>) -> Vec<Vec<Field>> {
    let mut blocks = Vec::new();
    let mut block: Vec<Field> = Vec::new();
    let mut seen = [false; RECIPIENT_STARTERS.len()];
    for field in group {
        if let Some(starter) = RECIPIENT_STARTERS.iter().position(|n| field.is(n)) {
            if seen[starter] {
                problems.push(Problem::new(field.line, ProblemKind::MissingBlankLine));
                blocks.push(std::mem::take(&mut block));
                seen = [false; RECIPIENT_STARTERS.len()];
            }
            seen[starter] = true;
        }
        block.push(field);
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    blocks
}

fn read_per_message(fields: &[Field], problems: &mut Vec<Problem>) -> DeliveryStatusReport {
    let mut report = DeliveryStatusReport {
        original_envelope_id: None,
        reporting_mta: None,
        dsn_gateway: None,
        received_from_mta: None,
        arrival_date: None,
        extensions: Vec::new(),
        recipients: Vec::new(),
        problems: Vec::new(),
    };
    for field in fields {
        let name = field.name.to_ascii_lowercase();
        let value = &field.value;
        let stored = match name.as_str() {
            "original-envelope-id" => set_once(&mut report.original_envelope_id, || {
                strip_comments(value).text
            }),
            "reporting-mta" => set_once(&mut report.reporting_mta, || TypedValue::parse(value)),
            "dsn-gateway" => set_once(&mut report.dsn_gateway, || TypedValue::parse(value)),
            "received-from-mta" => {
                set_once(&mut report.received_from_mta, || TypedValue::parse(value))
            }
            "arrival-date" => set_once(&mut report.arrival_date, || DateField::parse(value)),
            _ => {
                report.extensions.push(field.into());
                true
            }
        };
        if !stored {
            problems.push(duplicate(field));
        }
    }
    report
}

fn read_recipient(fields: &[Field], problems: &mut Vec<Problem>) -> Option<RecipientReport> {
    let line = fields.first().map_or(0, |f| f.line);
    let mut original_recipient = None;
    let mut final_recipient = None;
    let mut action_text: Option<String> = None;
    let mut status_text: Option<String> = None;
    let mut remote_mta = None;
    let mut diagnostic_code = None;
    let mut last_attempt_date = None;
    let mut final_log_id = None;
    let mut will_retry_until = None;
    let mut extensions = Vec::new();
    for field in fields {
        let name = field.name.to_ascii_lowercase();
        let value = &field.value;
        let stored = match name.as_str() {
            "original-recipient" => set_once(&mut original_recipient, || TypedValue::parse(value)),
            "final-recipient" => set_once(&mut final_recipient, || TypedValue::parse(value)),
            "action" => set_once(&mut action_text, || value.clone()),
            "status" => set_once(&mut status_text, || value.clone()),
            "remote-mta" => set_once(&mut remote_mta, || TypedValue::parse(value)),
            "diagnostic-code" => set_once(&mut diagnostic_code, || TypedValue::parse(value)),
            "last-attempt-date" => set_once(&mut last_attempt_date, || DateField::parse(value)),
            "final-log-id" => set_once(&mut final_log_id, || value.clone()),
            "will-retry-until" => set_once(&mut will_retry_until, || DateField::parse(value)),
            _ => {
                extensions.push(field.into());
                true
            }
        };
        if !stored {
            problems.push(duplicate(field));
        }
    }

    if original_recipient.is_none() && final_recipient.is_none() {
        problems.push(Problem::new(line, ProblemKind::RecipientWithoutAddress));
        return None;
    }
    let Some(action_text) = action_text else {
        problems.push(Problem::new(line, ProblemKind::RecipientWithoutAction));
        return None;
    };
    let Some(action) = Action::parse(&action_text) else {
        let kind = ProblemKind::UnknownAction { text: action_text };
        problems.push(Problem::new(line, kind));
        return None;
    };
    if final_recipient.is_none() {
        problems.push(Problem::missing(line, "Final-Recipient"));
    }
    let (status, status_comment) = match status_text {
        Some(text) => {
            let uncommented = strip_comments(&text);
            let code = StatusCode::parse(&uncommented.text).ok();
            if code.is_none() {
                problems.push(Problem::new(line, ProblemKind::InvalidStatus { text }));
            }
            let comment = Some(uncommented.comments.join("; ")).filter(|c| !c.is_empty());
            (code, comment)
        }
        None => {
            problems.push(Problem::missing(line, "Status"));
            (None, None)
        }
    };
    Some(RecipientReport {
        original_recipient,
        final_recipient,
        action,
        status,
        status_comment,
        remote_mta,
        diagnostic_code,
        last_attempt_date,
        final_log_id,
        will_retry_until,
        extensions,
    })
}

/// Stores the first occurrence of a field; tells whether it was the first.
fn set_once<T>(slot: &mut Option<T>, value: impl FnOnce() -> T) -> bool {
    if slot.is_some() {
        return false;
    }
    *slot = Some(value());
    true
}

fn duplicate(field: &Field) -> Problem {
    let name = field.name.clone();
    Problem::new(field.line, ProblemKind::DuplicateField { name })
}

#[cfg(test)]
#[path = "dsn_tests.rs"]
mod tests;
