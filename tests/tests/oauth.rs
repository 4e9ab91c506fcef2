//! The bridge's OAuth client against a real authorization server on loopback
//! (`facteur_tests::oauth_server`): consent, the code exchange with PKCE, refresh after
//! the access token expired, revocation at sign-out, and the typed failures (consent
//! refused, a forged callback, a verifier that does not match, a revoked grant).

use axum::body::Bytes;
use axum::http::{Request, header};
use facteur_backend::oauth::client::OAuthHttp;
use facteur_backend::oauth::config::{OAuthConfig, OAuthProvider, OAuthProviders};
use facteur_backend::oauth::credential::{AccessTokens, OAuthCredential};
use facteur_backend::oauth::exchange::{OAuthFailure, Revocation, exchange_code, refresh, revoke};
use facteur_backend::oauth::pkce::{CallbackQuery, PendingSignIn};
use facteur_backend::session::SessionId;
use facteur_tests::oauth_server::{OAuthServer, OAuthServerSettings};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;
use url::Url;

const REDIRECT: &str = "http://localhost:8080/api/oauth/callback";

async fn server() -> OAuthServer {
    OAuthServer::start(OAuthServerSettings {
        client_id: "facteur-test".into(),
        client_secret: Some("test-secret".into()),
        redirect_uri: REDIRECT.into(),
        scopes: vec!["mail".into(), "offline_access".into()],
        user: "test1@example.test".into(),
        access_lifetime_secs: 300,
    })
    .await
}

fn provider(server: &OAuthServer) -> OAuthProvider {
    providers(server).all()[0].clone()
}

fn providers(server: &OAuthServer) -> OAuthProviders {
    let base = &server.base_url;
    let config: OAuthConfig = toml::from_str(&format!(
        "redirect_url = \"{REDIRECT}\"\n[[providers]]\nid = \"test\"\nname = \"Test ID\"\n\
         authorization_endpoint = \"{base}/authorize\"\ntoken_endpoint = \"{base}/token\"\n\
         revocation_endpoint = \"{base}/revoke\"\n\
         client_id = \"facteur-test\"\nclient_secret = \"test-secret\"\n\
         scopes = [\"mail\", \"offline_access\"]\n\
         imap = {{ host = \"127.0.0.1\", port = 143, security = \"plain\" }}\n\
         smtp = {{ host = \"127.0.0.1\", port = 587, security = \"start_tls\" }}\n\
         domains = [\"example.test\"]\n"
    ))
    .expect("the test provider's configuration");
    config.resolve(true).expect("a valid configuration")
}

fn http() -> OAuthHttp {
    OAuthHttp {
        tls: facteur_backend::transport::tls::client_config(None).expect("TLS roots"),
        allow_loopback: true,
        allow_private: false,
        timeout: Duration::from_secs(10),
    }
}

fn pending() -> PendingSignIn {
    let mut random = [0u8; 48];
    for (i, byte) in random.iter_mut().enumerate() {
        *byte = u8::try_from(i * 7 % 256).unwrap();
    }
    PendingSignIn::new("test", "test1@example.test", random, unix_now())
}

fn unix_now() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
}

/// What a browser does at the consent page: loads it, then presses `decision`; gives the
/// query the provider sends the browser back with.
async fn consent(authorization_url: &Url, decision: &str) -> CallbackQuery {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let page = client
        .request(
            Request::get(authorization_url.as_str())
                .body(Full::default())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = String::from_utf8(
        page.into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(html.contains("Allow Facteur"), "{html}");
    // The form's hidden fields, as the browser would submit them.
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    for field in html.split("<input type=\"hidden\" ").skip(1) {
        let attribute = |name: &str| {
            let start = field.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            field[start..start + field[start..].find('"').unwrap()].replace("&amp;", "&")
        };
        form.append_pair(&attribute("name"), &attribute("value"));
    }
    form.append_pair("decision", decision);
    let mut post_url = authorization_url.clone();
    post_url.set_query(None);
    let answer = client
        .request(
            Request::post(post_url.as_str())
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Full::new(Bytes::from(form.finish())))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(answer.status(), 303);
    let location = answer.headers()[header::LOCATION].to_str().unwrap();
    let back = Url::parse(location).unwrap();
    assert!(back.as_str().starts_with(REDIRECT), "{back}");
    let get = |name: &str| {
        back.query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
    };
    CallbackQuery {
        code: get("code"),
        state: get("state"),
        error: get("error"),
    }
}

/// A pending sign-in the person approved, and the code its callback carries.
async fn approved(provider: &OAuthProvider) -> (PendingSignIn, String) {
    let pending = pending();
    let callback = consent(&pending.authorization_url(provider), "allow").await;
    let code = pending
        .accept(&callback, unix_now())
        .expect("our own callback")
        .to_owned();
    (pending, code)
}

#[tokio::test]
async fn consent_exchange_refresh_and_revocation_against_a_real_server() {
    let server = server().await;
    let provider = provider(&server);
    let http = http();
    let (pending, code) = approved(&provider).await;
    let code = code.as_str();
    let grant = exchange_code(&http, &provider, code, &pending.verifier, unix_now())
        .await
        .expect("a grant");
    assert_eq!(
        server.active_user(grant.access_token.expose()).as_deref(),
        Some("test1@example.test")
    );
    let refresh_token = grant.refresh_token.clone().expect("a refresh token");
    // The code is single-use.
    assert_eq!(
        exchange_code(&http, &provider, code, &pending.verifier, unix_now()).await,
        Err(OAuthFailure::TokenRevoked)
    );

    server.expire_access_tokens();
    assert_eq!(server.active_user(grant.access_token.expose()), None);
    let renewed = refresh(&http, &provider, &refresh_token, unix_now())
        .await
        .expect("a refreshed grant");
    assert_ne!(renewed.access_token, grant.access_token);
    assert_eq!(renewed.refresh_token.as_ref(), Some(&refresh_token));
    assert_eq!(
        server.active_user(renewed.access_token.expose()).as_deref(),
        Some("test1@example.test")
    );
    assert_eq!(server.refreshes(), 1);

    assert_eq!(
        revoke(&http, &provider, &refresh_token).await,
        Ok(Revocation::Revoked)
    );
    assert_eq!(server.revocations(), 1);
    // Revoking the refresh token ends its access tokens and any later refresh.
    assert_eq!(server.active_user(renewed.access_token.expose()), None);
    assert_eq!(
        refresh(&http, &provider, &refresh_token, unix_now()).await,
        Err(OAuthFailure::TokenRevoked)
    );
}

#[tokio::test]
async fn refused_consent_forged_callbacks_and_wrong_verifiers_fail_typed() {
    let server = server().await;
    let provider = provider(&server);
    let http = http();

    let pending_one = pending();
    let denied = consent(&pending_one.authorization_url(&provider), "deny").await;
    assert_eq!(
        pending_one
            .accept(&denied, unix_now())
            .map_err(OAuthFailure::from),
        Err(OAuthFailure::ConsentRefused)
    );

    // A callback made for another browser's pending sign-in is refused here.
    let mut other = pending();
    other.state = "someone-elses-state".into();
    let theirs = consent(&other.authorization_url(&provider), "allow").await;
    assert_eq!(
        pending_one
            .accept(&theirs, unix_now())
            .map_err(OAuthFailure::from),
        Err(OAuthFailure::StateMismatch)
    );

    // A stolen code is useless without the verifier that made its challenge.
    let code = theirs.code.as_deref().expect("a code");
    let mut random = [9u8; 48];
    random[0] = 1;
    let wrong = PendingSignIn::new("test", "x@example.test", random, unix_now());
    assert_eq!(
        exchange_code(&http, &provider, code, &wrong.verifier, unix_now()).await,
        Err(OAuthFailure::TokenRevoked)
    );
}

#[tokio::test]
async fn a_wrong_client_secret_is_the_operators_problem() {
    let server = server().await;
    let mut provider = provider(&server);
    provider.client_secret = Some("wrong".into());
    let (pending, code) = approved(&provider).await;
    assert_eq!(
        exchange_code(&http(), &provider, &code, &pending.verifier, unix_now()).await,
        Err(OAuthFailure::ClientRejected)
    );
}

/// Sign-in, then requests over the session: the cached access token until its refresh is
/// due (the clock is an input: no waiting), then a refreshed one the server accepts; after
/// sign-out the newest refresh token is the one revoked.
#[tokio::test]
async fn a_session_access_token_is_cached_then_refreshed_before_it_lapses() {
    let server = server().await;
    let providers = providers(&server);
    let provider = &providers.all()[0];
    let http = http();
    let (pending, code) = approved(provider).await;
    let now = unix_now();
    let grant = exchange_code(&http, provider, &code, &pending.verifier, now)
        .await
        .unwrap();
    let credential = OAuthCredential {
        provider: provider.id.clone(),
        refresh_token: grant.refresh_token.clone().unwrap(),
    };
    let session = SessionId::random().unwrap();
    let tokens = AccessTokens::default();
    tokens.remember(session, &grant, &credential.refresh_token);

    let before_due = grant.times.refresh_at() - 1;
    let first = tokens
        .current(&http, &providers, session, &credential, before_due)
        .await
        .unwrap();
    assert_eq!(first, grant.access_token);
    assert_eq!(server.refreshes(), 0);

    server.expire_access_tokens();
    let renewed = tokens
        .current(
            &http,
            &providers,
            session,
            &credential,
            grant.times.refresh_at(),
        )
        .await
        .unwrap();
    assert_ne!(renewed, grant.access_token);
    assert_eq!(server.refreshes(), 1);
    assert!(server.active_user(renewed.expose()).is_some());

    // Another instance (an empty cache) refreshes from the cookie's refresh token.
    let elsewhere = AccessTokens::default()
        .current(&http, &providers, session, &credential, unix_now())
        .await
        .unwrap();
    assert!(server.active_user(elsewhere.expose()).is_some());
    assert_eq!(server.refreshes(), 2);

    let to_revoke = tokens.forget(session, &credential);
    assert_eq!(
        revoke(&http, provider, &to_revoke).await,
        Ok(Revocation::Revoked)
    );
    assert_eq!(
        AccessTokens::default()
            .current(&http, &providers, session, &credential, unix_now())
            .await,
        Err(OAuthFailure::TokenRevoked)
    );
}
