//! Delivery status of sent mail, on the bridge side: finding delivery reports and read
//! receipts in the mailbox, reading their parts with mail-parser, and handing the bytes
//! to the pure `delivery` crate, which parses, matches and folds them.
//!
//! - `report_parts`: which `multipart/report` parts a message has, parsed.
//! - `search`: which folders may hold reports, and the IMAP SEARCH that finds them.
//! - `status`: one sent message's per-recipient status from the reports found.
//! - `summary`: one report message summarised for people.
//! - `cache`: reports already read, per session, so they are fetched once.

pub mod cache;
pub mod report_parts;
pub mod search;
pub mod status;
pub mod summary;
