//! A small, standards-following OAuth 2.0 authorization server on loopback, for the tests
//! of OAuth sign-in: the authorization endpoint with a consent page (RFC 6749 §4.1, only
//! registered redirect URIs, PKCE S256 required, RFC 7636), the token endpoint (code
//! exchange with the verifier checked, single-use codes, refresh), revocation (RFC 7009)
//! and introspection (RFC 7662, what a mail server asks). Access tokens live
//! `access_lifetime_secs`, and a test can expire them all at once instead of waiting.
//!
//! It checks PKCE with its own SHA-256 (ring), not with the bridge's code, so a test
//! proves the bridge agrees with the RFC, not with itself.

use axum::extract::{Form, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as BASE64URL;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::task::JoinHandle;

/// The registered client and how the server behaves.
#[derive(Debug, Clone)]
pub struct OAuthServerSettings {
    pub client_id: String,
    pub client_secret: Option<String>,
    /// The only redirect URI accepted, compared exactly.
    pub redirect_uri: String,
    /// Scopes granted when asked for; others are refused with `invalid_scope`.
    pub scopes: Vec<String>,
    /// The user the consent page signs in as.
    pub user: String,
    pub access_lifetime_secs: i64,
}

#[derive(Debug)]
struct CodeGrant {
    challenge: String,
    redirect_uri: String,
    scope: String,
}

#[derive(Debug, Clone)]
struct AccessGrant {
    user: String,
    scope: String,
    expires_at: i64,
    refresh_token: String,
}

#[derive(Debug, Default)]
struct Books {
    codes: HashMap<String, CodeGrant>,
    access: HashMap<String, AccessGrant>,
    /// Refresh token → its scope; removed when revoked.
    refresh: HashMap<String, String>,
    counter: u64,
    revocations: u32,
    refreshes: u32,
}

#[derive(Debug, Clone)]
struct Shared {
    settings: OAuthServerSettings,
    books: Arc<Mutex<Books>>,
}

/// A running authorization server; stops on drop.
#[derive(Debug)]
pub struct OAuthServer {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    shared: Shared,
    task: JoinHandle<()>,
}

impl Drop for OAuthServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl OAuthServer {
    /// Starts the server on `127.0.0.1:0`.
    pub async fn start(settings: OAuthServerSettings) -> OAuthServer {
        let shared = Shared {
            settings,
            books: Arc::default(),
        };
        let router = Router::new()
            .route("/authorize", get(consent_page).post(consent_answer))
            .route("/token", post(token))
            .route("/revoke", post(revoke))
            .route("/introspect", post(introspect))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the OAuth server");
        let port = listener.local_addr().expect("its address").port();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        OAuthServer {
            base_url: format!("http://127.0.0.1:{port}"),
            shared,
            task,
        }
    }

    /// Makes every access token issued so far expired, as time would.
    pub fn expire_access_tokens(&self) {
        let now = unix_now();
        for grant in self.books().access.values_mut() {
            grant.expires_at = now - 1;
        }
    }

    /// How many refresh tokens were revoked through the revocation endpoint.
    pub fn revocations(&self) -> u32 {
        self.books().revocations
    }

    /// How many access tokens were issued by refreshing.
    pub fn refreshes(&self) -> u32 {
        self.books().refreshes
    }

    /// The user an access token stands for, while it is active.
    pub fn active_user(&self, access_token: &str) -> Option<String> {
        active(&self.books(), access_token).map(|grant| grant.user.clone())
    }

    fn books(&self) -> std::sync::MutexGuard<'_, Books> {
        self.shared
            .books
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn active<'a>(books: &'a Books, token: &str) -> Option<&'a AccessGrant> {
    books.access.get(token).filter(|grant| {
        grant.expires_at > unix_now() && books.refresh.contains_key(&grant.refresh_token)
    })
}

fn random_token(books: &mut Books, kind: &str) -> String {
    books.counter += 1;
    let mut bytes = [0u8; 16];
    getrandom(&mut bytes);
    format!("{kind}-{}-{}", books.counter, BASE64URL.encode(bytes))
}

fn getrandom(bytes: &mut [u8]) {
    use ring::rand::SecureRandom;
    ring::rand::SystemRandom::new()
        .fill(bytes)
        .expect("system randomness");
}

#[derive(Debug, Deserialize)]
struct AuthorizeQuery {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

/// RFC 6749 §4.1.2.1: a bad client or redirect URI is shown, never redirected to.
async fn consent_page(
    State(shared): State<Shared>,
    Query(query): Query<AuthorizeQuery>,
) -> Response {
    let settings = &shared.settings;
    if query.client_id.as_deref() != Some(&settings.client_id)
        || query.redirect_uri.as_deref() != Some(&settings.redirect_uri)
    {
        return (StatusCode::BAD_REQUEST, "unknown client or redirect URI").into_response();
    }
    let state = query.state.clone().unwrap_or_default();
    let problem = if query.response_type.as_deref() != Some("code") {
        Some("unsupported_response_type")
    } else if query.code_challenge_method.as_deref() != Some("S256")
        || query.code_challenge.as_deref().is_none_or(str::is_empty)
    {
        Some("invalid_request")
    } else {
        None
    };
    if let Some(error) = problem {
        return redirect_back(
            &settings.redirect_uri,
            &[("error", error), ("state", &state)],
        );
    }
    let hidden = |name: &str, value: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            escape(value)
        )
    };
    let scope = query.scope.clone().unwrap_or_default();
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><title>Test identity provider</title></head>\
         <body><h1>Allow Facteur to read and send {user}'s mail?</h1>\
         <form method=\"post\" action=\"/authorize\">{}{}{}\
         <button id=\"allow\" name=\"decision\" value=\"allow\">Allow</button>\
         <button id=\"deny\" name=\"decision\" value=\"deny\">Deny</button></form></body></html>",
        hidden("state", &state),
        hidden("scope", &scope),
        hidden(
            "code_challenge",
            query.code_challenge.as_deref().unwrap_or("")
        ),
        user = escape(&settings.user),
    ))
    .into_response()
}

#[derive(Debug, Deserialize)]
struct ConsentForm {
    decision: String,
    state: String,
    scope: String,
    code_challenge: String,
}

async fn consent_answer(State(shared): State<Shared>, Form(form): Form<ConsentForm>) -> Response {
    let settings = &shared.settings;
    if form.decision != "allow" {
        return redirect_back(
            &settings.redirect_uri,
            &[("error", "access_denied"), ("state", &form.state)],
        );
    }
    if form
        .scope
        .split_ascii_whitespace()
        .any(|scope| !settings.scopes.iter().any(|known| known == scope))
    {
        return redirect_back(
            &settings.redirect_uri,
            &[("error", "invalid_scope"), ("state", &form.state)],
        );
    }
    let code = {
        let mut books = shared
            .books
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let code = random_token(&mut books, "code");
        books.codes.insert(
            code.clone(),
            CodeGrant {
                challenge: form.code_challenge,
                redirect_uri: settings.redirect_uri.clone(),
                scope: form.scope,
            },
        );
        code
    };
    redirect_back(
        &settings.redirect_uri,
        &[("code", &code), ("state", &form.state)],
    )
}

fn redirect_back(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    let mut url = url::Url::parse(redirect_uri).expect("the registered redirect URI");
    url.query_pairs_mut().extend_pairs(pairs.iter().copied());
    (StatusCode::SEE_OTHER, [(header::LOCATION, url.to_string())]).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[derive(Debug, Deserialize)]
struct TokenForm {
    grant_type: String,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

fn token_error(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

async fn token(State(shared): State<Shared>, Form(form): Form<TokenForm>) -> Response {
    let settings = &shared.settings;
    if form.client_id.as_deref() != Some(&settings.client_id)
        || form.client_secret != settings.client_secret
    {
        return token_error(StatusCode::UNAUTHORIZED, "invalid_client");
    }
    let mut books = shared
        .books
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // The scope, the refresh token the access token hangs on, and whether it is new.
    let (scope, owner, new_refresh) = match form.grant_type.as_str() {
        "authorization_code" => {
            // Single use: removed whatever the outcome.
            let Some(grant) = form
                .code
                .as_deref()
                .and_then(|code| books.codes.remove(code))
            else {
                return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
            };
            let verifier = form.code_verifier.unwrap_or_default();
            let challenge = BASE64URL.encode(ring::digest::digest(
                &ring::digest::SHA256,
                verifier.as_bytes(),
            ));
            if challenge != grant.challenge
                || form.redirect_uri.as_deref() != Some(&grant.redirect_uri)
            {
                return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
            }
            let refresh_token = random_token(&mut books, "refresh");
            books
                .refresh
                .insert(refresh_token.clone(), grant.scope.clone());
            (grant.scope, refresh_token, true)
        }
        "refresh_token" => {
            let token = form.refresh_token.unwrap_or_default();
            let Some(scope) = books.refresh.get(&token).cloned() else {
                return token_error(StatusCode::BAD_REQUEST, "invalid_grant");
            };
            books.refreshes += 1;
            (scope, token, false)
        }
        _ => return token_error(StatusCode::BAD_REQUEST, "unsupported_grant_type"),
    };
    let access_token = random_token(&mut books, "access");
    let lifetime = settings.access_lifetime_secs;
    books.access.insert(
        access_token.clone(),
        AccessGrant {
            user: settings.user.clone(),
            scope: scope.clone(),
            expires_at: unix_now() + lifetime,
            refresh_token: owner.clone(),
        },
    );
    let mut answer = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "scope": scope,
    });
    if new_refresh {
        answer["refresh_token"] = json!(owner);
    }
    ([(header::CACHE_CONTROL, "no-store")], Json(answer)).into_response()
}

#[derive(Debug, Deserialize)]
struct TokenOnly {
    token: String,
}

/// RFC 7009 §2.2: 200 whether or not the token was known.
async fn revoke(State(shared): State<Shared>, Form(form): Form<TokenOnly>) -> StatusCode {
    let mut books = shared
        .books
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if books.refresh.remove(&form.token).is_some() {
        books.revocations += 1;
    }
    StatusCode::OK
}

/// RFC 7662: `active` with the user name, or only `{"active": false}`.
async fn introspect(
    State(shared): State<Shared>,
    Form(form): Form<TokenOnly>,
) -> Json<serde_json::Value> {
    let books = shared
        .books
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Json(match active(&books, &form.token) {
        Some(grant) => json!({
            "active": true,
            "username": grant.user,
            "scope": grant.scope,
            "exp": grant.expires_at,
        }),
        None => json!({ "active": false }),
    })
}
