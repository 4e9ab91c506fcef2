//! The operator's OAuth 2.0 configuration (`[oauth]`): which identity providers Facteur
//! may send people to, checked once at start and resolved into [`OAuthProviders`].
//!
//! Off unless configured: with no `[oauth.google]`, `[oauth.microsoft]` or
//! `[[oauth.providers]]` the bridge offers passwords only. The endpoints configured here
//! are the only URLs the bridge's OAuth client ever requests, so it cannot be turned
//! into an open proxy by a browser.
//!
//! Over 450 lines: the three kinds of provider, each key's check with the message that
//! names it, and the URL rules they share; the tests are in `config/tests.rs`.

use facteur_model::api::ServerEndpoint;
use facteur_providers::{Preset, Protocol, preset_by_id};
use serde::Deserialize;
use std::fmt;
use url::{Host, Url};

/// The `[oauth]` section as written by the operator.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OAuthConfig {
    /// Where providers send the browser back (`https://mail.example.org/api/oauth/callback`),
    /// for every provider that names none of its own.
    pub redirect_url: Option<String>,
    /// Google accounts (Gmail and Google Workspace).
    pub google: Option<ClientRegistration>,
    /// Microsoft accounts (Outlook.com, Hotmail, Microsoft 365).
    pub microsoft: Option<MicrosoftRegistration>,
    /// Any other standards-following provider (Yahoo, AOL, the operator's own).
    pub providers: Vec<GenericProvider>,
}

/// Facteur's registration with a provider whose endpoints Facteur knows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientRegistration {
    /// The client (application) id the provider gave.
    pub client_id: String,
    /// The client secret, for providers that issue one to web applications.
    pub client_secret: Option<ClientSecret>,
    /// Overrides `[oauth] redirect_url` for this provider.
    pub redirect_url: Option<String>,
}

/// Facteur's registration with Microsoft's identity platform.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MicrosoftRegistration {
    /// The application (client) id from the Azure portal.
    pub client_id: String,
    /// The client secret, for a "Web" platform registration.
    pub client_secret: Option<ClientSecret>,
    /// `common` (personal and work accounts), `consumers`, `organizations`, or one
    /// tenant's id or domain.
    #[serde(default = "common_tenant")]
    pub tenant: String,
    /// Overrides `[oauth] redirect_url` for Microsoft.
    pub redirect_url: Option<String>,
}

fn common_tenant() -> String {
    "common".to_owned()
}

/// A provider described entirely by the operator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericProvider {
    /// A short stable identifier (`yahoo`, `corp`): letters, digits, `-`.
    pub id: String,
    /// The name on the sign-in button (« Se connecter avec … »).
    pub name: String,
    /// RFC 6749 authorization endpoint.
    pub authorization_endpoint: String,
    /// RFC 6749 token endpoint.
    pub token_endpoint: String,
    /// RFC 7009 revocation endpoint, when the provider has one.
    pub revocation_endpoint: Option<String>,
    pub client_id: String,
    pub client_secret: Option<ClientSecret>,
    /// Overrides `[oauth] redirect_url` for this provider.
    pub redirect_url: Option<String>,
    /// The scopes to ask for (IMAP/SMTP access and, usually, a refresh token).
    pub scopes: Vec<String>,
    pub imap: ServerEndpoint,
    pub smtp: ServerEndpoint,
    /// Address domains it serves (`example.org`).
    #[serde(default)]
    pub domains: Vec<String>,
    /// MX host suffixes that reveal a domain it hosts (`mx.example.org`).
    #[serde(default)]
    pub mx_suffixes: Vec<String>,
}

/// A client secret: deserialized from the configuration, never shown in a log line.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct ClientSecret(String);

impl ClientSecret {
    /// The secret, for the token request's body only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ClientSecret(<redacted>)")
    }
}

impl From<&str> for ClientSecret {
    fn from(text: &str) -> Self {
        ClientSecret(text.to_owned())
    }
}

/// One usable provider, every URL checked.
#[derive(Debug, Clone)]
pub struct OAuthProvider {
    /// `google`, `microsoft`, or the operator's id.
    pub id: String,
    /// The name on the sign-in button.
    pub name: String,
    pub authorization_endpoint: Url,
    pub token_endpoint: Url,
    pub revocation_endpoint: Option<Url>,
    /// Asked for together, space-separated (RFC 6749 §3.3).
    pub scopes: Vec<String>,
    /// Parameters the provider needs besides the standard ones (Google hands out a
    /// refresh token only with `access_type=offline`).
    pub extra_authorization_parameters: Vec<(&'static str, &'static str)>,
    pub client_id: String,
    pub client_secret: Option<ClientSecret>,
    pub redirect_url: Url,
    pub imap: ServerEndpoint,
    pub smtp: ServerEndpoint,
    /// Lower-case address domains.
    pub domains: Vec<String>,
    /// Lower-case MX suffixes.
    pub mx_suffixes: Vec<String>,
}

impl OAuthProvider {
    /// Whether this provider serves addresses at `domain`.
    pub fn serves_domain(&self, domain: &str) -> bool {
        let domain = normalize(domain);
        self.domains.contains(&domain)
    }

    /// How well this provider matches the mail exchanger `mx_host`: the length of its
    /// longest matching suffix (longest wins, as for the presets), if any matches.
    pub fn mx_match(&self, mx_host: &str) -> Option<usize> {
        let host = normalize(mx_host);
        self.mx_suffixes
            .iter()
            .filter(|suffix| {
                host == **suffix
                    || host
                        .strip_suffix(suffix.as_str())
                        .is_some_and(|rest| rest.ends_with('.'))
            })
            .map(String::len)
            .max()
    }

    /// Whether `url` is one of this provider's configured endpoints: the only URLs the
    /// bridge's OAuth client may request.
    pub fn is_configured_endpoint(&self, url: &Url) -> bool {
        *url == self.token_endpoint || self.revocation_endpoint.as_ref() == Some(url)
    }
}

/// Every configured provider; empty when OAuth is off.
#[derive(Debug, Clone, Default)]
pub struct OAuthProviders(Vec<OAuthProvider>);

impl OAuthProviders {
    /// The providers, Google and Microsoft first.
    pub fn all(&self) -> &[OAuthProvider] {
        &self.0
    }

    /// The provider with identifier `id`.
    pub fn by_id(&self, id: &str) -> Option<&OAuthProvider> {
        self.0.iter().find(|provider| provider.id == id)
    }

    /// The provider serving addresses at `domain`.
    pub fn for_domain(&self, domain: &str) -> Option<&OAuthProvider> {
        self.0
            .iter()
            .find(|provider| provider.serves_domain(domain))
    }

    /// The provider whose mail exchanger `mx_host` is, by the longest suffix.
    pub fn for_mx(&self, mx_host: &str) -> Option<&OAuthProvider> {
        self.0
            .iter()
            .filter_map(|provider| provider.mx_match(mx_host).map(|len| (provider, len)))
            .max_by_key(|(_, len)| *len)
            .map(|(provider, _)| provider)
    }
}

/// What is wrong in `[oauth]`, naming the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key}: {reason}")]
pub struct OAuthConfigError {
    /// The configuration key at fault, as written (`oauth.providers[1].token_endpoint`).
    pub key: String,
    /// What is wrong and what is accepted.
    pub reason: String,
}

fn refuse(key: impl Into<String>, reason: impl Into<String>) -> OAuthConfigError {
    OAuthConfigError {
        key: key.into(),
        reason: reason.into(),
    }
}

/// Google's endpoints (developers.google.com/identity/protocols/oauth2/web-server).
const GOOGLE_AUTHORIZE: &str = "https://accounts.google.com/o/oauth2/v2/auth";
const GOOGLE_TOKEN: &str = "https://oauth2.googleapis.com/token";
const GOOGLE_REVOKE: &str = "https://oauth2.googleapis.com/revoke";
/// Full IMAP/SMTP access (developers.google.com/gmail/imap/xoauth2-protocol).
const GOOGLE_SCOPES: &[&str] = &["https://mail.google.com/"];
/// Microsoft's IMAP and SMTP scopes, and `offline_access` for a refresh token
/// (learn.microsoft.com/exchange/client-developer/legacy-protocols/how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth).
const MICROSOFT_SCOPES: &[&str] = &[
    "https://outlook.office.com/IMAP.AccessAsUser.All",
    "https://outlook.office.com/SMTP.Send",
    "offline_access",
];

impl OAuthConfig {
    /// Checks every provider and resolves them. `allow_loopback` (the outbound policy's)
    /// lets endpoints be plain `http://` on a loopback address, for tests and a provider
    /// on the same host; every other endpoint must be `https://`.
    pub fn resolve(&self, allow_loopback: bool) -> Result<OAuthProviders, OAuthConfigError> {
        let mut providers = Vec::new();
        if let Some(google) = &self.google {
            providers.push(self.google(google)?);
        }
        if let Some(microsoft) = &self.microsoft {
            providers.push(self.microsoft(microsoft)?);
        }
        for (index, generic) in self.providers.iter().enumerate() {
            providers.push(self.generic(index, generic, allow_loopback)?);
        }
        check_unique(&providers)?;
        Ok(OAuthProviders(providers))
    }

    fn redirect(&self, key: &str, own: Option<&str>) -> Result<Url, OAuthConfigError> {
        let (key, text) = match (own, &self.redirect_url) {
            (Some(own), _) => (format!("{key}.redirect_url"), own),
            (None, Some(shared)) => ("oauth.redirect_url".to_owned(), shared.as_str()),
            (None, None) => {
                return Err(refuse(
                    format!("{key}.redirect_url"),
                    "missing: set it here or as oauth.redirect_url \
                     (https://<your Facteur>/api/oauth/callback)",
                ));
            }
        };
        redirect_url(&key, text)
    }

    fn google(&self, google: &ClientRegistration) -> Result<OAuthProvider, OAuthConfigError> {
        let key = "oauth.google";
        let preset = known_preset("gmail");
        Ok(OAuthProvider {
            id: "google".into(),
            name: "Google".into(),
            authorization_endpoint: fixed_url(GOOGLE_AUTHORIZE),
            token_endpoint: fixed_url(GOOGLE_TOKEN),
            revocation_endpoint: Some(fixed_url(GOOGLE_REVOKE)),
            scopes: GOOGLE_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            extra_authorization_parameters: vec![("access_type", "offline"), ("prompt", "consent")],
            client_id: client_id(key, &google.client_id)?,
            client_secret: google.client_secret.clone(),
            redirect_url: self.redirect(key, google.redirect_url.as_deref())?,
            imap: preset_endpoint(preset, Protocol::Imap),
            smtp: preset_endpoint(preset, Protocol::Smtp),
            domains: owned(preset.domains),
            mx_suffixes: owned(preset.mx_suffixes),
        })
    }

    fn microsoft(
        &self,
        microsoft: &MicrosoftRegistration,
    ) -> Result<OAuthProvider, OAuthConfigError> {
        let key = "oauth.microsoft";
        let tenant = microsoft.tenant.trim();
        if tenant.is_empty()
            || !tenant
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
        {
            return Err(refuse(
                format!("{key}.tenant"),
                "expected common, consumers, organizations, a tenant id or a domain",
            ));
        }
        let base = format!("https://login.microsoftonline.com/{tenant}/oauth2/v2.0");
        let personal = known_preset("microsoft");
        let business = known_preset("microsoft365");
        Ok(OAuthProvider {
            id: "microsoft".into(),
            name: "Microsoft".into(),
            authorization_endpoint: fixed_url(&format!("{base}/authorize")),
            token_endpoint: fixed_url(&format!("{base}/token")),
            // Microsoft's identity platform has no RFC 7009 endpoint.
            revocation_endpoint: None,
            scopes: MICROSOFT_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            extra_authorization_parameters: Vec::new(),
            client_id: client_id(key, &microsoft.client_id)?,
            client_secret: microsoft.client_secret.clone(),
            redirect_url: self.redirect(key, microsoft.redirect_url.as_deref())?,
            imap: preset_endpoint(personal, Protocol::Imap),
            // smtp.office365.com serves personal and work accounts alike.
            smtp: preset_endpoint(business, Protocol::Smtp),
            domains: owned(personal.domains),
            mx_suffixes: owned(personal.mx_suffixes)
                .into_iter()
                .chain(owned(business.mx_suffixes))
                .collect(),
        })
    }

    fn generic(
        &self,
        index: usize,
        generic: &GenericProvider,
        allow_loopback: bool,
    ) -> Result<OAuthProvider, OAuthConfigError> {
        let key = format!("oauth.providers[{index}]");
        let id = generic.id.trim();
        if id.is_empty()
            || id.len() > 32
            || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(refuse(
                format!("{key}.id"),
                "expected 1 to 32 letters, digits or hyphens",
            ));
        }
        if generic.name.trim().is_empty() {
            return Err(refuse(format!("{key}.name"), "missing"));
        }
        let endpoint =
            |field: &str, text: &str| endpoint_url(&format!("{key}.{field}"), text, allow_loopback);
        let scopes: Vec<String> = generic
            .scopes
            .iter()
            .map(|scope| scope.trim().to_owned())
            .filter(|scope| !scope.is_empty())
            .collect();
        if scopes.is_empty() {
            return Err(refuse(
                format!("{key}.scopes"),
                "at least one scope is needed",
            ));
        }
        if let Some(bad) = scopes.iter().find(|scope| !is_scope_token(scope)) {
            return Err(refuse(
                format!("{key}.scopes"),
                format!("{bad:?} is not a scope (printable ASCII, no space, quote or backslash)"),
            ));
        }
        let domains = host_names(&format!("{key}.domains"), &generic.domains)?;
        let mx_suffixes = host_names(&format!("{key}.mx_suffixes"), &generic.mx_suffixes)?;
        if domains.is_empty() && mx_suffixes.is_empty() {
            return Err(refuse(
                format!("{key}.domains"),
                "name the domains (or mx_suffixes) this provider serves",
            ));
        }
        for (field, server) in [("imap", &generic.imap), ("smtp", &generic.smtp)] {
            if server.host.trim().is_empty() || server.port == 0 {
                return Err(refuse(format!("{key}.{field}"), "needs a host and a port"));
            }
        }
        Ok(OAuthProvider {
            id: id.to_owned(),
            name: generic.name.trim().to_owned(),
            authorization_endpoint: endpoint(
                "authorization_endpoint",
                &generic.authorization_endpoint,
            )?,
            token_endpoint: endpoint("token_endpoint", &generic.token_endpoint)?,
            revocation_endpoint: generic
                .revocation_endpoint
                .as_deref()
                .map(|text| endpoint("revocation_endpoint", text))
                .transpose()?,
            scopes,
            extra_authorization_parameters: Vec::new(),
            client_id: client_id(&key, &generic.client_id)?,
            client_secret: generic.client_secret.clone(),
            redirect_url: self.redirect(&key, generic.redirect_url.as_deref())?,
            imap: generic.imap.clone(),
            smtp: generic.smtp.clone(),
            domains,
            mx_suffixes,
        })
    }
}

/// One provider per id, and one provider per domain: a domain claimed twice would make
/// the sign-in button depend on the order of the file.
fn check_unique(providers: &[OAuthProvider]) -> Result<(), OAuthConfigError> {
    for (at, provider) in providers.iter().enumerate() {
        for earlier in &providers[..at] {
            if earlier.id == provider.id {
                return Err(refuse(
                    "oauth.providers",
                    format!("the id {:?} is used twice", provider.id),
                ));
            }
            if let Some(domain) = provider.domains.iter().find(|d| earlier.serves_domain(d)) {
                return Err(refuse(
                    "oauth.providers",
                    format!(
                        "the domain {domain:?} is served by both {:?} and {:?}",
                        earlier.id, provider.id
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn client_id(key: &str, text: &str) -> Result<String, OAuthConfigError> {
    let id = text.trim();
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_graphic()) {
        return Err(refuse(
            format!("{key}.client_id"),
            "missing or not printable ASCII: copy it from the provider's console",
        ));
    }
    Ok(id.to_owned())
}

/// RFC 6749 §3.3: `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )`.
fn is_scope_token(scope: &str) -> bool {
    scope
        .bytes()
        .all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

fn host_names(key: &str, names: &[String]) -> Result<Vec<String>, OAuthConfigError> {
    names
        .iter()
        .map(|name| {
            let name = normalize(name);
            if facteur_providers::address::is_host_name(&name) {
                Ok(name)
            } else {
                Err(refuse(key, format!("{name:?} is not a host name")))
            }
        })
        .collect()
}

/// A token, revocation or authorization endpoint: absolute, no credentials, no fragment;
/// `https://`, or `http://` to a loopback address when loopback is allowed.
fn endpoint_url(key: &str, text: &str, allow_loopback: bool) -> Result<Url, OAuthConfigError> {
    let url = absolute_url(key, text)?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if allow_loopback && is_loopback(&url) => Ok(url),
        "http" => Err(refuse(
            key,
            "only https:// (plain http:// only to a loopback address, with \
             outbound.allow_loopback = true)",
        )),
        other => Err(refuse(key, format!("{other}: is not https://"))),
    }
}

/// The redirect URL is the browser's, not the bridge's: `https://`, or `http://` on
/// localhost (providers accept that for development).
fn redirect_url(key: &str, text: &str) -> Result<Url, OAuthConfigError> {
    let url = absolute_url(key, text)?;
    if url.query().is_some() {
        return Err(refuse(key, "no query string: the provider appends its own"));
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(&url) || url.host_str() == Some("localhost") => Ok(url),
        _ => Err(refuse(
            key,
            "only https:// (or http://localhost for development)",
        )),
    }
}

fn absolute_url(key: &str, text: &str) -> Result<Url, OAuthConfigError> {
    let url = Url::parse(text.trim()).map_err(|e| refuse(key, format!("not a URL: {e}")))?;
    if url.host().is_none() {
        return Err(refuse(key, "needs a host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(key, "no user name or password in the URL"));
    }
    if url.fragment().is_some() {
        return Err(refuse(key, "no #fragment"));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        _ => false,
    }
}

// The built-in URLs are constants checked by the unit tests below.
fn fixed_url(text: &str) -> Url {
    Url::parse(text).unwrap_or_else(|e| unreachable!("built-in URL {text}: {e}"))
}

fn known_preset(id: &str) -> &'static Preset {
    preset_by_id(id).unwrap_or_else(|| unreachable!("the {id} preset is built in"))
}

fn preset_endpoint(preset: &Preset, protocol: Protocol) -> ServerEndpoint {
    preset
        .preferred(protocol)
        .map(|server| server.endpoint())
        .unwrap_or_else(|| unreachable!("the {} preset lists {protocol:?}", preset.id))
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

#[cfg(test)]
mod tests;

/// Helpers the OAuth modules' unit tests share.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::{OAuthConfig, OAuthProvider};

    /// The first provider of an `[oauth]` section's body, resolved without loopback.
    pub(crate) fn first_provider(section: &str) -> OAuthProvider {
        let config: OAuthConfig = toml::from_str(section).unwrap();
        config.resolve(false).unwrap().all()[0].clone()
    }

    /// The value of `name` among decoded query or form pairs.
    pub(crate) fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}
