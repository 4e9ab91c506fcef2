//! An API client for `oneshot` tests, standing in for the browser app: requests through the router, the session
//! cookie kept between them, replies with their problem codes.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use facteur_model::api::{MessagePage, SessionStatus, SignedOutReason};
use http_body_util::BodyExt;
use serde::de::DeserializeOwned;
use tower::ServiceExt;

/// What came back from the bridge.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{e}: {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn code(&self) -> String {
        let value: serde_json::Value = self.json();
        assert_eq!(
            self.headers[header::CONTENT_TYPE],
            "application/problem+json",
            "{value}"
        );
        value["code"].as_str().unwrap_or_default().to_owned()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: header::HeaderName) -> String {
        self.headers
            .get(&name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }
}

/// A browser stand-in: the router and, once signed in, the session cookie.
pub struct ApiClient {
    pub router: Router,
    /// `facteur_session=...` once signed in.
    pub cookie: Option<String>,
}

impl ApiClient {
    pub fn new(router: Router) -> ApiClient {
        ApiClient {
            router,
            cookie: None,
        }
    }

    pub async fn send(&self, builder: axum::http::request::Builder, body: Body) -> Reply {
        let builder = match &self.cookie {
            Some(cookie) => builder.header(header::COOKIE, cookie),
            None => builder,
        };
        let response = self
            .router
            .clone()
            .oneshot(builder.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.send(Request::get(uri), Body::empty()).await
    }

    pub async fn post(&self, uri: &str, json: serde_json::Value) -> Reply {
        let builder = Request::post(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-facteur-request", "1");
        self.send(builder, Body::from(json.to_string())).await
    }

    pub async fn sign_in(&mut self, login: serde_json::Value) -> Reply {
        let reply = self.post("/api/session", login).await;
        if reply.status == StatusCode::OK {
            let set_cookie = reply.header(header::SET_COOKIE);
            let pair = set_cookie.split(';').next().unwrap_or_default().to_owned();
            self.cookie = Some(pair);
        }
        reply
    }

    /// `GET /api/session`, which answers `200` signed in or signed out.
    pub async fn session_status(&self) -> SessionStatus {
        let reply = self.get("/api/session").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json()
    }

    /// Whether `GET /api/session` says the cookie holds a live session.
    pub async fn is_signed_in(&self) -> bool {
        matches!(self.session_status().await, SessionStatus::SignedIn(_))
    }

    /// Why `GET /api/session` says there is no live session; panics when there is one.
    pub async fn signed_out_reason(&self) -> SignedOutReason {
        match self.session_status().await {
            SessionStatus::SignedOut { reason } => reason,
            SessionStatus::SignedIn(info) => panic!("still signed in as {}", info.email),
        }
    }

    pub async fn page(&self, folder: &str, query: &str) -> MessagePage {
        let reply = self
            .get(&format!("/api/folders/{folder}/messages{query}"))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        reply.json()
    }
}
