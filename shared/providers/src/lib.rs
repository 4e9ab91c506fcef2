//! Mail providers and account autoconfiguration for Facteur: the data and the pure parts.
//!
//! - [`presets`]: what Facteur knows about the big providers (servers, sign-in, and the
//!   facts a user weighs: storage, attachment limit, cost), with the sources of each fact.
//! - [`autoconfig`]: a parser for the Thunderbird / ISPDB `clientConfig` XML (v1.1).
//! - [`discovery`]: for an email address, which sources to ask and in what order, how to
//!   read SRV and MX answers, and how to merge what the sources said into ranked settings.
//!
//! **Architecture invariant:** this crate does no I/O. It builds every URL and DNS name
//! discovery needs, but the bridge fetches and resolves them (with its outbound policy
//! and short timeouts); the browser shows the provider comparison from the same data, so
//! the crate builds for `wasm32-unknown-unknown`.

pub mod address;
pub mod autoconfig;
pub mod discovery;
pub mod presets;
pub mod server;
pub mod setup_api;

pub use address::{AddressError, AddressParts};
pub use autoconfig::{AutoconfigError, ClientConfig, parse_autoconfig};
pub use discovery::{Candidate, DiscoveredSettings, Source, candidates, merge_findings};
pub use presets::{Preset, all_presets, preset_by_id, preset_for_domain, preset_for_mx};
pub use server::{AuthRequirement, Protocol, UsernameForm};
