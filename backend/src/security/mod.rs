//! Protections of the bridge: cross-site request checks, sign-in limits, the outbound
//! connection policy and the response security headers.

pub mod address_class;
pub mod csrf;
pub mod headers;
pub mod outbound;
pub mod rate_limit;
pub mod slow_clients;
