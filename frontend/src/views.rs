//! The app's screens, one per module.

pub mod login;
pub mod mailbox;
pub mod rules;
