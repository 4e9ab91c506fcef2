//! Who the client is behind the operator's reverse proxies, pure: CIDR ranges of trusted
//! proxies, the `Forwarded` (RFC 7239) and `X-Forwarded-For` hop lists, and the walk
//! from the right that stops at the first address no trusted proxy stands behind.
//!
//! Only the proxies the operator names are believed: the hop list is read only when the
//! TCP peer is one of them, and each hop to the left only while the hop to its right is
//! trusted too. A client's own additions to the header sit left of what its proxy
//! appended, so they are never reached.
//!
//! Over 450 lines: its unit tests (forwarding headers through trusted proxies) live beside
//! the code, under 270 lines.

use serde::Deserialize;
use std::fmt;
use std::net::IpAddr;
use std::str::FromStr;

/// An address range such as `10.0.0.0/8` or `2001:db8::/32` (a bare address is a /32 or
/// a /128).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    network: IpAddr,
    prefix: u8,
}

/// Why a CIDR range was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an address range (expected e.g. 10.0.0.0/8 or 2001:db8::/32): {0:?}")]
pub struct CidrError(String);

impl FromStr for Cidr {
    type Err = CidrError;

    fn from_str(text: &str) -> Result<Cidr, CidrError> {
        let error = || CidrError(text.to_owned());
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let network: IpAddr = address.parse().map_err(|_| error())?;
        let width = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => width,
            Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
                digits.parse::<u8>().map_err(|_| error())?
            }
            Some(_) => return Err(error()),
        };
        if prefix > width {
            return Err(error());
        }
        Ok(Cidr {
            network: mask(network, prefix),
            prefix,
        })
    }
}

impl<'de> Deserialize<'de> for Cidr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Cidr, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.network, self.prefix)
    }
}

impl Cidr {
    /// Whether `address` is inside the range (an IPv4-mapped IPv6 address counts as IPv4).
    pub fn contains(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        address.is_ipv4() == self.network.is_ipv4() && mask(address, self.prefix) == self.network
    }
}

/// `address` with every bit past `prefix` cleared.
fn mask(address: IpAddr, prefix: u8) -> IpAddr {
    match address {
        IpAddr::V4(v4) => {
            let bits = u32::from(v4);
            let kept = u32::MAX
                .checked_shl(32 - u32::from(prefix.min(32)))
                .unwrap_or(0);
            IpAddr::V4((bits & kept).into())
        }
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            let kept = u128::MAX
                .checked_shl(128 - u32::from(prefix.min(128)))
                .unwrap_or(0);
            IpAddr::V6((bits & kept).into())
        }
    }
}

/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) as the IPv4 address it is.
pub fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// Which header the trusted proxies write the client's address into.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2` (nginx's `$proxy_add_x_forwarded_for`).
    #[default]
    XForwardedFor,
    /// `Forwarded: for=client, for=proxy1` (RFC 7239).
    Forwarded,
}

impl ClientHeader {
    /// The header's name, lower case.
    pub fn name(self) -> &'static str {
        match self {
            ClientHeader::XForwardedFor => "x-forwarded-for",
            ClientHeader::Forwarded => "forwarded",
        }
    }

    /// The hops a header value lists, left (farthest) to right (nearest); `None` for a
    /// hop whose address cannot be read (`unknown`, obfuscated, malformed).
    pub fn hops(self, value: &str) -> Vec<Option<IpAddr>> {
        match self {
            ClientHeader::XForwardedFor => value.split(',').map(node_address).collect(),
            ClientHeader::Forwarded => split_outside_quotes(value, ',')
                .into_iter()
                .map(forwarded_for)
                .collect(),
        }
    }
}

/// The operator's reverse proxies and the header they write.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    /// The ranges the proxies connect from.
    pub ranges: Vec<Cidr>,
    /// The header they append the client's address to.
    pub header: ClientHeader,
}

impl TrustedProxies {
    /// Whether `address` is one of the operator's proxies.
    pub fn trusts(&self, address: IpAddr) -> bool {
        self.ranges.iter().any(|range| range.contains(address))
    }

    /// The client's address: `peer` itself unless it is a trusted proxy; then, walking the
    /// hop list (`header_values`, every occurrence of the header in order, `None` for one
    /// that is not text) from the right, the first address that is not a trusted proxy.
    /// A hop that cannot be read stops the walk at the trusted proxy that reported it;
    /// when every hop is trusted, the leftmost one is the client.
    pub fn client(&self, peer: IpAddr, header_values: &[Option<&str>]) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut hops = Vec::new();
        for value in header_values {
            match value {
                Some(text) => hops.extend(self.header.hops(text)),
                None => hops.push(None),
            }
        }
        let mut nearest = peer;
        for hop in hops.into_iter().rev() {
            let Some(address) = hop else {
                return nearest;
            };
            nearest = canonical(address);
            if !self.trusts(nearest) {
                return nearest;
            }
        }
        nearest
    }
}

/// The address of one `X-Forwarded-For` entry or `Forwarded` node: `192.0.2.1`,
/// `192.0.2.1:4711`, `2001:db8::1`, `[2001:db8::1]` or `[2001:db8::1]:4711`.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim();
    if let Some(rest) = node.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port_ok = after.is_empty()
            || after
                .strip_prefix(':')
                .is_some_and(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
        return if port_ok {
            inside.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6)
        } else {
            None
        };
    }
    if let Ok(address) = node.parse::<IpAddr>() {
        return Some(address);
    }
    let (address, port) = node.split_once(':')?;
    if port.is_empty() || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    address.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// The `for=` node of one `Forwarded` element (`for=...;proto=...;by=...`).
fn forwarded_for(element: &str) -> Option<IpAddr> {
    let mut found = None;
    for pair in split_outside_quotes(element, ';') {
        let (name, value) = pair.split_once('=')?;
        if name.trim().eq_ignore_ascii_case("for") {
            if found.is_some() {
                // Two `for=` in one element: which one is true is anybody's guess.
                return None;
            }
            found = Some(unquote(value.trim())?);
        }
    }
    node_address(&found?)
}

/// A token or quoted string as its text; `None` for an unterminated quote.
fn unquote(value: &str) -> Option<String> {
    let Some(inner) = value.strip_prefix('"') else {
        return Some(value.to_owned());
    };
    let inner = inner.strip_suffix('"')?;
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => text.push(chars.next()?),
            '"' => return None,
            c => text.push(c),
        }
    }
    Some(text)
}

/// `text` split on `separator` where it is not inside a quoted string.
fn split_outside_quotes(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if escaped {
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == separator && !quoted {
            parts.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies(ranges: &[&str], header: ClientHeader) -> TrustedProxies {
        TrustedProxies {
            ranges: ranges.iter().map(|r| r.parse().unwrap()).collect(),
            header,
        }
    }

    #[test]
    fn cidr_ranges_parse_and_match() {
        let cases: &[(&str, &str, bool)] = &[
            ("10.0.0.0/8", "10.200.3.4", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("10.1.2.3/8", "10.9.9.9", true),
            ("192.0.2.7", "192.0.2.7", true),
            ("192.0.2.7", "192.0.2.8", false),
            ("0.0.0.0/0", "203.0.113.1", true),
            ("0.0.0.0/0", "2001:db8::1", false),
            ("10.0.0.0/8", "::ffff:10.0.0.1", true),
            ("2001:db8::/32", "2001:db8:ffff::1", true),
            ("2001:db8::/32", "2001:db9::1", false),
            ("::1", "::1", true),
            ("::/0", "10.0.0.1", false),
        ];
        for (range, address, inside) in cases {
            let cidr: Cidr = range.parse().unwrap();
            assert_eq!(cidr.contains(ip(address)), *inside, "{range} ∋ {address}");
        }
        for bad in [
            "",
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/",
            "10.0.0/8",
            "x/8",
            "10.0.0.0/+8",
            "10.0.0.0/8/8",
            "proxy.example",
        ] {
            assert!(bad.parse::<Cidr>().is_err(), "{bad:?}");
        }
        assert_eq!(
            "10.1.2.3/8".parse::<Cidr>().unwrap().to_string(),
            "10.0.0.0/8"
        );
    }

    /// Trusted ranges, header kind, TCP peer, header values, expected client.
    type Case<'a> = (&'a [&'a str], ClientHeader, &'a str, &'a [&'a str], &'a str);

    #[test]
    fn forwarded_for_headers_are_walked_from_the_right() {
        use ClientHeader::{Forwarded, XForwardedFor};
        let proxy = "10.0.0.1";
        // (trusted ranges, header kind, peer, header values, expected client)
        let cases: &[Case] = &[
            // An untrusted peer's headers are ignored: it is the client.
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                "203.0.113.9",
                &["1.2.3.4"],
                "203.0.113.9",
            ),
            (
                &["10.0.0.0/8"],
                Forwarded,
                "203.0.113.9",
                &["for=1.2.3.4"],
                "203.0.113.9",
            ),
            // No proxy configured: nobody is believed.
            (&[], XForwardedFor, proxy, &["198.51.100.7"], proxy),
            // One trusted proxy.
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["198.51.100.7"],
                "198.51.100.7",
            ),
            // The client's own spoofed entries sit left of what the proxy appended.
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["1.2.3.4, 198.51.100.7"],
                "198.51.100.7",
            ),
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["10.9.9.9, 198.51.100.7"],
                "198.51.100.7",
            ),
            // Two proxies in a chain, both trusted.
            (
                &["10.0.0.0/8", "192.0.2.0/24"],
                XForwardedFor,
                proxy,
                &["6.6.6.6, 198.51.100.7, 192.0.2.5"],
                "198.51.100.7",
            ),
            // Two header lines are one list, in order.
            (
                &["10.0.0.0/8", "192.0.2.0/24"],
                XForwardedFor,
                proxy,
                &["6.6.6.6, 198.51.100.7", "192.0.2.5"],
                "198.51.100.7",
            ),
            // The second proxy is not trusted: it is the client as far as we know.
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["198.51.100.7, 192.0.2.5"],
                "192.0.2.5",
            ),
            // A trusted proxy without the header (a health check from the proxy host).
            (&["10.0.0.0/8"], XForwardedFor, proxy, &[], proxy),
            // Every hop trusted: the leftmost.
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["10.0.0.7, 10.0.0.8"],
                "10.0.0.7",
            ),
            // Ports and brackets.
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["198.51.100.7:5555"],
                "198.51.100.7",
            ),
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["[2001:db8::7]:5555"],
                "2001:db8::7",
            ),
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["2001:db8::7"],
                "2001:db8::7",
            ),
            // Malformed hops stop at the proxy that reported them.
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["198.51.100.7, garbage"],
                proxy,
            ),
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["198.51.100.7,"],
                proxy,
            ),
            (&["10.0.0.0/8"], XForwardedFor, proxy, &["unknown"], proxy),
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["[2001:db8::7"],
                proxy,
            ),
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["198.51.100.7:port"],
                proxy,
            ),
            (
                &["10.0.0.0/8", "192.0.2.0/24"],
                XForwardedFor,
                proxy,
                &["198.51.100.7, junk, 192.0.2.5"],
                "192.0.2.5",
            ),
            // Garbage left of the real client is never reached.
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                proxy,
                &["junk, 198.51.100.7"],
                "198.51.100.7",
            ),
            // RFC 7239.
            (
                &["10.0.0.0/8"],
                Forwarded,
                proxy,
                &["for=198.51.100.7;proto=https;by=10.0.0.1"],
                "198.51.100.7",
            ),
            (
                &["10.0.0.0/8"],
                Forwarded,
                proxy,
                &["for=1.2.3.4, For=\"198.51.100.7:4711\""],
                "198.51.100.7",
            ),
            (
                &["10.0.0.0/8"],
                Forwarded,
                proxy,
                &["for=\"[2001:db8:cafe::17]:4711\""],
                "2001:db8:cafe::17",
            ),
            (
                &["10.0.0.0/8"],
                Forwarded,
                proxy,
                &["for=\"a,b\";proto=x, for=198.51.100.7"],
                "198.51.100.7",
            ),
            (&["10.0.0.0/8"], Forwarded, proxy, &["for=_hidden"], proxy),
            (&["10.0.0.0/8"], Forwarded, proxy, &["for=unknown"], proxy),
            (&["10.0.0.0/8"], Forwarded, proxy, &["proto=https"], proxy),
            (
                &["10.0.0.0/8"],
                Forwarded,
                proxy,
                &["for=1.2.3.4;for=198.51.100.7"],
                proxy,
            ),
            (
                &["10.0.0.0/8"],
                Forwarded,
                proxy,
                &["for=\"198.51.100.7"],
                proxy,
            ),
            // The wrong header kind is not read at all.
            (&["10.0.0.0/8"], Forwarded, proxy, &["198.51.100.7"], proxy),
            // IPv4-mapped peers and hops are IPv4.
            (
                &["10.0.0.0/8"],
                XForwardedFor,
                "::ffff:10.0.0.1",
                &["::ffff:198.51.100.7"],
                "198.51.100.7",
            ),
        ];
        for (ranges, header, peer, values, expected) in cases {
            let values: Vec<Option<&str>> = values.iter().map(|v| Some(*v)).collect();
            let client = proxies(ranges, *header).client(ip(peer), &values);
            assert_eq!(
                client,
                ip(expected),
                "{ranges:?} {header:?} {peer} {values:?}"
            );
        }
    }

    #[test]
    fn a_header_that_is_not_text_stops_the_walk() {
        let trusted = proxies(&["10.0.0.0/8"], ClientHeader::XForwardedFor);
        let client = trusted.client(ip("10.0.0.1"), &[Some("198.51.100.7"), None]);
        assert_eq!(client, ip("10.0.0.1"));
    }
}
