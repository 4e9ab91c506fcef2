//! Signing in with an OAuth 2.0 provider (Google, Microsoft, or one the operator
//! configures) instead of a password: the operator's configuration (`config.rs`).

pub mod config;
