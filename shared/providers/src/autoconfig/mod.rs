//! The Thunderbird autoconfig / ISPDB format (`clientConfig` version 1.1), read safely.
//!
//! Files come from servers Facteur does not control (`autoconfig.<domain>`, the
//! `.well-known` path), so the parser trusts nothing: input over
//! [`MAX_AUTOCONFIG_BYTES`] is refused before reading, anything not UTF-8 is refused, a
//! `<!DOCTYPE>` is refused outright (so no entity is ever defined, expanded or fetched),
//! only the five predefined entities and character references are resolved, elements
//! it does not know are skipped, and every failure is a typed [`AutoconfigError`]: it
//! never panics.
//!
//! Format reference: <https://www.bucksch.org/1/projects/thunderbird/autoconfiguration/config-file-format.html>.

mod parse;
mod validate;

use crate::address::{AddressParts, is_host_name};
use crate::server::{Protocol, UsernameForm};
use facteur_model::api::{Security, ServerEndpoint};
use std::fmt;

pub use parse::parse_autoconfig;

/// The largest file accepted; real ISPDB files are a few KiB, the largest about 10 KiB.
pub const MAX_AUTOCONFIG_BYTES: usize = 256 * 1024;

/// One provider's configuration, as the file describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// `emailProvider/@id`, usually the main domain.
    pub id: String,
    /// The domains the file says it covers.
    pub domains: Vec<String>,
    /// `displayName`.
    pub display_name: Option<String>,
    /// `displayShortName`.
    pub display_short_name: Option<String>,
    /// IMAP and POP3 servers, in the file's order of preference.
    pub incoming: Vec<ServerConfig>,
    /// SMTP servers, in the file's order of preference.
    pub outgoing: Vec<ServerConfig>,
    /// Links to the provider's setup help.
    pub documentation: Vec<Documentation>,
}

impl ClientConfig {
    /// The servers speaking `protocol`, most preferred first.
    pub fn servers_for(&self, protocol: Protocol) -> impl Iterator<Item = &ServerConfig> {
        self.incoming
            .iter()
            .chain(&self.outgoing)
            .filter(move |server| server.protocol == protocol)
    }
}

/// One `incomingServer` or `outgoingServer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// IMAP, POP3 or SMTP (other types, such as `exchange`, are skipped).
    pub protocol: Protocol,
    /// The host name, possibly with placeholders such as `%EMAILDOMAIN%`.
    pub hostname: String,
    /// TCP port.
    pub port: u16,
    /// `SSL` → implicit TLS, `STARTTLS`, `plain`.
    pub security: Security,
    /// The username template; `None` when the file leaves it to the user.
    pub username: Option<String>,
    /// Accepted methods, in the file's order.
    pub authentication: Vec<AuthMethod>,
}

impl ServerConfig {
    /// The endpoint for `address`, or `None` when the filled-in host name is not valid.
    pub fn endpoint_for(&self, address: &AddressParts) -> Option<ServerEndpoint> {
        let host = address.substitute(&self.hostname).to_ascii_lowercase();
        is_host_name(&host).then_some(ServerEndpoint {
            host,
            port: self.port,
            security: self.security,
        })
    }

    /// The username for `address`, placeholders filled in.
    pub fn username_for(&self, address: &AddressParts) -> Option<String> {
        self.username
            .as_deref()
            .map(|template| address.substitute(template))
    }

    /// Which usual form the username template is, if any.
    pub fn username_form(&self) -> Option<UsernameForm> {
        self.username.as_deref().map(|template| match template {
            "%EMAILADDRESS%" => UsernameForm::FullAddress,
            "%EMAILLOCALPART%" => UsernameForm::LocalPart,
            _ => UsernameForm::Custom,
        })
    }
}

/// An `authentication` value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuthMethod {
    /// `password-cleartext`: the password sent as is, inside TLS.
    PasswordCleartext,
    /// `password-encrypted`: CRAM-MD5 or DIGEST-MD5.
    PasswordEncrypted,
    /// `OAuth2`.
    OAuth2,
    /// `none`: no authentication.
    None,
    /// `client-IP-address`: the network decides (ISP SMTP relays).
    ClientIpAddress,
    /// `TLS-client-cert`.
    TlsClientCert,
    /// `GSSAPI` (Kerberos).
    Gssapi,
    /// `NTLM`.
    Ntlm,
    /// A value this parser does not know, kept as written.
    Other(String),
}

impl AuthMethod {
    /// Reads an `authentication` value (case as Thunderbird writes them; `OAuth2` and
    /// `none` also lower-case since both spellings occur).
    pub fn from_value(value: &str) -> Self {
        match value {
            "password-cleartext" | "plain" => Self::PasswordCleartext,
            "password-encrypted" | "secure" => Self::PasswordEncrypted,
            "OAuth2" | "oauth2" => Self::OAuth2,
            "none" => Self::None,
            "client-IP-address" => Self::ClientIpAddress,
            "TLS-client-cert" => Self::TlsClientCert,
            "GSSAPI" => Self::Gssapi,
            "NTLM" => Self::Ntlm,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Whether a client signing in with a password can use this method.
    pub fn takes_password(&self) -> bool {
        matches!(self, Self::PasswordCleartext | Self::PasswordEncrypted)
    }
}

/// A `documentation` link with its descriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documentation {
    /// The page.
    pub url: String,
    /// `descr` elements: the language (`lang`, if given) and the text.
    pub descriptions: Vec<(Option<String>, String)>,
}

/// Why a file could not be read as a usable configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutoconfigError {
    /// Larger than [`MAX_AUTOCONFIG_BYTES`]; refused unread.
    TooLarge {
        /// Bytes received.
        size: usize,
    },
    /// Not UTF-8 (the only encoding accepted).
    NotUtf8 {
        /// Offset of the first invalid byte.
        at: usize,
    },
    /// The file has a `<!DOCTYPE>`, which autoconfig files never need and which could
    /// define entities.
    DoctypeRefused,
    /// An entity other than the five XML predefines is referenced.
    UnknownEntity {
        /// Its name.
        name: String,
    },
    /// Elements nest deeper than any real file does.
    TooDeep,
    /// Not well-formed XML (this includes truncated files).
    Malformed {
        /// Byte offset where the reader stopped.
        at: u64,
        /// What the XML reader said.
        reason: String,
    },
    /// The root element is not `clientConfig` (or there is none).
    NotClientConfig {
        /// The root element found, if any.
        root: Option<String>,
    },
    /// Required fields are missing or unusable.
    Incomplete {
        /// Every problem found, in file order.
        problems: Vec<FieldProblem>,
    },
}

/// A required field missing or unusable, located by its path in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// e.g. `emailProvider/incomingServer[2]/hostname` (servers numbered from 1).
    pub path: String,
    /// Absent or unusable.
    pub kind: ProblemKind,
}

/// What is wrong with a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Absent or empty.
    Missing,
    /// Present but unusable; the value is shortened to 64 characters.
    Invalid {
        /// The value as written.
        value: String,
    },
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ProblemKind::Missing => write!(f, "missing {}", self.path),
            ProblemKind::Invalid { value } => write!(f, "invalid {} {value:?}", self.path),
        }
    }
}

impl fmt::Display for AutoconfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { size } => write!(
                f,
                "autoconfig file of {size} bytes refused (limit {MAX_AUTOCONFIG_BYTES})"
            ),
            Self::NotUtf8 { at } => write!(f, "autoconfig file is not UTF-8 (byte {at})"),
            Self::DoctypeRefused => f.write_str("autoconfig file has a DOCTYPE, refused"),
            Self::UnknownEntity { name } => {
                write!(f, "autoconfig file uses unknown entity &{name};")
            }
            Self::TooDeep => f.write_str("autoconfig file nests elements too deeply"),
            Self::Malformed { at, reason } => write!(
                f,
                "autoconfig file is not well-formed XML at byte {at}: {reason}"
            ),
            Self::NotClientConfig { root: Some(root) } => {
                write!(
                    f,
                    "not an autoconfig file: root element is <{root}>, not <clientConfig>"
                )
            }
            Self::NotClientConfig { root: None } => {
                f.write_str("not an autoconfig file: no root element")
            }
            Self::Incomplete { problems } => {
                f.write_str("autoconfig file incomplete: ")?;
                for (index, problem) in problems.iter().enumerate() {
                    if index > 0 {
                        f.write_str("; ")?;
                    }
                    problem.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for AutoconfigError {}

#[cfg(test)]
mod tests;
