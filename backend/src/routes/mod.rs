//! HTTP handlers, one module per resource; each parses the request, calls a domain
//! function and maps the result.

pub mod addresses;
pub mod attachment_stream;
pub mod client;
pub mod delivery;
pub mod drafts;
pub mod extract;
pub mod folder_admin;
pub mod folders;
pub mod messages;
pub mod search;
pub mod send;
pub mod session;
pub mod settings;
pub mod setup;
pub mod sieve;
pub mod static_files;
pub mod table;
pub mod transfer;
pub mod transit;
pub mod uploads;
