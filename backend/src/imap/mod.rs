//! IMAP: connecting and logging in, the connection cache, and the commands behind each
//! API route.

pub mod connect;
pub mod error;
pub mod fetch;
pub mod flags;
pub mod folders;
pub mod messages;
pub mod mutf7;
pub mod pool;

pub use connect::{Connector, ImapSession};
