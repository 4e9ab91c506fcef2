//! Where the bridge may connect: mail ports on addresses the operator allows, never an
//! open proxy into the operator's network (SSRF).
//!
//! Every address a name resolves to is checked, and the caller then connects to those
//! checked addresses, not to the name again, so DNS rebinding cannot swap in another one.

use crate::config::OutboundConfig;
use crate::error::{Error, Result};
use facteur_model::api::{Security, ServerEndpoint};
use std::net::{IpAddr, SocketAddr};

pub use super::address_class::{AddressClass, classify};

/// The outbound rules, from the configuration.
#[derive(Debug, Clone)]
pub struct OutboundPolicy {
    pub allow_loopback: bool,
    pub allow_private: bool,
    pub allowed_ports: Vec<u16>,
}

impl From<&OutboundConfig> for OutboundPolicy {
    fn from(config: &OutboundConfig) -> Self {
        OutboundPolicy {
            allow_loopback: config.allow_loopback,
            allow_private: config.allow_private,
            allowed_ports: config.allowed_ports.clone(),
        }
    }
}

/// A server endpoint that passed the policy: where to connect and what name to verify.
#[derive(Debug, Clone)]
pub struct CheckedEndpoint {
    /// The host as the user typed it (brackets stripped): the TLS server name.
    pub host: String,
    /// The checked addresses, in resolver order.
    pub addrs: Vec<SocketAddr>,
    pub security: Security,
}

impl OutboundPolicy {
    /// Checks one resolved address for `endpoint`.
    pub fn check_address(&self, ip: IpAddr, port: u16, security: Security) -> Result<()> {
        let class = classify(ip);
        let allowed = match class {
            AddressClass::Loopback => self.allow_loopback,
            AddressClass::Private => self.allow_private,
            AddressClass::Unusable => false,
            AddressClass::Public => true,
        };
        if !allowed {
            // The class only, never the address: a resolved address would tell a stranger
            // how the operator's DNS sees internal names.
            return Err(Error::HostNotAllowed(
                match class {
                    AddressClass::Loopback => "a loopback address",
                    AddressClass::Private => "a private address",
                    AddressClass::Unusable | AddressClass::Public => "a reserved address",
                }
                .into(),
            ));
        }
        // Loopback too is limited to the configured ports: a bridge on the mail host must
        // not become a way to the host's other local services (databases, admin ports).
        if !self.allowed_ports.contains(&port) {
            return Err(Error::HostNotAllowed(format!(
                "port {port} is not a mail port"
            )));
        }
        if security == Security::Plain && class != AddressClass::Loopback {
            return Err(Error::PlainNotAllowed);
        }
        Ok(())
    }

    /// Resolves `endpoint` and checks every address it resolves to.
    pub async fn resolve(&self, endpoint: &ServerEndpoint) -> Result<CheckedEndpoint> {
        let host = normalize_host(&endpoint.host)?;
        if endpoint.port == 0 {
            return Err(Error::InvalidInput("port: must be 1 to 65535".into()));
        }
        let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, endpoint.port)],
            Err(_) => tokio::net::lookup_host((host.as_str(), endpoint.port))
                .await
                .map_err(|e| Error::HostNotFound(format!("{host}: {e}")))?
                .collect(),
        };
        if addrs.is_empty() {
            return Err(Error::HostNotFound(format!("{host}: no address")));
        }
        for addr in &addrs {
            self.check_address(addr.ip(), endpoint.port, endpoint.security)?;
        }
        Ok(CheckedEndpoint {
            host,
            addrs,
            security: endpoint.security,
        })
    }
}

/// Trims a typed host, strips IPv6 brackets and refuses what cannot be a host name.
pub fn normalize_host(host: &str) -> Result<String> {
    let host = host.trim().trim_end_matches('.');
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let valid = !host.is_empty()
        && host.len() <= 253
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'));
    if valid {
        Ok(host.to_ascii_lowercase())
    } else {
        Err(Error::InvalidInput(format!(
            "host: {:?} is not a host name or address",
            host.chars().take(64).collect::<String>()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::problem::ErrorCode;

    fn policy(loopback: bool, private: bool) -> OutboundPolicy {
        let mut allowed_ports = crate::config::DEFAULT_MAIL_PORTS.to_vec();
        // A lab's own mail server listening on unusual ports, added by its operator.
        allowed_ports.extend([10993, 10143]);
        OutboundPolicy {
            allow_loopback: loopback,
            allow_private: private,
            allowed_ports,
        }
    }

    fn code(result: Result<()>) -> Option<ErrorCode> {
        result.err().map(|e| e.code())
    }

    #[test]
    fn policy_table() {
        use Security::*;
        let strict = policy(false, false);
        let lab = policy(true, false);
        let office = policy(false, true);
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let cases: Vec<(&OutboundPolicy, &str, u16, Security, Option<ErrorCode>)> = vec![
            (&strict, "93.184.216.34", 993, Tls, None),
            (&strict, "93.184.216.34", 587, StartTls, None),
            (
                &strict,
                "93.184.216.34",
                22,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &strict,
                "93.184.216.34",
                143,
                Plain,
                Some(ErrorCode::PlainNotAllowed),
            ),
            (
                &strict,
                "127.0.0.1",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &strict,
                "10.0.0.5",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &strict,
                "169.254.169.254",
                80,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &strict,
                "0.0.0.0",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (&lab, "127.0.0.1", 10993, Tls, None),
            (&lab, "127.0.0.1", 10143, Plain, None),
            (&lab, "::1", 10143, Plain, None),
            // Loopback is limited to the configured ports too: no way to local services.
            (&lab, "::1", 6379, Plain, Some(ErrorCode::HostNotAllowed)),
            (&lab, "127.0.0.1", 22, Tls, Some(ErrorCode::HostNotAllowed)),
            (
                &lab,
                "127.0.0.1",
                8080,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            // Special-purpose blocks are never public.
            (
                &strict,
                "198.18.0.1",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &strict,
                "192.0.0.8",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &strict,
                "64:ff9b::808:808",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &strict,
                "2002:7f00:1::1",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &strict,
                "::7f00:1",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &strict,
                "fec0::1",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &lab,
                "2002:7f00:1::1",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &lab,
                "64:ff9b::7f00:1",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (&office, "198.18.0.1", 993, Tls, None),
            (&office, "fec0::1", 993, Tls, None),
            (&lab, "10.0.0.5", 993, Tls, Some(ErrorCode::HostNotAllowed)),
            (&office, "10.0.0.5", 993, Tls, None),
            (
                &office,
                "10.0.0.5",
                8080,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
            (
                &office,
                "10.0.0.5",
                143,
                Plain,
                Some(ErrorCode::PlainNotAllowed),
            ),
            (
                &office,
                "127.0.0.1",
                993,
                Tls,
                Some(ErrorCode::HostNotAllowed),
            ),
        ];
        for (policy, addr, port, security, expected) in cases {
            assert_eq!(
                code(policy.check_address(ip(addr), port, security)),
                expected,
                "{addr}:{port} {security:?} with {policy:?}"
            );
        }
    }

    #[tokio::test]
    async fn every_resolved_address_is_checked() {
        let lab = policy(true, false);
        let endpoint = |host: &str, port| ServerEndpoint {
            host: host.into(),
            port,
            security: Security::Tls,
        };
        let checked = lab.resolve(&endpoint("[::1]", 10993)).await.unwrap();
        assert_eq!(checked.addrs, vec!["[::1]:10993".parse().unwrap()]);
        assert_eq!(checked.host, "::1");
        let refused = policy(false, false)
            .resolve(&endpoint("localhost", 993))
            .await;
        assert!(
            matches!(refused, Err(Error::HostNotAllowed(_))),
            "{refused:?}"
        );
        // The detail names the kind of address, never the address a name resolved to.
        let detail = format!("{:?}", refused.err());
        assert!(
            !detail.contains("127.0.0.1") && !detail.contains("::1"),
            "{detail}"
        );
        let bad = lab.resolve(&endpoint("exa mple.test", 993)).await;
        assert!(matches!(bad, Err(Error::InvalidInput(_))));
        let zero = lab.resolve(&endpoint("127.0.0.1", 0)).await;
        assert!(matches!(zero, Err(Error::InvalidInput(_))));
    }
}
