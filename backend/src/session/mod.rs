//! Sessions: the account sealed into an HttpOnly cookie, so the bridge keeps no state.

pub mod account;
pub mod cookie;
pub mod extract;
pub mod seal;

pub use account::{Account, SessionId};
