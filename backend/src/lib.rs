//! Facteur's bridge: a JSON API over the user's IMAP and SMTP servers, and the server of
//! the built browser app.
//!
//! [`app`] builds the whole service from an [`AppState`]; `main` only reads the
//! configuration and serves it. Tests call the router without a socket.

pub mod compose;
pub mod compression;
pub mod config;
pub mod delivery;
pub mod error;
pub mod imap;
pub mod logging;
pub mod mime;
pub mod oauth;
pub mod routes;
pub mod security;
pub mod send;
pub mod server;
pub mod session;
pub mod settings;
pub mod setup;
pub mod sieve;
pub mod smtp;
pub mod state;
pub mod transport;
pub mod uploads;

pub use config::Config;
pub use state::AppState;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{any, get};
use routes::static_files;
use security::csrf::csrf_guard;
use security::headers::default_headers;
use security::slow_clients::{BodyDeadlines, MAX_JSON_BYTES, body_deadline};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole bridge: API, health check and the browser app, with security layers.
pub fn app(state: AppState) -> Router {
    let api = routes::table::api_routes()
        .route("/api", any(static_files::unknown_api))
        .route("/api/{*rest}", any(static_files::unknown_api))
        .route("/healthz", get(|| async { "ok" }))
        // Answers carry mail, addresses and settings: no cache, shared or private, may
        // keep them (a handler may say more, e.g. `private, no-store`).
        .layer(SetResponseHeaderLayer::if_not_present(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        ));
    // Every JSON body is refused past the limit while it arrives, before parsing (the
    // upload route lifts it and streams with its own limit); every body has a deadline.
    let deadlines = BodyDeadlines::from(&state.config.http);
    let api = api
        .layer(DefaultBodyLimit::max(MAX_JSON_BYTES))
        .layer(middleware::from_fn_with_state(deadlines, body_deadline))
        .layer(compression::api_compression());
    let mut router = static_files::serve_app(api, &state.config.static_dir)
        .layer(middleware::from_fn(csrf_guard));
    for (name, value) in default_headers() {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            axum::http::HeaderName::from_static(name),
            value,
        ));
    }
    router.layer(TraceLayer::new_for_http()).with_state(state)
}
