//! Protections of the bridge: cross-site request checks, who the client is behind the
//! operator's proxies, sign-in limits, the outbound connection policy and its address
//! classes, the limits on slow or greedy clients, and the response security headers.

pub mod address_class;
pub mod client_address;
pub mod csrf;
pub mod headers;
pub mod limit_keys;
pub mod outbound;
pub mod rate_limit;
pub mod slow_clients;
