//! The composer's pure logic, natively tested: recipients, subjects, quotes, the
//! editor's text version, signatures, autosave timing, the send key and the composer's state machine. The views are in
//! `components::compose`.

pub mod attempt;
pub mod autosave;
pub mod identities;
pub mod machine;
pub mod quote;
pub mod recipients;
pub mod rich_html;
pub mod rich_text;
pub mod signature;
pub mod size;
pub mod subject;
