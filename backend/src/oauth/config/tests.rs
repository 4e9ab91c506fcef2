use super::*;

#[derive(Debug, Deserialize)]
struct Wrapper {
    oauth: OAuthConfig,
}

fn parse(text: &str) -> OAuthConfig {
    toml::from_str::<Wrapper>(text).unwrap().oauth
}

fn error_key(text: &str, allow_loopback: bool) -> String {
    parse(text).resolve(allow_loopback).unwrap_err().key
}

const GENERIC: &str = "[oauth]\nredirect_url = \"https://mail.example.org/api/oauth/callback\"\n\
    [[oauth.providers]]\nid = \"corp\"\nname = \"Corp ID\"\n\
    authorization_endpoint = \"https://id.example.org/authorize\"\n\
    token_endpoint = \"https://id.example.org/token\"\n\
    revocation_endpoint = \"https://id.example.org/revoke\"\n\
    client_id = \"facteur\"\nclient_secret = \"s3cr3t-value\"\n\
    scopes = [\"openid\", \"mail\"]\n\
    imap = { host = \"imap.example.org\", port = 993, security = \"tls\" }\n\
    smtp = { host = \"smtp.example.org\", port = 587, security = \"start_tls\" }\n\
    domains = [\"Example.ORG\"]\nmx_suffixes = [\"mx.example.org\"]\n";

#[test]
fn nothing_configured_means_no_provider() {
    let providers = OAuthConfig::default().resolve(false).unwrap();
    assert!(providers.all().is_empty());
    assert!(providers.for_domain("gmail.com").is_none());
}

#[test]
fn google_and_microsoft_need_only_their_registration() {
    let providers = parse(
        "[oauth]\nredirect_url = \"https://mail.example.org/api/oauth/callback\"\n\
         [oauth.google]\nclient_id = \"123.apps.googleusercontent.com\"\nclient_secret = \"g\"\n\
         [oauth.microsoft]\nclient_id = \"00000000-1111-2222-3333-444444444444\"\n",
    )
    .resolve(false)
    .unwrap();
    let google = providers.for_domain("GMAIL.com.").unwrap();
    assert_eq!(google.id, "google");
    assert_eq!(google.scopes, ["https://mail.google.com/"]);
    assert_eq!(google.imap.host, "imap.gmail.com");
    assert!(google.revocation_endpoint.is_some());
    let microsoft = providers.for_domain("hotmail.fr").unwrap();
    assert_eq!(microsoft.id, "microsoft");
    assert_eq!(
        microsoft.token_endpoint.as_str(),
        "https://login.microsoftonline.com/common/oauth2/v2.0/token"
    );
    assert!(microsoft.scopes.iter().any(|s| s == "offline_access"));
    assert!(microsoft.revocation_endpoint.is_none());
    // A Microsoft 365 organisation is found through its MX, the longest suffix winning.
    assert_eq!(
        providers
            .for_mx("contoso-com.mail.protection.outlook.com")
            .map(|p| p.id.as_str()),
        Some("microsoft")
    );
    assert_eq!(
        providers
            .for_mx("aspmx.l.google.com")
            .map(|p| p.id.as_str()),
        Some("google")
    );
    assert!(providers.for_mx("mx.example.net").is_none());
}

#[test]
fn a_microsoft_tenant_goes_into_the_endpoints_and_is_checked() {
    let providers = parse(
        "[oauth.microsoft]\nclient_id = \"abc\"\ntenant = \"contoso.onmicrosoft.com\"\n\
         redirect_url = \"https://mail.example.org/api/oauth/callback\"\n",
    )
    .resolve(false)
    .unwrap();
    assert!(
        providers.all()[0]
            .authorization_endpoint
            .as_str()
            .contains("/contoso.onmicrosoft.com/oauth2/v2.0/authorize")
    );
    let bad = "[oauth.microsoft]\nclient_id = \"abc\"\ntenant = \"a/../b\"\n\
               redirect_url = \"https://mail.example.org/api/oauth/callback\"\n";
    assert_eq!(error_key(bad, false), "oauth.microsoft.tenant");
}

#[test]
fn a_generic_provider_is_resolved_with_its_domains_folded() {
    let providers = parse(GENERIC).resolve(false).unwrap();
    let corp = providers.by_id("corp").unwrap();
    assert_eq!(corp.domains, ["example.org"]);
    assert!(corp.serves_domain("example.org"));
    assert_eq!(
        providers.for_mx("mx1.mx.example.org").map(|p| &*p.id),
        Some("corp")
    );
    let url = |text: &str| Url::parse(text).unwrap();
    assert!(corp.is_configured_endpoint(&url("https://id.example.org/token")));
    assert!(corp.is_configured_endpoint(&url("https://id.example.org/revoke")));
    assert!(!corp.is_configured_endpoint(&url("https://id.example.org/other")));
}

#[test]
fn every_mistake_names_its_key() {
    let cases = [
        (
            GENERIC.replace(
                "https://id.example.org/token",
                "http://id.example.org/token",
            ),
            "oauth.providers[0].token_endpoint",
        ),
        (
            GENERIC.replace("https://id.example.org/revoke", "ftp://id.example.org/r"),
            "oauth.providers[0].revocation_endpoint",
        ),
        (
            GENERIC.replace(
                "https://id.example.org/authorize",
                "https://user:pw@id.example.org/a",
            ),
            "oauth.providers[0].authorization_endpoint",
        ),
        (
            GENERIC.replace("id = \"corp\"", "id = \"c o r p\""),
            "oauth.providers[0].id",
        ),
        (
            GENERIC.replace("client_id = \"facteur\"", "client_id = \"  \""),
            "oauth.providers[0].client_id",
        ),
        (
            GENERIC.replace("[\"openid\", \"mail\"]", "[]"),
            "oauth.providers[0].scopes",
        ),
        (
            GENERIC.replace("\"mail\"]", "\"ma\\\"il\"]"),
            "oauth.providers[0].scopes",
        ),
        (
            GENERIC.replace("[\"Example.ORG\"]", "[\"not a domain\"]"),
            "oauth.providers[0].domains",
        ),
        (
            GENERIC
                .replace("domains = [\"Example.ORG\"]\n", "")
                .replace("mx_suffixes = [\"mx.example.org\"]\n", ""),
            "oauth.providers[0].domains",
        ),
        (
            GENERIC.replace(
                "redirect_url = \"https://mail.example.org/api/oauth/callback\"",
                "redirect_url = \"http://mail.example.org/api/oauth/callback\"",
            ),
            "oauth.redirect_url",
        ),
        (
            GENERIC.replace(
                "redirect_url = \"https://mail.example.org/api/oauth/callback\"\n",
                "",
            ),
            "oauth.providers[0].redirect_url",
        ),
    ];
    for (text, key) in cases {
        assert_eq!(error_key(&text, false), key, "{text}");
    }
}

#[test]
fn plain_http_endpoints_only_on_loopback_when_allowed() {
    let local = GENERIC
        .replace("https://id.example.org/", "http://127.0.0.1:8999/")
        .replace(
            "https://mail.example.org/api/oauth/callback",
            "http://localhost:8080/api/oauth/callback",
        );
    assert!(parse(&local).resolve(true).is_ok());
    assert_eq!(
        error_key(&local, false),
        "oauth.providers[0].authorization_endpoint"
    );
    // A name that resolves to loopback is not enough: only a literal loopback address.
    let named = GENERIC.replace("https://id.example.org/", "http://localhost:8999/");
    assert!(parse(&named).resolve(true).is_err());
}

#[test]
fn ids_and_domains_are_claimed_once() {
    let second = &GENERIC[GENERIC.find("[[oauth.providers]]").unwrap()..];
    let twice = format!("{GENERIC}{second}");
    let error = parse(&twice).resolve(false).unwrap_err();
    assert!(error.reason.contains("twice"), "{error}");
    let same_domain = twice.replacen("id = \"corp\"", "id = \"other\"", 1);
    let error = parse(&same_domain).resolve(false).unwrap_err();
    assert!(error.reason.contains("example.org"), "{error}");
}

#[test]
fn unknown_keys_are_refused() {
    let text = GENERIC.replace("client_id = \"facteur\"", "clientid = \"facteur\"");
    assert!(toml::from_str::<Wrapper>(&text).is_err());
}

#[test]
fn debug_never_shows_a_client_secret() {
    let config = parse(GENERIC);
    let providers = config.resolve(false).unwrap();
    let text = format!("{config:?} {providers:?}");
    assert!(!text.contains("s3cr3t"), "{text}");
    assert_eq!(
        providers.all()[0]
            .client_secret
            .as_ref()
            .map(ClientSecret::expose),
        Some("s3cr3t-value")
    );
}
