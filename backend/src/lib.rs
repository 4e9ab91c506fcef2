//! Facteur's bridge: a JSON API over the user's IMAP and SMTP servers, and the server of
//! the built browser app.
//!
//! [`app`] builds the whole service from an [`AppState`]; `main` only reads the
//! configuration and serves it. Tests call the router without a socket.

pub mod compose;
pub mod config;
pub mod delivery;
pub mod error;
pub mod imap;
pub mod logging;
pub mod mime;
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
use axum::routing::{any, delete, get, post};
use routes::{
    folder_admin, folders, messages, session as session_routes, settings as settings_routes,
    sieve as sieve_routes, static_files, transfer,
};
use security::csrf::csrf_guard;
use security::headers::default_headers;
use security::slow_clients::{BodyDeadlines, MAX_JSON_BYTES, body_deadline};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole bridge: API, health check and the browser app, with security layers.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route(
            "/api/session",
            post(session_routes::sign_in)
                .get(session_routes::current)
                .delete(session_routes::sign_out),
        )
        .route(
            "/api/folders",
            get(folders::list).post(folder_admin::create),
        )
        .route("/api/folders/{folder}", delete(folder_admin::delete))
        .route("/api/folders/{folder}/rename", post(folder_admin::rename))
        .route(
            "/api/folders/{folder}/subscription",
            post(folder_admin::subscription),
        )
        .route("/api/folders/{folder}/move", post(transfer::move_messages))
        .route("/api/folders/{folder}/copy", post(transfer::copy_messages))
        .route("/api/folders/{folder}/messages", get(messages::list))
        .route(
            "/api/folders/{folder}/messages/{uid}/text",
            get(messages::text),
        )
        .route(
            "/api/folders/{folder}/messages/{uid}/headers",
            get(messages::headers),
        )
        .route(
            "/api/folders/{folder}/messages/{uid}/delivery",
            get(routes::delivery::delivery),
        )
        .route(
            "/api/folders/{folder}/messages/{uid}/report",
            get(routes::delivery::report),
        )
        .route(
            "/api/folders/{folder}/messages/{uid}",
            get(messages::detail),
        )
        .route(
            "/api/folders/{folder}/messages/{uid}/body.html",
            get(messages::body_html),
        )
        .route(
            "/api/folders/{folder}/messages/{uid}/attachments/{index}",
            get(messages::download_attachment),
        )
        .route("/api/folders/{folder}/flags", post(messages::flags))
        .route("/api/send", post(routes::send::send))
        .route("/api/compose/capabilities", get(routes::send::capabilities))
        .route(
            "/api/folders/{folder}/messages/{uid}/receipt",
            post(routes::send::answer_receipt),
        )
        .route(
            "/api/uploads",
            post(routes::uploads::upload).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/api/uploads/{id}", delete(routes::uploads::remove))
        .route("/api/drafts", axum::routing::put(routes::drafts::save))
        .route(
            "/api/folders/{folder}/messages/{uid}/draft",
            get(routes::drafts::open),
        )
        .route("/api/addresses", get(routes::addresses::suggest))
        .route(
            "/api/settings",
            get(settings_routes::get).put(settings_routes::put),
        )
        .route("/api/sieve", get(sieve_routes::get).put(sieve_routes::put))
        .route(
            providers::setup_api::DISCOVER_PATH,
            get(routes::setup::discover),
        )
        .route(
            providers::setup_api::CONNECTION_TEST_PATH,
            post(routes::setup::test),
        )
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
        .layer(middleware::from_fn_with_state(deadlines, body_deadline));
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
