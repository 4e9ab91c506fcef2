//! Cross-site request checks for state-changing requests (POST, PUT, PATCH, DELETE).
//!
//! SameSite=Strict already keeps the cookie off cross-site requests; these checks add a
//! second, independent layer: a custom header (which a cross-site form cannot send and a
//! cross-site `fetch` cannot send without a CORS preflight we never grant), Fetch
//! Metadata, and the Origin header.

use crate::error::Error;
use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The header the browser app sends on every state-changing request.
pub const REQUEST_HEADER: &str = "x-facteur-request";

/// Middleware: rejects state-changing requests that fail [`check`].
pub async fn csrf_guard(request: Request, next: Next) -> Response {
    match check(request.method(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

/// The checks themselves, pure so they are easy to test.
pub fn check(method: &Method, headers: &HeaderMap) -> Result<(), Error> {
    let changes_state = matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if !changes_state {
        return Ok(());
    }
    if headers.get(REQUEST_HEADER).map(|v| v.as_bytes()) != Some(b"1") {
        return Err(Error::CsrfRejected("missing X-Facteur-Request header"));
    }
    if let Some(site) = headers.get("sec-fetch-site")
        && !matches!(site.as_bytes(), b"same-origin" | b"none")
    {
        return Err(Error::CsrfRejected("cross-site request (Sec-Fetch-Site)"));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let origin_host = origin.to_str().ok().and_then(origin_authority);
        match (origin_host, host) {
            (Some(origin_host), Some(host)) if origin_host.eq_ignore_ascii_case(host) => {}
            _ => return Err(Error::CsrfRejected("Origin does not match Host")),
        }
    }
    Ok(())
}

/// The `host[:port]` part of an Origin value (`null` and garbage give `None`).
fn origin_authority(origin: &str) -> Option<&str> {
    let (scheme, rest) = origin.split_once("://")?;
    if !matches!(scheme, "http" | "https") || rest.is_empty() || rest.contains('/') {
        return None;
    }
    Some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn safe_methods_pass_untouched() {
        assert!(check(&Method::GET, &HeaderMap::new()).is_ok());
        assert!(check(&Method::HEAD, &HeaderMap::new()).is_ok());
    }

    #[test]
    fn state_changes_need_every_check() {
        let ok = [
            vec![("x-facteur-request", "1")],
            vec![
                ("x-facteur-request", "1"),
                ("sec-fetch-site", "same-origin"),
            ],
            vec![("x-facteur-request", "1"), ("sec-fetch-site", "none")],
            vec![
                ("x-facteur-request", "1"),
                ("origin", "http://localhost:8080"),
                ("host", "localhost:8080"),
            ],
        ];
        for case in ok {
            assert!(check(&Method::POST, &headers(&case)).is_ok(), "{case:?}");
        }
        let rejected = [
            vec![],
            vec![("x-facteur-request", "0")],
            vec![("x-facteur-request", "1"), ("sec-fetch-site", "cross-site")],
            vec![("x-facteur-request", "1"), ("sec-fetch-site", "same-site")],
            vec![
                ("x-facteur-request", "1"),
                ("origin", "https://evil.test"),
                ("host", "localhost:8080"),
            ],
            vec![
                ("x-facteur-request", "1"),
                ("origin", "null"),
                ("host", "localhost:8080"),
            ],
            vec![
                ("x-facteur-request", "1"),
                ("origin", "http://localhost:8080"),
            ],
        ];
        for case in rejected {
            for method in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
                let result = check(&method, &headers(&case));
                assert!(
                    matches!(result, Err(Error::CsrfRejected(_))),
                    "{method} {case:?}"
                );
            }
        }
    }
}
