//! The app's screens, one per module.

pub mod glossary;
pub mod help;
pub mod login;
pub mod mailbox;
pub mod preferences;
pub mod providers;
pub mod rules;
pub mod setup;
pub mod setup_report;
