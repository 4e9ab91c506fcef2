//! Account setup on the bridge: discovery of an address's servers and the connection
//! test with a precise diagnosis. The pure planning lives in `shared/providers`; this is
//! its I/O, under the discovery address rule ([`reach`]) and the outbound policy.

pub mod certificate;
pub mod connection_test;
pub mod diagnosis;
pub mod discover;
pub mod fetch;
pub mod reach;
pub mod resolver;

use crate::security::rate_limit::IpLimiter;
use resolver::Resolver;
use std::sync::Arc;

/// The setup routes' share of the bridge state.
#[derive(Debug, Clone)]
pub struct SetupServices {
    /// DNS for discovery and the connection test (fixtures in tests).
    pub resolver: Arc<dyn Resolver>,
    /// Discovery requests per client IP.
    pub limiter: Arc<IpLimiter>,
}
