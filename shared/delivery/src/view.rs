//! What the browser shows: the delivery status of a sent message, per recipient, and the
//! readable summary of a report received in a folder.
//!
//! Routes:
//! - `GET /api/folders/{folder}/messages/{uid}/delivery` → [`DeliveryView`] (for a sent
//!   message: the reports found for it, folded per recipient)
//! - `GET /api/folders/{folder}/messages/{uid}/report` → [`ReportSummary`] (for a message
//!   whose `MessageDetail::report` is set)

use crate::problem::{ParseError, Problem};
use crate::status::RecipientStatus;
use crate::status_code::StatusCode;
use facteur_model::message::Address;
use facteur_model::{FolderPath, Timestamp, Uid};
use serde::{Deserialize, Serialize};

/// A report message on the server, for a link from the status to the report itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLocation {
    pub folder: FolderPath,
    pub uid: Uid,
}

/// One recipient of a sent message and what is known of its delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientDelivery {
    /// The address as the message names it (To, Cc or Bcc).
    pub recipient: String,
    pub status: RecipientStatus,
    /// The reports that told it, oldest first.
    pub reports: Vec<ReportLocation>,
}

/// The delivery status of one sent message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryView {
    /// Whether delivery notifications were requested (the Sent copy has an ENVID).
    pub dsn_requested: bool,
    /// Whether a read receipt was requested (Disposition-Notification-To).
    pub read_receipt_requested: bool,
    /// Every recipient, in the order the message names them. When nothing was requested
    /// and no report came, the list is empty: there is nothing to know.
    pub recipients: Vec<RecipientDelivery>,
    /// Which folders were searched for reports: the inbox, Junk, Trash and the user's
    /// own folders (where rules file mail).
    pub searched: Vec<FolderPath>,
}

/// The outcome for one recipient as a report tells it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedRecipient {
    pub recipient: String,
    pub status: RecipientStatus,
    /// The enhanced status code, e.g. `5.1.1`.
    pub code: Option<StatusCode>,
    /// The remote server's words (Diagnostic-Code), e.g. `550 5.1.1 ... User unknown`.
    pub diagnostic: Option<String>,
    /// The server that reported (Reporting-MTA or the reporting user agent).
    pub reported_by: Option<String>,
}

/// A report received in a folder, summarised for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportSummary {
    pub kind: facteur_model::message::ReportKind,
    /// The sent message it is about: its subject and Message-ID when the report returned
    /// them, and where it is in Sent when the bridge found it.
    pub original_subject: Option<String>,
    pub original_message_id: Option<String>,
    pub original: Option<ReportLocation>,
    /// When the report says it was produced.
    pub arrival: Option<Timestamp>,
    pub recipients: Vec<ReportedRecipient>,
    /// Who sent the report (the mailer daemon, or the reader for a receipt).
    pub from: Option<Address>,
    /// What could not be read, for the curious; the summary still shows the rest.
    pub problems: Vec<ReportProblem>,
}

/// Something in a received report that could not be read. The bridge sends the kind, not
/// prose: the browser words it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "problem",
    rename_all = "snake_case",
    try_from = "tagged::RawReportProblem"
)]
pub enum ReportProblem {
    /// The report has no machine-readable part of the type it announces.
    MissingPart,
    /// The machine-readable part is larger than the parser accepts.
    TooLarge {
        /// The part's size in bytes.
        size: usize,
        /// The largest accepted size in bytes.
        limit: usize,
    },
    /// The machine-readable part holds no report fields.
    NotAReport,
    /// One field of the machine-readable part was skipped or is missing; the rest was read.
    Field(Problem),
}

impl From<ParseError> for ReportProblem {
    fn from(error: ParseError) -> Self {
        match error {
            ParseError::TooLarge { size, limit } => ReportProblem::TooLarge { size, limit },
            ParseError::NotAReport => ReportProblem::NotAReport,
        }
    }
}

/// Reading [`ReportProblem`] flat rather than through serde's buffered path for internally
/// tagged enums (see `status.rs`). The JSON is the same both ways.
mod tagged {
    use super::ReportProblem;
    use crate::problem::{Problem, ProblemKind};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Tag {
        MissingPart,
        TooLarge,
        NotAReport,
        Field,
    }

    #[derive(Deserialize)]
    pub(super) struct RawReportProblem {
        problem: Tag,
        size: Option<usize>,
        limit: Option<usize>,
        line: Option<usize>,
        kind: Option<ProblemKind>,
    }

    impl TryFrom<RawReportProblem> for ReportProblem {
        type Error = &'static str;

        fn try_from(raw: RawReportProblem) -> Result<Self, &'static str> {
            Ok(match raw.problem {
                Tag::MissingPart => ReportProblem::MissingPart,
                Tag::TooLarge => ReportProblem::TooLarge {
                    size: raw.size.ok_or("missing field `size`")?,
                    limit: raw.limit.ok_or("missing field `limit`")?,
                },
                Tag::NotAReport => ReportProblem::NotAReport,
                Tag::Field => ReportProblem::Field(Problem {
                    line: raw.line.ok_or("missing field `line`")?,
                    kind: raw.kind.ok_or("missing field `kind`")?,
                }),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::ProblemKind;

    fn every_problem() -> Vec<ReportProblem> {
        let field = |kind| ReportProblem::Field(Problem { line: 7, kind });
        vec![
            ReportProblem::MissingPart,
            ReportProblem::TooLarge {
                size: 300_000,
                limit: 262_144,
            },
            ReportProblem::NotAReport,
            field(ProblemKind::MalformedLine),
            field(ProblemKind::MissingBlankLine),
            field(ProblemKind::DuplicateField {
                name: "Action".into(),
            }),
            field(ProblemKind::MissingField {
                name: "Status".into(),
            }),
            field(ProblemKind::InvalidStatus { text: "5.x".into() }),
            field(ProblemKind::InvalidDisposition {
                text: "seen".into(),
            }),
            field(ProblemKind::RecipientWithoutAddress),
            field(ProblemKind::RecipientWithoutAction),
            field(ProblemKind::UnknownAction {
                text: "bounced".into(),
            }),
            field(ProblemKind::TooManyRecipients),
        ]
    }

    #[test]
    fn every_report_problem_reads_back_from_its_json() {
        for problem in every_problem() {
            let json = serde_json::to_string(&problem).unwrap();
            let back: ReportProblem = serde_json::from_str(&json).unwrap();
            assert_eq!(back, problem, "{json}");
        }
    }

    #[test]
    fn report_problems_are_tagged_in_snake_case() {
        let missing = ReportProblem::Field(Problem {
            line: 4,
            kind: ProblemKind::MissingField {
                name: "Action".into(),
            },
        });
        assert_eq!(
            serde_json::to_value(&missing).unwrap(),
            serde_json::json!({
                "problem": "field",
                "line": 4,
                "kind": {"kind": "missing_field", "name": "Action"},
            })
        );
        let read: ReportProblem =
            serde_json::from_str(r#"{"limit": 10, "problem": "too_large", "size": 20}"#).unwrap();
        assert_eq!(
            read,
            ReportProblem::TooLarge {
                size: 20,
                limit: 10
            }
        );
    }

    #[test]
    fn a_problem_missing_its_fields_or_of_an_unknown_kind_is_refused() {
        for json in [
            r#"{"problem": "too_large", "size": 20}"#,
            r#"{"problem": "field", "line": 3}"#,
            r#"{"problem": "field", "line": 3, "kind": {"kind": "missing_field"}}"#,
            r#"{"problem": "field", "line": 3, "kind": {"kind": "on_fire"}}"#,
            r#"{"problem": "lost"}"#,
        ] {
            assert!(
                serde_json::from_str::<ReportProblem>(json).is_err(),
                "{json}"
            );
        }
    }
}
