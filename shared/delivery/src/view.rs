//! What the browser shows: the delivery status of a sent message, per recipient, and the
//! readable summary of a report received in a folder.
//!
//! Routes:
//! - `GET /api/folders/{folder}/messages/{uid}/delivery` → [`DeliveryView`] (for a sent
//!   message: the reports found for it, folded per recipient)
//! - `GET /api/folders/{folder}/messages/{uid}/report` → [`ReportSummary`] (for a message
//!   whose `MessageDetail::report` is set)

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
    /// Which folders were searched for reports (the inbox, and the folders rules file
    /// into, as the bridge knows them).
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
    /// Parse problems, for the curious; the summary still shows what could be read.
    pub problems: Vec<String>,
}
