//! IMAP: connecting and logging in, the connection cache, and the commands behind each
//! API route.

pub mod addresses;
pub mod append;
pub mod bearer;
pub mod capabilities;
pub mod claim;
pub mod connect;
pub mod dedupe;
pub mod error;
pub mod fetch;
pub mod flags;
pub mod folder_admin;
pub mod folder_names;
pub mod folders;
pub mod headers;
pub mod mailboxes;
pub mod message_cache;
pub mod messages;
pub mod mutf7;
pub mod partial;
pub mod pool;
pub mod raw;
pub mod resume;
pub mod search;
pub mod search_all;
pub mod search_command;
pub mod search_pages;
pub mod selection;
pub mod session_stream;
pub mod special_folders;
pub mod structure;
pub mod text;
pub mod transfer;
pub mod wire;

pub use connect::{Connector, ImapSession};
