//! What every handler shares: configuration, sealing key, connector, connection cache and
//! sign-in limits.

use crate::config::Config;
use crate::imap::Connector;
use crate::imap::mailboxes::Mailboxes;
use crate::imap::pool::ConnectionPool;
use crate::security::outbound::OutboundPolicy;
use crate::security::rate_limit::LoginLimiter;
use crate::session::keys::SessionKeys;
use crate::session::revocation::{RevocationUrlError, Revocations};
use crate::session::seal::{KeyError, SealKey};
use crate::transport::tls::{TlsSetupError, client_config};
use std::ops::Deref;
use std::sync::Arc;

/// Shared state of the bridge; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Shared>);

/// The contents of [`AppState`].
#[derive(Debug)]
pub struct Shared {
    pub config: Config,
    /// The current sealing key and the previous ones that still open cookies.
    pub key: SessionKeys,
    /// Signed-out sessions, in memory or shared between instances.
    pub revocations: Revocations,
    pub connector: Connector,
    pub pool: Arc<ConnectionPool>,
    /// The connector and the pool together: how routes run IMAP operations.
    pub mailboxes: Mailboxes,
    pub limiter: LoginLimiter,
    /// The reverse proxies whose forwarding header is believed.
    pub proxies: crate::security::client_address::TrustedProxies,
    /// Files uploaded for messages being written, per session.
    pub uploads: Arc<crate::uploads::UploadStore>,
    /// What `compose/` needs: the same uploads, and IMAP for the messages drafts attach.
    pub composing: crate::compose::services::Composing,
    /// Recipient suggestions, per session, for a few minutes.
    pub addresses: crate::compose::address_cache::AddressCache,
    /// Sends remembered by key, and what each session's servers offer for sending.
    pub sending: Arc<crate::send::Sending>,
    /// What `send/` needs: the writer's services, the account's servers, `sending`.
    pub send: crate::send::services::SendServices,
    /// DNS and limits for account discovery and the connection test.
    pub setup: crate::setup::SetupServices,
    /// Delivery reports already read, per session, so each is fetched once.
    pub reports: crate::delivery::cache::ReportCache,
    /// The OAuth 2.0 providers people may sign in with (none unless configured).
    pub oauth: crate::oauth::config::OAuthProviders,
    /// The client for the providers' token and revocation endpoints.
    pub oauth_http: crate::oauth::client::OAuthHttp,
    /// OAuth sessions' access tokens, refreshed before they lapse.
    pub access_tokens: crate::oauth::credential::AccessTokens,
}

/// Why the bridge cannot start with this configuration.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("session key: {0}")]
    Key(#[from] KeyError),
    #[error("cannot read the session key file {path}: {source}")]
    KeyFile {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Tls(#[from] TlsSetupError),
    #[error(transparent)]
    Revocation(#[from] RevocationUrlError),
    #[error("upload directory: {0}")]
    Uploads(std::io::Error),
    #[error("OAuth configuration: {0}")]
    OAuth(#[from] crate::oauth::config::OAuthConfigError),
}

impl AppState {
    /// Builds the state; starts the idle-connection evictor when inside a Tokio runtime.
    pub fn new(config: Config) -> Result<AppState, StartupError> {
        let resolver = crate::setup::resolver::DnsResolver::new(config.discovery.dns_server);
        Self::with_resolver(config, Arc::new(resolver))
    }

    /// Builds the state with another DNS resolver for setup (fixtures in tests).
    pub fn with_resolver(
        config: Config,
        resolver: Arc<dyn crate::setup::resolver::Resolver>,
    ) -> Result<AppState, StartupError> {
        let key = session_keys(&config)?;
        let oauth = config.oauth.resolve(config.outbound.allow_loopback)?;
        let revocations = Revocations::new(config.session.revocation_url.as_deref())?;
        let tls = client_config(config.outbound.extra_ca_file.as_deref())?;
        let connector = Connector {
            policy: OutboundPolicy::from(&config.outbound),
            tls,
            connect_timeout: config.outbound.connect_timeout(),
            limits: crate::transport::bounded::ResponseLimits::for_messages_up_to(
                config.outbound.max_message_bytes,
            ),
        };
        let oauth_http = crate::oauth::client::OAuthHttp {
            tls: connector.tls.clone(),
            allow_loopback: config.outbound.allow_loopback,
            allow_private: config.outbound.allow_private,
            timeout: config.outbound.connect_timeout() * 2,
        };
        let pool = Arc::new(ConnectionPool::new(
            &config.pool,
            config.outbound.command_timeout(),
        ));
        pool.spawn_evictor();
        let mailboxes = Mailboxes {
            connector: connector.clone(),
            pool: pool.clone(),
        };
        let limiter = LoginLimiter::new(&config.rate_limit);
        let proxies = config.proxy.trusted();
        let setup = crate::setup::SetupServices {
            resolver,
            limiter: Arc::new(crate::security::rate_limit::IpLimiter::new(
                config.rate_limit.per_ip_burst,
                config.rate_limit.per_ip_per_minute,
                config.rate_limit.max_tracked_keys,
            )),
        };
        let uploads = crate::uploads::UploadStore::new(
            config.compose.upload_dir(),
            config.compose.max_attachment_bytes,
        );
        uploads.prepare().map_err(StartupError::Uploads)?;
        uploads.spawn_sweeper();
        let uploads = Arc::new(uploads);
        let composing = crate::compose::services::Composing {
            uploads: uploads.clone(),
            messages: Arc::new(crate::compose::services::ImapMessages(mailboxes.clone())),
        };
        let sending = Arc::new(crate::send::Sending::default());
        let send = crate::send::services::SendServices {
            composing: composing.clone(),
            servers: Arc::new(crate::send::services::AccountServers {
                mailboxes: mailboxes.clone(),
                composing: composing.clone(),
                command_timeout: config.outbound.command_timeout(),
            }),
            sending: sending.clone(),
        };
        Ok(AppState(Arc::new(Shared {
            config,
            key,
            revocations,
            connector,
            pool,
            mailboxes,
            limiter,
            proxies,
            uploads,
            composing,
            addresses: Default::default(),
            sending,
            send,
            setup,
            reports: Default::default(),
            oauth,
            oauth_http,
            access_tokens: Default::default(),
        })))
    }
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The current key and the previous ones from the configuration.
fn session_keys(config: &Config) -> Result<SessionKeys, StartupError> {
    let current = session_key(config)?;
    let previous = config
        .session
        .previous_key_files
        .iter()
        .map(|path| key_from_file(path))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SessionKeys::new(current, previous))
}

fn key_from_file(path: &std::path::Path) -> Result<SealKey, StartupError> {
    let text = std::fs::read_to_string(path).map_err(|source| StartupError::KeyFile {
        path: path.display().to_string(),
        source,
    })?;
    Ok(SealKey::from_base64(&text)?)
}

fn session_key(config: &Config) -> Result<SealKey, StartupError> {
    if let Some(text) = &config.session.key {
        return Ok(SealKey::from_base64(text)?);
    }
    if let Some(path) = &config.session.key_file {
        return key_from_file(path);
    }
    tracing::warn!(
        "no session key configured: using a random one; sessions end when the bridge \
         restarts and are not shared between instances"
    );
    Ok(SealKey::random()?)
}
