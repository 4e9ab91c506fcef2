//! Signing in with an OAuth 2.0 provider (Google, Microsoft, or one the operator
//! configures) instead of a password: the operator's configuration (`config.rs`), the
//! grant a session carries in its sealed cookie and the access tokens made from it
//! (`credential.rs`), the PKCE and `state` proof bound to the browser (`pkce.rs`), and the token requests,
//! answers and refresh timing (`token.rs`), and the HTTP client that reaches only the
//! configured token and revocation endpoints (`client.rs`) with the exchange, refresh and
//! revocation the flow makes over it (`exchange.rs`). The SASL answers carrying the access token
//! are built in `transport/sasl.rs`.

pub mod client;
pub mod config;
pub mod credential;
pub mod exchange;
pub mod pkce;
pub mod token;
