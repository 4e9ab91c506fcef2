//! Sessions: the account sealed into an HttpOnly cookie, so the bridge keeps no state but
//! the list of signed-out sessions (`revocation.rs`).

pub mod account;
pub mod cookie;
pub mod extract;
pub mod keys;
pub mod revocation;
pub mod revocation_store;
pub mod seal;

pub use account::{Account, SessionId};
