//! The built browser app: content-hashed `/assets/*` cached for a year, everything else
//! (the SPA's own routes included) answered with `index.html`, revalidated every time.

use crate::error::Error;
use axum::Router;
use axum::http::{HeaderValue, Response, header};
use std::path::Path;
use tower::ServiceBuilder;
use tower_http::services::{ServeDir, ServeFile};

/// `Cache-Control` of content-hashed assets.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Adds the static routes to `router`.
pub fn serve_app<S: Clone + Send + Sync + 'static>(router: Router<S>, dir: &Path) -> Router<S> {
    let assets = ServiceBuilder::new()
        .map_response(|mut response: Response<_>| {
            if response.status().is_success() {
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
            }
            response
        })
        .service(
            ServeDir::new(dir.join("assets"))
                .precompressed_br()
                .precompressed_gzip(),
        );
    let app = ServiceBuilder::new()
        .map_response(|mut response: Response<_>| {
            response
                .headers_mut()
                .entry(header::CACHE_CONTROL)
                .or_insert(HeaderValue::from_static("no-cache"));
            response
        })
        .service(
            ServeDir::new(dir)
                .precompressed_br()
                .precompressed_gzip()
                .fallback(ServeFile::new(dir.join("index.html"))),
        );
    router.nest_service("/assets", assets).fallback_service(app)
}

/// Any `/api/...` route that does not exist: a problem, never the SPA page.
pub async fn unknown_api() -> Error {
    Error::UnknownRoute
}
