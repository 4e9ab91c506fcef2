//! Delivery status of sent mail, as pure functions: parsing delivery status reports
//! (RFC 3464 DSN) and read receipts (RFC 8098 MDN), matching them to the messages they
//! are about, and folding them into one status per recipient. And the other half, for
//! received mail: the route it took (`Received`) and who it is ([`read_transit`] over
//! `Authentication-Results`).
//!
//! The bridge finds the MIME parts (`message/delivery-status`,
//! `message/disposition-notification`, `text/rfc822-headers`) and hands their bytes to
//! [`parse_delivery_status`], [`parse_disposition_notification`] and [`match_report`];
//! [`RecipientStatus::from_dsn`] / [`RecipientStatus::from_mdn`] and [`combine`] give
//! what the sent message shows. For sending, [`envelope_id`] and [`orcpt_value`] make
//! the DSN parameters.
//!
//! **Architecture invariant:** no I/O, no clock, no random source: this crate builds for
//! `wasm32-unknown-unknown`; dates are read from the reports, randomness is an input.
//! Parsers never panic and do work linear in their input, which is bounded
//! ([`MAX_INPUT_BYTES`], [`MAX_RECIPIENTS`], [`MAX_PROBLEMS`]).

pub mod authentication_results;
pub mod date;
pub mod dsn;
mod fields;
pub mod matching;
pub mod mdn;
pub mod problem;
pub mod received;
pub mod status;
pub mod status_code;
pub mod transit;
pub mod transit_view;
pub mod typed_value;
pub mod view;
pub mod xtext;

pub use authentication_results::{
    AuthMethod, AuthResult, AuthenticationResults, MethodResult, parse_arc_authentication_results,
    parse_authentication_results,
};
pub use date::DateField;
pub use dsn::{
    Action, DeliveryStatusReport, ExtensionField, MAX_RECIPIENTS, RecipientReport,
    parse_delivery_status,
};
pub use fields::MAX_INPUT_BYTES;
pub use matching::{
    MatchedBy, ReportRefs, SentMessageKey, match_report, message_id_from_headers,
    normalize_address, normalize_message_id, recipient_of_dsn, recipient_of_mdn,
};
pub use mdn::{
    Disposition, DispositionNotification, DispositionType, Mode, ReportingUa,
    parse_disposition_notification,
};
pub use problem::{MAX_PROBLEMS, ParseError, Problem, ProblemKind};
pub use received::{Encryption, Hop, TlsInfo, parse_received};
pub use status::{RecipientStatus, combine};
pub use status_code::{KnownStatus, StatusClass, StatusCode};
pub use transit::{MAX_HOPS, read_transit};
pub use transit_view::{Alignment, Delay, TransitHop, TransitView, TransitWarning, Verdict};
pub use typed_value::TypedValue;
pub use view::{
    DeliveryView, RecipientDelivery, ReportLocation, ReportProblem, ReportSummary,
    ReportedRecipient,
};
pub use xtext::{envelope_id, orcpt_value, parse_orcpt, xtext_decode, xtext_encode};
