//! Which addresses discovery may contact: public ones only, unless the operator allows
//! private and loopback ones (tests, demo, intranet). Discovery fetches URLs and probes
//! hosts named by a stranger's input, so it must never become a way into the operator's
//! network.

use super::resolver::{LookupError, Resolver, WithHosts};
use crate::security::outbound::{AddressClass, classify};
use facteur_providers::setup_api::AttemptFailure;
use std::collections::BTreeMap;
use std::net::IpAddr;

/// A source that failed, with the reason code and the detail the report shows.
pub type Failure = (AttemptFailure, String);

/// The discovery rule for outbound connections.
#[derive(Debug, Clone, Copy)]
pub struct Reach<'a> {
    /// The resolver for names not fixed by the operator.
    pub resolver: &'a dyn Resolver,
    /// The operator's fixed names (`[discovery.hosts]`).
    pub hosts: &'a BTreeMap<String, IpAddr>,
    /// Whether private and loopback addresses may be contacted.
    pub allow_private: bool,
}

/// Whether discovery may contact `ip`; the reason when not.
pub fn check_discovery_address(ip: IpAddr, allow_private: bool) -> Result<(), String> {
    match classify(ip) {
        AddressClass::Public => Ok(()),
        AddressClass::Loopback | AddressClass::Private if allow_private => Ok(()),
        // The class only: the address itself stays out of details a stranger reads.
        AddressClass::Loopback => Err("a loopback address".to_owned()),
        AddressClass::Private => Err("a private address".to_owned()),
        AddressClass::Unusable => Err("a reserved address".to_owned()),
    }
}

/// Maps a failed address lookup to the attempt's failure.
pub fn lookup_failure(name: &str, error: LookupError) -> Failure {
    match error {
        LookupError::NotFound => (
            AttemptFailure::NameNotFound,
            format!("{name} does not exist"),
        ),
        LookupError::Timeout => (
            AttemptFailure::Timeout,
            format!("no DNS answer for {name} in time"),
        ),
        LookupError::Failed(detail) => (AttemptFailure::DnsError, format!("{name}: {detail}")),
    }
}

impl Reach<'_> {
    /// The addresses of `host`, every one of them allowed, or why not. A host that is an
    /// address literal is checked as it is.
    pub async fn addresses(&self, host: &str) -> Result<Vec<IpAddr>, Failure> {
        let ips = match host.parse::<IpAddr>() {
            Ok(ip) => vec![ip],
            Err(_) => WithHosts {
                hosts: self.hosts,
                inner: self.resolver,
            }
            .ips(host)
            .await
            .map_err(|e| lookup_failure(host, e))?,
        };
        // Every address is checked, not only the first: a name answering one public and
        // one private address is refused whole, so connecting cannot pick the wrong one.
        for ip in &ips {
            check_discovery_address(*ip, self.allow_private)
                .map_err(|reason| (AttemptFailure::HostNotAllowed, format!("{host}: {reason}")))?;
        }
        Ok(ips)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::setup::resolver::FixtureResolver;

    #[test]
    fn only_public_addresses_unless_allowed() {
        let cases = [
            ("8.8.8.8", false, true),
            ("10.0.0.1", false, false),
            ("10.0.0.1", true, true),
            ("127.0.0.1", false, false),
            ("127.0.0.1", true, true),
            ("::1", true, true),
            ("0.0.0.0", true, false),
            ("fd00::1", false, false),
            // The same table as the outbound policy: special-purpose blocks are not public.
            ("198.18.0.1", false, false),
            ("192.0.0.8", false, false),
            ("64:ff9b::808:808", false, false),
            ("2002:808:808::1", false, false),
            ("::808:808", false, false),
            ("2001:db8::1", true, false),
        ];
        for (ip, allow, expected) in cases {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(
                check_discovery_address(ip, allow).is_ok(),
                expected,
                "{ip} allow_private={allow}"
            );
        }
    }

    #[tokio::test]
    async fn one_private_address_refuses_the_whole_name() {
        let resolver = FixtureResolver::new().with_ips(
            "mixed.test",
            &["8.8.8.8".parse().unwrap(), "10.1.1.1".parse().unwrap()],
        );
        let hosts = BTreeMap::new();
        let reach = Reach {
            resolver: &resolver,
            hosts: &hosts,
            allow_private: false,
        };
        let refused = reach.addresses("mixed.test").await.unwrap_err();
        assert_eq!(refused.0, AttemptFailure::HostNotAllowed);
        assert!(refused.1.contains("mixed.test"), "{}", refused.1);
        assert!(!refused.1.contains("10.1.1.1"), "{}", refused.1);
        let missing = reach.addresses("absent.test").await.unwrap_err();
        assert_eq!(missing.0, AttemptFailure::NameNotFound);
    }
}
