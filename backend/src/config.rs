//! The bridge's configuration: a TOML file, then environment overrides, with defaults that
//! work on a laptop.
//!
//! Over 450 lines: every configuration key with its documentation and default, and their
//! tests.

use crate::security::client_address::{Cidr, ClientHeader, TrustedProxies};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Everything the bridge can be told by its operator.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address and port to listen on.
    pub listen: SocketAddr,
    /// Directory holding the built browser app (`index.html`, `assets/`).
    pub static_dir: PathBuf,
    pub session: SessionConfig,
    pub outbound: OutboundConfig,
    pub rate_limit: RateLimitConfig,
    pub proxy: ProxyConfig,
    pub pool: PoolConfig,
    pub settings: SettingsConfig,
    pub compose: ComposeConfig,
    pub discovery: DiscoveryConfig,
    pub http: HttpConfig,
    /// Sign-in with OAuth 2.0 providers; off unless a provider is configured.
    pub oauth: crate::oauth::config::OAuthConfig,
}

/// How long browsers (or anything else) may take to send a request.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// Seconds to send a request head, for the first request of a connection and for each
    /// next one on a kept-alive connection (then it bounds the idle time too).
    pub header_read_timeout_secs: u64,
    /// Seconds to send a whole request body, from the end of its head.
    pub body_timeout_secs: u64,
    /// Seconds to send an uploaded file (`POST /api/uploads`).
    pub upload_timeout_secs: u64,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            header_read_timeout_secs: 10,
            body_timeout_secs: 60,
            upload_timeout_secs: 1800,
        }
    }
}

impl HttpConfig {
    /// The request head deadline.
    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_secs(self.header_read_timeout_secs.max(1))
    }

    /// The request body deadline.
    pub fn body_timeout(&self) -> Duration {
        Duration::from_secs(self.body_timeout_secs.max(1))
    }

    /// The upload body deadline.
    pub fn upload_timeout(&self) -> Duration {
        Duration::from_secs(self.upload_timeout_secs.max(1))
    }
}

/// Writing messages: attachment size limit and where uploads wait until sent.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComposeConfig {
    /// The largest file accepted as one attachment, in bytes.
    pub max_attachment_bytes: u64,
    /// Where uploaded files (and messages being written) wait, per session; the default is
    /// `/var/tmp/facteur-uploads` (on disk, where `/tmp` is often memory). Created 0700 at
    /// start; refused when it is a link or belongs to another user.
    pub upload_dir: Option<PathBuf>,
}

impl Default for ComposeConfig {
    fn default() -> Self {
        ComposeConfig {
            max_attachment_bytes: facteur_model::compose::DEFAULT_MAX_ATTACHMENT_BYTES,
            upload_dir: None,
        }
    }
}

impl ComposeConfig {
    /// The upload directory, configured or the default one.
    pub fn upload_dir(&self) -> PathBuf {
        self.upload_dir
            .clone()
            .unwrap_or_else(|| default_upload_parent().join("facteur-uploads"))
    }
}

/// Where the default upload directory goes: `/var/tmp`, which survives reboots and is on
/// disk, unlike the tmpfs `/tmp` of many systems.
fn default_upload_parent() -> PathBuf {
    if cfg!(unix) {
        PathBuf::from("/var/tmp")
    } else {
        std::env::temp_dir()
    }
}

/// Account discovery (`/api/setup/discover`) and the connection test.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscoveryConfig {
    /// Let discovery fetch from and probe private and loopback addresses (tests, demo, an
    /// intranet); off by default, so discovery can never reach into the operator's network.
    pub allow_private_addresses: bool,
    /// Names answered before DNS is asked (name → address): fixtures and intranets.
    pub hosts: std::collections::BTreeMap<String, std::net::IpAddr>,
    /// The port autoconfig files are fetched from over HTTPS (tests use their own).
    pub https_port: u16,
    /// Milliseconds each discovery source may take.
    pub source_timeout_ms: u64,
    /// The operator's own domains: settings proposed before any other source.
    pub operator_presets: Vec<OperatorPreset>,
    /// The DNS server (UDP) setup asks; the system's (`/etc/resolv.conf`) when unset.
    pub dns_server: Option<SocketAddr>,
}

/// Settings an operator running Facteur for their own domain gives for it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorPreset {
    /// The mail domain (`example.test`).
    pub domain: String,
    /// Where to read mail.
    pub imap: facteur_model::api::ServerEndpoint,
    /// Where to send.
    pub smtp: facteur_model::api::ServerEndpoint,
    /// What users type as login name.
    #[serde(default = "full_address")]
    pub username: facteur_providers::UsernameForm,
}

fn full_address() -> facteur_providers::UsernameForm {
    facteur_providers::UsernameForm::FullAddress
}

impl Default for DiscoveryConfig {
    fn default() -> Self {
        DiscoveryConfig {
            allow_private_addresses: false,
            hosts: std::collections::BTreeMap::new(),
            https_port: 443,
            source_timeout_ms: 3000,
            operator_presets: Vec::new(),
            dns_server: None,
        }
    }
}

impl DiscoveryConfig {
    /// The per-source time limit.
    pub fn source_timeout(&self) -> Duration {
        Duration::from_millis(self.source_timeout_ms.max(1))
    }

    /// The operator preset for `domain`, if any (domains compare case-insensitively).
    pub fn operator_preset(&self, domain: &str) -> Option<&OperatorPreset> {
        let domain = domain.trim_end_matches('.');
        self.operator_presets.iter().find(|preset| {
            preset
                .domain
                .trim_end_matches('.')
                .eq_ignore_ascii_case(domain)
        })
    }
}

/// Where the users' roaming settings are kept in their mailboxes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SettingsConfig {
    pub storage: SettingsStorageChoice,
}

/// `auto`: IMAP METADATA where the server offers it, else a message in the folder
/// `Facteur`; `mailbox`: always the message (e.g. for a server whose annotations are
/// too small).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SettingsStorageChoice {
    #[default]
    Auto,
    Mailbox,
}

/// How sessions are sealed and how long they live.
#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionConfig {
    /// The sealing key, 32 bytes in standard or URL-safe base64. Every instance behind one
    /// load balancer needs the same key; when neither this nor `key_file` is set, a random
    /// key is made at start and sessions do not survive a restart.
    pub key: Option<String>,
    /// A file holding the key in base64 (takes precedence over an absent `key`).
    pub key_file: Option<PathBuf>,
    /// Files holding keys used before the current one: cookies they sealed still open
    /// (until they expire), new cookies use the current key. Roll a key by moving the old
    /// `key_file` here; drop it after `lifetime_hours`.
    pub previous_key_files: Vec<PathBuf>,
    /// A `redis://` (or `rediss://`) URL of a Valkey/Redis server that every instance
    /// shares to record signed-out sessions; without it the list lives in memory, which
    /// is right for one instance only.
    pub revocation_url: Option<String>,
    /// Whether the session cookie carries `Secure` (leave on unless serving plain HTTP to
    /// something other than localhost).
    pub cookie_secure: bool,
    /// Absolute lifetime of a session, in hours.
    pub lifetime_hours: u64,
}

// Hand-written so the key never lands in a log line.
impl std::fmt::Debug for SessionConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionConfig")
            .field("key", &self.key.as_ref().map(|_| "<redacted>"))
            .field("key_file", &self.key_file)
            .field("previous_key_files", &self.previous_key_files)
            .field(
                "revocation_url",
                &self.revocation_url.as_ref().map(|_| "<redacted>"),
            )
            .field("cookie_secure", &self.cookie_secure)
            .field("lifetime_hours", &self.lifetime_hours)
            .finish()
    }
}

/// Which mail servers the bridge may connect to (no open proxy, no SSRF).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboundConfig {
    /// Allow loopback addresses (127.0.0.0/8, ::1): for tests and a bridge on the mail host.
    pub allow_loopback: bool,
    /// Allow private, link-local and unique-local addresses (the operator's own network).
    pub allow_private: bool,
    /// Ports the bridge may connect to, on every address (loopback included: a bridge on
    /// the mail host must not reach the host's other local services).
    pub allowed_ports: Vec<u16>,
    /// A PEM file of extra CA certificates to trust besides the public web roots.
    pub extra_ca_file: Option<PathBuf>,
    /// Seconds to wait for TCP connect, TLS handshake, greeting and login.
    pub connect_timeout_secs: u64,
    /// Seconds one IMAP operation may take (a large message download included).
    pub command_timeout_secs: u64,
    /// The largest message the bridge downloads, in bytes: bigger ones are refused from
    /// their size, and no IMAP literal (nor response line) above it is read.
    pub max_message_bytes: u64,
}

/// Sign-in attempt limits, per client network (an IPv4 address or an IPv6 /64) and per
/// login name (token buckets).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RateLimitConfig {
    pub per_ip_burst: u32,
    pub per_ip_per_minute: u32,
    /// Per login name (the `email` in the name is historical).
    pub per_email_burst: u32,
    pub per_email_per_minute: u32,
    /// Most clients, and most login names, each limiter remembers; past it, full buckets
    /// then the stalest are forgotten.
    pub max_tracked_keys: usize,
}

/// The reverse proxies in front of the bridge (HTTPS termination), whose word on the
/// client's address is taken.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProxyConfig {
    /// Address ranges the proxies connect from (`["10.0.0.0/8", "::1"]`); empty: the TCP
    /// peer is the client and forwarding headers are ignored.
    pub trusted_proxies: Vec<Cidr>,
    /// The header they append the client to: `x-forwarded-for` or `forwarded`. Only
    /// this one is read, so a client cannot slip in the other.
    pub client_header: ClientHeader,
}

impl ProxyConfig {
    /// The proxies as the client-address walk takes them.
    pub fn trusted(&self) -> TrustedProxies {
        TrustedProxies {
            ranges: self.trusted_proxies.clone(),
            header: self.client_header,
        }
    }
}

/// The cache of live IMAP connections.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PoolConfig {
    /// Most live connections kept at once; the least recently used idle one goes first.
    pub max_connections: usize,
    /// Seconds a connection may sit unused before it is closed.
    pub idle_timeout_secs: u64,
}

/// The default largest message downloaded: 50 MiB.
pub const DEFAULT_MAX_MESSAGE_BYTES: u64 = 50 * 1024 * 1024;

/// Ports of the mail protocols: IMAP, IMAPS, submission, SMTPS, SMTP, ManageSieve, POP3(S).
pub const DEFAULT_MAIL_PORTS: [u16; 8] = [143, 993, 587, 465, 25, 4190, 110, 995];

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            static_dir: PathBuf::from("dist"),
            session: SessionConfig::default(),
            outbound: OutboundConfig::default(),
            rate_limit: RateLimitConfig::default(),
            proxy: ProxyConfig::default(),
            pool: PoolConfig::default(),
            settings: SettingsConfig::default(),
            compose: ComposeConfig::default(),
            discovery: DiscoveryConfig::default(),
            http: HttpConfig::default(),
            oauth: Default::default(),
        }
    }
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig {
            key: None,
            key_file: None,
            previous_key_files: Vec::new(),
            revocation_url: None,
            cookie_secure: true,
            lifetime_hours: 12,
        }
    }
}

impl Default for OutboundConfig {
    fn default() -> Self {
        OutboundConfig {
            allow_loopback: false,
            allow_private: false,
            allowed_ports: DEFAULT_MAIL_PORTS.to_vec(),
            extra_ca_file: None,
            connect_timeout_secs: 15,
            command_timeout_secs: 120,
            max_message_bytes: DEFAULT_MAX_MESSAGE_BYTES,
        }
    }
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        RateLimitConfig {
            per_ip_burst: 20,
            per_ip_per_minute: 10,
            per_email_burst: 8,
            per_email_per_minute: 4,
            max_tracked_keys: 100_000,
        }
    }
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            max_connections: 1000,
            idle_timeout_secs: 300,
        }
    }
}

impl OutboundConfig {
    /// The connect timeout as a duration.
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs(self.connect_timeout_secs.max(1))
    }

    /// The per-operation timeout as a duration.
    pub fn command_timeout(&self) -> Duration {
        Duration::from_secs(self.command_timeout_secs.max(1))
    }
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid configuration in {path}: {source}")]
    Parse {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("invalid value for {name}: {reason}")]
    Env { name: &'static str, reason: String },
}

impl Config {
    /// Reads `path` (when given), then applies the `FACTEUR_*` environment overrides.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let mut config = match path {
            Some(path) => Config::from_file(path)?,
            None => Config::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        Ok(config)
    }

    /// Parses a TOML file.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        toml::from_str(&text).map_err(|source| ConfigError::Parse {
            path: path.to_owned(),
            source: Box::new(source),
        })
    }

    /// Applies overrides from an environment lookup (a function, so tests need no real env).
    pub fn apply_env(
        &mut self,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<(), ConfigError> {
        if let Some(listen) = lookup("FACTEUR_LISTEN") {
            self.listen = listen.parse().map_err(|e| ConfigError::Env {
                name: "FACTEUR_LISTEN",
                reason: format!("{e}"),
            })?;
        }
        if let Some(dir) = lookup("FACTEUR_STATIC_DIR") {
            self.static_dir = PathBuf::from(dir);
        }
        if let Some(key) = lookup("FACTEUR_SESSION_KEY") {
            self.session.key = Some(key);
        }
        if let Some(file) = lookup("FACTEUR_SESSION_KEY_FILE") {
            self.session.key_file = Some(PathBuf::from(file));
        }
        if let Some(files) = lookup("FACTEUR_SESSION_PREVIOUS_KEY_FILES") {
            self.session.previous_key_files = std::env::split_paths(&files).collect();
        }
        if let Some(url) = lookup("FACTEUR_SESSION_REVOCATION_URL") {
            self.session.revocation_url = Some(url);
        }
        if let Some(file) = lookup("FACTEUR_EXTRA_CA_FILE") {
            self.outbound.extra_ca_file = Some(PathBuf::from(file));
        }
        if let Some(dir) = lookup("FACTEUR_UPLOAD_DIR") {
            self.compose.upload_dir = Some(PathBuf::from(dir));
        }
        if let Some(list) = lookup("FACTEUR_TRUSTED_PROXIES") {
            self.proxy.trusted_proxies = list
                .split(',')
                .map(str::trim)
                .filter(|range| !range.is_empty())
                .map(str::parse)
                .collect::<Result<_, _>>()
                .map_err(|e| ConfigError::Env {
                    name: "FACTEUR_TRUSTED_PROXIES",
                    reason: format!("{e}"),
                })?;
        }
        if let Some(bytes) = lookup("FACTEUR_MAX_ATTACHMENT_BYTES") {
            self.compose.max_attachment_bytes =
                bytes.trim().parse().map_err(|_| ConfigError::Env {
                    name: "FACTEUR_MAX_ATTACHMENT_BYTES",
                    reason: format!("expected a number of bytes, got {bytes:?}"),
                })?;
        }
        let flags: [(&'static str, &mut bool); 3] = [
            ("FACTEUR_COOKIE_SECURE", &mut self.session.cookie_secure),
            ("FACTEUR_ALLOW_LOOPBACK", &mut self.outbound.allow_loopback),
            ("FACTEUR_ALLOW_PRIVATE", &mut self.outbound.allow_private),
        ];
        for (name, target) in flags {
            if let Some(value) = lookup(name) {
                *target = parse_bool(&value).ok_or_else(|| ConfigError::Env {
                    name,
                    reason: format!("expected true or false, got {value:?}"),
                })?;
            }
        }
        Ok(())
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_file_keeps_the_other_defaults() {
        let config: Config =
            toml::from_str("listen = \"0.0.0.0:9000\"\n[outbound]\nallow_loopback = true\n")
                .unwrap();
        assert_eq!(config.listen, "0.0.0.0:9000".parse().unwrap());
        assert!(config.outbound.allow_loopback);
        assert_eq!(config.outbound.allowed_ports, DEFAULT_MAIL_PORTS);
        assert!(config.session.cookie_secure);
    }

    #[test]
    fn discovery_section_reads_hosts_and_operator_presets() {
        let config: Config = toml::from_str(
            "[discovery]\nallow_private_addresses = true\nhttps_port = 8443\n\
             [discovery.hosts]\n\"autoconfig.example.test\" = \"127.0.0.1\"\n\
             [[discovery.operator_presets]]\ndomain = \"Example.test\"\n\
             imap = { host = \"127.0.0.1\", port = 993, security = \"tls\" }\n\
             smtp = { host = \"127.0.0.1\", port = 587, security = \"start_tls\" }\n",
        )
        .unwrap();
        let discovery = &config.discovery;
        assert!(discovery.allow_private_addresses);
        assert_eq!(discovery.https_port, 8443);
        assert_eq!(
            discovery.hosts.get("autoconfig.example.test"),
            Some(&"127.0.0.1".parse().unwrap())
        );
        let preset = discovery.operator_preset("example.TEST").unwrap();
        assert_eq!(preset.imap.port, 993);
        assert_eq!(
            preset.username,
            facteur_providers::UsernameForm::FullAddress
        );
        assert!(
            Config::default()
                .discovery
                .operator_preset("example.test")
                .is_none()
        );
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<Config>("lisen = \"0.0.0.0:9000\"").is_err());
    }

    #[test]
    fn environment_overrides_the_file() {
        let mut config = Config::default();
        config
            .apply_env(|name| match name {
                "FACTEUR_LISTEN" => Some("127.0.0.1:1234".into()),
                "FACTEUR_STATIC_DIR" => Some("/srv/facteur".into()),
                "FACTEUR_COOKIE_SECURE" => Some("false".into()),
                _ => None,
            })
            .unwrap();
        assert_eq!(config.listen.port(), 1234);
        assert_eq!(config.static_dir, PathBuf::from("/srv/facteur"));
        assert!(!config.session.cookie_secure);
        let bad = Config::default()
            .apply_env(|name| (name == "FACTEUR_ALLOW_PRIVATE").then(|| "maybe".to_owned()));
        assert!(bad.is_err());
    }

    #[test]
    fn the_compose_section_and_its_overrides() {
        let config: Config = toml::from_str(
            "[compose]\nmax_attachment_bytes = 1000\nupload_dir = \"/var/lib/facteur/up\"\n",
        )
        .unwrap();
        assert_eq!(config.compose.max_attachment_bytes, 1000);
        assert_eq!(
            config.compose.upload_dir(),
            PathBuf::from("/var/lib/facteur/up")
        );
        let mut config = Config::default();
        assert_eq!(
            config.compose.max_attachment_bytes,
            facteur_model::compose::DEFAULT_MAX_ATTACHMENT_BYTES
        );
        assert!(config.compose.upload_dir().ends_with("facteur-uploads"));
        #[cfg(unix)]
        assert_eq!(
            config.compose.upload_dir(),
            PathBuf::from("/var/tmp/facteur-uploads")
        );
        config
            .apply_env(|name| match name {
                "FACTEUR_UPLOAD_DIR" => Some("/srv/up".into()),
                "FACTEUR_MAX_ATTACHMENT_BYTES" => Some("2048".into()),
                _ => None,
            })
            .unwrap();
        assert_eq!(config.compose.upload_dir(), PathBuf::from("/srv/up"));
        assert_eq!(config.compose.max_attachment_bytes, 2048);
        let bad = Config::default()
            .apply_env(|name| (name == "FACTEUR_MAX_ATTACHMENT_BYTES").then(|| "10 MB".into()));
        assert!(bad.is_err());
    }

    #[test]
    fn trusted_proxies_from_the_file_and_the_environment() {
        let config: Config = toml::from_str(
            "[proxy]\ntrusted_proxies = [\"10.0.0.0/8\", \"::1\"]\nclient_header = \"forwarded\"\n",
        )
        .unwrap();
        let trusted = config.proxy.trusted();
        assert!(trusted.trusts("10.1.2.3".parse().unwrap()));
        assert!(trusted.trusts("::1".parse().unwrap()));
        assert!(!trusted.trusts("192.0.2.1".parse().unwrap()));
        assert_eq!(trusted.header, ClientHeader::Forwarded);
        assert!(
            toml::from_str::<Config>("[proxy]\ntrusted_proxies = [\"10.0.0.0/40\"]\n").is_err()
        );
        assert!(toml::from_str::<Config>("[proxy]\nclient_header = \"x-real-ip\"\n").is_err());
        let defaults = Config::default();
        assert!(defaults.proxy.trusted_proxies.is_empty());
        assert_eq!(defaults.proxy.client_header, ClientHeader::XForwardedFor);
        let mut config = Config::default();
        config
            .apply_env(|name| {
                (name == "FACTEUR_TRUSTED_PROXIES").then(|| "127.0.0.1, 192.0.2.0/24".into())
            })
            .unwrap();
        assert_eq!(config.proxy.trusted_proxies.len(), 2);
        let bad = Config::default()
            .apply_env(|name| (name == "FACTEUR_TRUSTED_PROXIES").then(|| "proxy.lan".into()));
        assert!(bad.is_err());
    }

    #[test]
    fn debug_never_shows_the_session_key() {
        let mut config = Config::default();
        config.session.key = Some("c2VjcmV0LWtleS1tYXRlcmlhbA".into());
        let text = format!("{config:?}");
        assert!(!text.contains("c2VjcmV0"));
    }

    #[test]
    fn session_keys_and_the_shared_store_read_from_file_and_env() {
        let mut config: Config = toml::from_str(
            "[session]\nkey_file = \"/k/new\"\nprevious_key_files = [\"/k/old\"]\n\
             revocation_url = \"redis://:pw-secret@127.0.0.1:6379/\"\n",
        )
        .unwrap();
        assert_eq!(config.session.previous_key_files, [PathBuf::from("/k/old")]);
        assert!(!format!("{config:?}").contains("pw-secret"));
        config
            .apply_env(|name| match name {
                "FACTEUR_SESSION_PREVIOUS_KEY_FILES" => Some("/a:/b".into()),
                "FACTEUR_SESSION_REVOCATION_URL" => Some("redis://127.0.0.1:1/".into()),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            config.session.previous_key_files,
            [PathBuf::from("/a"), PathBuf::from("/b")]
        );
        assert_eq!(
            config.session.revocation_url.as_deref(),
            Some("redis://127.0.0.1:1/")
        );
    }
}
