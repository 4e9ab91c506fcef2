//! What the rate limits count by, pure: a client network (an IPv4 address, or the /64 an
//! IPv6 address belongs to) and a login name as the mail server would see it.

use super::client_address::canonical;
use std::net::IpAddr;

/// The network one client is counted as: one IPv4 address, or one IPv6 /64, because a
/// single subscriber is usually given a whole /64 and could otherwise take a fresh
/// address, and a fresh bucket, for every attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    /// An IPv4 client.
    V4([u8; 4]),
    /// The first 64 bits of an IPv6 client.
    V6Net([u8; 8]),
    /// A request that came without a peer address (tests calling the router directly).
    Unknown,
}

impl ClientKey {
    /// The key of a client address (IPv4-mapped IPv6 counts as IPv4).
    pub fn of(address: Option<IpAddr>) -> ClientKey {
        match address.map(canonical) {
            Some(IpAddr::V4(v4)) => ClientKey::V4(v4.octets()),
            Some(IpAddr::V6(v6)) => {
                let mut net = [0u8; 8];
                net.copy_from_slice(&v6.octets()[..8]);
                ClientKey::V6Net(net)
            }
            None => ClientKey::Unknown,
        }
    }
}

/// A login name folded so that spellings a mail server treats alike count as one
/// account: surrounding spaces dropped, lower case, trailing dots of the domain gone.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LoginKey(String);

impl LoginKey {
    /// The key of the login name actually sent to the server.
    pub fn of(login: &str) -> LoginKey {
        let folded = login.trim().to_lowercase();
        let folded = match folded.rsplit_once('@') {
            Some((local, domain)) => format!("{local}@{}", domain.trim_end_matches('.')),
            None => folded,
        };
        LoginKey(folded)
    }

    /// The folded name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_counted_by_address_or_ipv6_slash_64() {
        let key = |text: &str| ClientKey::of(Some(text.parse().unwrap()));
        let same: &[(&str, &str)] = &[
            ("192.0.2.1", "192.0.2.1"),
            ("192.0.2.1", "::ffff:192.0.2.1"),
            ("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff"),
            ("2001:db8:1:2::1", "2001:db8:1:2:abcd::9"),
        ];
        for (a, b) in same {
            assert_eq!(key(a), key(b), "{a} and {b}");
        }
        let apart: &[(&str, &str)] = &[
            ("192.0.2.1", "192.0.2.2"),
            ("2001:db8:1:2::1", "2001:db8:1:3::1"),
            ("2001:db8::1", "2001:db9::1"),
            ("0.0.0.1", "::1"),
        ];
        for (a, b) in apart {
            assert_ne!(key(a), key(b), "{a} and {b}");
        }
        assert_eq!(ClientKey::of(None), ClientKey::Unknown);
    }

    #[test]
    fn login_names_are_folded() {
        let cases: &[(&str, &str)] = &[
            ("demo@example.test", "demo@example.test"),
            ("  Demo@Example.TEST ", "demo@example.test"),
            ("demo@example.test.", "demo@example.test"),
            ("DEMO", "demo"),
            ("Zoé@Exemple.fr", "zoé@exemple.fr"),
            ("ÉLODIE", "élodie"),
            ("a@b@example.test..", "a@b@example.test"),
        ];
        for (login, key) in cases {
            assert_eq!(LoginKey::of(login).as_str(), *key, "{login:?}");
        }
        assert_ne!(LoginKey::of("demo"), LoginKey::of("demo2"));
    }
}
