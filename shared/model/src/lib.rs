//! Data types and pure functions shared by the Facteur bridge (`backend`) and the browser
//! app (`frontend`).
//!
//! **Architecture invariant:** this crate holds data and pure functions only. No I/O, no
//! clock, no randomness: it builds for `wasm32-unknown-unknown` and the current time is
//! always an input.
//!
//! **API boundary:** the routes in [`routes`] and the types in [`api`], [`compose`], [`folder`], [`folder_ops`], [`message`],
//! [`problem`], [`settings`] and [`sieve`] are the JSON contract between the bridge and the
//! browser. Change them on both sides at once.

pub mod api;
pub mod calendar;
pub mod compose;
pub mod day_groups;
pub mod folder;
pub mod folder_name;
pub mod folder_ops;
pub mod ids;
pub mod message;
pub mod password;
pub mod problem;
pub mod routes;
pub mod search;
pub mod search_results;
pub mod settings;
pub mod sieve;
pub mod sort;

pub use ids::{EmailAddress, FolderPath, InvalidEmailAddress, Timestamp, Uid, UidValidity};
pub use password::Password;
