//! Where the bridge may connect: mail ports on addresses the operator allows, never an
//! open proxy into the operator's network (SSRF).
//!
//! Every address a name resolves to is checked, and the caller then connects to those
//! checked addresses, not to the name again, so DNS rebinding cannot swap in another one.

use crate::config::OutboundConfig;
use crate::error::{Error, Result};
use facteur_model::api::{Security, ServerEndpoint};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

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

/// What kind of network an address belongs to, for the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    Loopback,
    /// RFC 1918, shared (CGNAT), unique-local and link-local: the operator's own networks.
    Private,
    /// `0.0.0.0`, `::`, multicast, broadcast and reserved: never a mail server.
    Unusable,
    Public,
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

/// Classifies `ip`, looking through IPv4-mapped IPv6 addresses.
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => classify_v4(v4),
            None => classify_v6(v6),
        },
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_unspecified() || ip.is_multicast() || ip.is_broadcast() || a == 0 || a >= 240 {
        AddressClass::Unusable
    } else if ip.is_private() || ip.is_link_local() || (a == 100 && (64..128).contains(&b)) {
        AddressClass::Private
    } else {
        AddressClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        AddressClass::Loopback
    } else if ip.is_unspecified() || ip.is_multicast() {
        AddressClass::Unusable
    } else if (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80 {
        AddressClass::Private
    } else {
        AddressClass::Public
    }
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
            return Err(Error::HostNotAllowed(format!(
                "{ip} is a {} address",
                match class {
                    AddressClass::Loopback => "loopback",
                    AddressClass::Private => "private",
                    AddressClass::Unusable | AddressClass::Public => "reserved",
                }
            )));
        }
        let any_port = class == AddressClass::Loopback;
        if !any_port && !self.allowed_ports.contains(&port) {
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
        OutboundPolicy {
            allow_loopback: loopback,
            allow_private: private,
            allowed_ports: crate::config::DEFAULT_MAIL_PORTS.to_vec(),
        }
    }

    fn code(result: Result<()>) -> Option<ErrorCode> {
        result.err().map(|e| e.code())
    }

    #[test]
    fn address_classes() {
        let cases: [(&str, AddressClass); 16] = [
            ("127.0.0.1", AddressClass::Loopback),
            ("127.8.9.10", AddressClass::Loopback),
            ("::1", AddressClass::Loopback),
            ("::ffff:127.0.0.1", AddressClass::Loopback),
            ("10.1.2.3", AddressClass::Private),
            ("172.16.0.1", AddressClass::Private),
            ("192.168.1.1", AddressClass::Private),
            ("100.64.0.1", AddressClass::Private),
            ("169.254.169.254", AddressClass::Private),
            ("fd00::1", AddressClass::Private),
            ("fe80::1", AddressClass::Private),
            ("::ffff:10.0.0.1", AddressClass::Private),
            ("0.0.0.0", AddressClass::Unusable),
            ("224.0.0.1", AddressClass::Unusable),
            ("ff02::1", AddressClass::Unusable),
            ("93.184.216.34", AddressClass::Public),
        ];
        for (ip, class) in cases {
            assert_eq!(classify(ip.parse().unwrap()), class, "{ip}");
        }
        assert_eq!(
            classify("2001:db8::1".parse().unwrap()),
            AddressClass::Public
        );
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
            (&lab, "::1", 6379, Plain, None),
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
        let checked = lab.resolve(&endpoint("[::1]", 1993)).await.unwrap();
        assert_eq!(checked.addrs, vec!["[::1]:1993".parse().unwrap()]);
        assert_eq!(checked.host, "::1");
        let refused = policy(false, false)
            .resolve(&endpoint("localhost", 993))
            .await;
        assert!(
            matches!(refused, Err(Error::HostNotAllowed(_))),
            "{refused:?}"
        );
        let bad = lab.resolve(&endpoint("exa mple.test", 993)).await;
        assert!(matches!(bad, Err(Error::InvalidInput(_))));
        let zero = lab.resolve(&endpoint("127.0.0.1", 0)).await;
        assert!(matches!(zero, Err(Error::InvalidInput(_))));
    }
}
