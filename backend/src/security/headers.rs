//! Security headers on every response of the app.

use axum::http::HeaderValue;

/// The app's Content-Security-Policy: only its own scripts (plus WebAssembly compilation),
/// styles, images and API; never framed by others.
pub const APP_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; \
    object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The headers added to every response unless a handler set its own.
pub fn default_headers() -> [(&'static str, HeaderValue); 3] {
    [
        ("content-security-policy", HeaderValue::from_static(APP_CSP)),
        (
            "x-content-type-options",
            HeaderValue::from_static("nosniff"),
        ),
        ("referrer-policy", HeaderValue::from_static("same-origin")),
    ]
}
