//! What kind of network an IP address belongs to, from the IANA special-purpose address
//! registries (IPv4 and IPv6). One table per family, shared by the outbound policy and
//! account discovery, so the two can never disagree about what is public.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What kind of network an address belongs to, for the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    Loopback,
    /// RFC 1918, shared (CGNAT), unique-local, link-local, site-local, benchmarking and
    /// local-use NAT64: networks only the operator's own site can mean.
    Private,
    /// Unspecified, multicast, broadcast, documentation, protocol assignments, 6to4,
    /// IPv4-compatible and the other special-purpose blocks: never a mail server.
    Unusable,
    Public,
}

/// IPv4 special-purpose blocks (network, prefix length, class), most specific first.
/// Everything not listed is public.
const V4_TABLE: &[(Ipv4Addr, u8, AddressClass)] = &[
    (Ipv4Addr::new(0, 0, 0, 0), 8, AddressClass::Unusable), // "this network"
    (Ipv4Addr::new(10, 0, 0, 0), 8, AddressClass::Private), // RFC 1918
    (Ipv4Addr::new(100, 64, 0, 0), 10, AddressClass::Private), // shared address space (CGNAT)
    (Ipv4Addr::new(127, 0, 0, 0), 8, AddressClass::Loopback),
    (Ipv4Addr::new(169, 254, 0, 0), 16, AddressClass::Private), // link-local (cloud metadata)
    (Ipv4Addr::new(172, 16, 0, 0), 12, AddressClass::Private),  // RFC 1918
    (Ipv4Addr::new(192, 0, 0, 0), 24, AddressClass::Unusable),  // IETF protocol assignments
    (Ipv4Addr::new(192, 0, 2, 0), 24, AddressClass::Unusable),  // TEST-NET-1
    (Ipv4Addr::new(192, 31, 196, 0), 24, AddressClass::Unusable), // AS112-v4
    (Ipv4Addr::new(192, 52, 193, 0), 24, AddressClass::Unusable), // AMT
    (Ipv4Addr::new(192, 88, 99, 0), 24, AddressClass::Unusable), // 6to4 relay anycast
    (Ipv4Addr::new(192, 168, 0, 0), 16, AddressClass::Private), // RFC 1918
    (Ipv4Addr::new(192, 175, 48, 0), 24, AddressClass::Unusable), // AS112 direct delegation
    // Benchmarking; some VPNs and "fake-IP" DNS proxies hand these out on the local host.
    (Ipv4Addr::new(198, 18, 0, 0), 15, AddressClass::Private),
    (Ipv4Addr::new(198, 51, 100, 0), 24, AddressClass::Unusable), // TEST-NET-2
    (Ipv4Addr::new(203, 0, 113, 0), 24, AddressClass::Unusable),  // TEST-NET-3
    (Ipv4Addr::new(224, 0, 0, 0), 4, AddressClass::Unusable),     // multicast
    (Ipv4Addr::new(240, 0, 0, 0), 4, AddressClass::Unusable),     // reserved, and broadcast
];

/// IPv6 special-purpose blocks, most specific first. IPv4-mapped (`::ffff:0:0/96`) and
/// well-known NAT64 (`64:ff9b::/96`) are handled before this table (they embed an IPv4
/// address); everything not listed is public.
const V6_TABLE: &[(Ipv6Addr, u8, AddressClass)] = &[
    (Ipv6Addr::LOCALHOST, 128, AddressClass::Loopback),
    (Ipv6Addr::UNSPECIFIED, 128, AddressClass::Unusable),
    (
        Ipv6Addr::new(0, 0, 0, 0, 0, 0, 0, 0),
        96,
        AddressClass::Unusable,
    ), // IPv4-compatible
    (
        Ipv6Addr::new(0x64, 0xff9b, 1, 0, 0, 0, 0, 0),
        48,
        AddressClass::Private,
    ), // local NAT64
    (
        Ipv6Addr::new(0x100, 0, 0, 0, 0, 0, 0, 0),
        64,
        AddressClass::Unusable,
    ), // discard-only
    (
        Ipv6Addr::new(0x100, 0, 0, 1, 0, 0, 0, 0),
        64,
        AddressClass::Unusable,
    ), // dummy prefix
    (
        Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0),
        32,
        AddressClass::Unusable,
    ), // documentation
    (
        Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0),
        23,
        AddressClass::Unusable,
    ), // IETF (Teredo, ORCHID...)
    (
        Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0),
        16,
        AddressClass::Unusable,
    ), // 6to4
    (
        Ipv6Addr::new(0x2620, 0x4f, 0x8000, 0, 0, 0, 0, 0),
        48,
        AddressClass::Unusable,
    ), // AS112
    (
        Ipv6Addr::new(0x3fff, 0, 0, 0, 0, 0, 0, 0),
        20,
        AddressClass::Unusable,
    ), // documentation
    (
        Ipv6Addr::new(0x5f00, 0, 0, 0, 0, 0, 0, 0),
        16,
        AddressClass::Unusable,
    ), // SRv6 SIDs
    (
        Ipv6Addr::new(0xfc00, 0, 0, 0, 0, 0, 0, 0),
        7,
        AddressClass::Private,
    ), // unique-local
    (
        Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 0),
        10,
        AddressClass::Private,
    ), // link-local
    (
        Ipv6Addr::new(0xfec0, 0, 0, 0, 0, 0, 0, 0),
        10,
        AddressClass::Private,
    ), // site-local
    (
        Ipv6Addr::new(0xff00, 0, 0, 0, 0, 0, 0, 0),
        8,
        AddressClass::Unusable,
    ), // multicast
];

/// The well-known NAT64 prefix `64:ff9b::/96` (RFC 6052).
const NAT64_WELL_KNOWN: Ipv6Addr = Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0);

/// Classifies `ip`, looking through IPv4-mapped and NAT64 addresses.
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => classify_v4(v4),
            None if in_block(u128::from(v6), u128::from(NAT64_WELL_KNOWN), 96, 128) => {
                classify_nat64(v6)
            }
            None => classify_v6(v6),
        },
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    lookup(
        u128::from(u32::from(ip)),
        32,
        V4_TABLE
            .iter()
            .map(|(net, prefix, class)| (u128::from(u32::from(*net)), *prefix, *class)),
    )
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    lookup(
        u128::from(ip),
        128,
        V6_TABLE
            .iter()
            .map(|(net, prefix, class)| (u128::from(*net), *prefix, *class)),
    )
}

/// A NAT64 address reaches the IPv4 address it embeds through the operator's translator:
/// never public by itself (the translator is the operator's network), and never less
/// restricted than the embedded address. Loopback through a translator is not our host's
/// loopback, so it is unusable rather than loopback.
fn classify_nat64(ip: Ipv6Addr) -> AddressClass {
    let [.., a, b, c, d] = ip.octets();
    match classify_v4(Ipv4Addr::new(a, b, c, d)) {
        AddressClass::Public | AddressClass::Private => AddressClass::Private,
        AddressClass::Loopback | AddressClass::Unusable => AddressClass::Unusable,
    }
}

/// The class of the first block of `table` holding `address` (`bits` wide), else public.
fn lookup(
    address: u128,
    bits: u32,
    mut table: impl Iterator<Item = (u128, u8, AddressClass)>,
) -> AddressClass {
    table
        .find(|(network, prefix, _)| in_block(address, *network, *prefix, bits))
        .map_or(AddressClass::Public, |(_, _, class)| class)
}

/// Whether `address` lies in `network/prefix`, both `bits` wide.
fn in_block(address: u128, network: u128, prefix: u8, bits: u32) -> bool {
    let host_bits = bits.saturating_sub(u32::from(prefix));
    address.checked_shr(host_bits).unwrap_or(0) == network.checked_shr(host_bits).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use AddressClass::*;

    #[test]
    fn special_purpose_registries() {
        let cases: &[(&str, AddressClass)] = &[
            // IPv4
            ("127.0.0.1", Loopback),
            ("127.8.9.10", Loopback),
            ("10.1.2.3", Private),
            ("172.16.0.1", Private),
            ("172.31.255.255", Private),
            ("172.32.0.1", Public),
            ("192.168.1.1", Private),
            ("100.64.0.1", Private),
            ("100.127.255.255", Private),
            ("100.128.0.1", Public),
            ("169.254.169.254", Private),
            ("198.18.0.1", Private),
            ("198.19.255.254", Private),
            ("198.20.0.1", Public),
            ("0.0.0.0", Unusable),
            ("0.1.2.3", Unusable),
            ("192.0.0.1", Unusable),
            ("192.0.0.170", Unusable),
            ("192.0.2.1", Unusable),
            ("192.31.196.1", Unusable),
            ("192.52.193.1", Unusable),
            ("192.88.99.1", Unusable),
            ("192.175.48.1", Unusable),
            ("198.51.100.7", Unusable),
            ("203.0.113.7", Unusable),
            ("224.0.0.1", Unusable),
            ("239.255.255.250", Unusable),
            ("240.0.0.1", Unusable),
            ("255.255.255.255", Unusable),
            ("93.184.216.34", Public),
            ("8.8.8.8", Public),
            ("192.0.1.1", Public),
            // IPv6
            ("::1", Loopback),
            ("::", Unusable),
            ("::7f00:1", Unusable),  // IPv4-compatible 127.0.0.1
            ("::a00:1", Unusable),   // IPv4-compatible 10.0.0.1
            ("::808:808", Unusable), // IPv4-compatible 8.8.8.8
            ("::ffff:127.0.0.1", Loopback),
            ("::ffff:10.0.0.1", Private),
            ("::ffff:8.8.8.8", Public),
            ("64:ff9b::808:808", Private), // NAT64 of a public address: the translator
            ("64:ff9b::a00:1", Private),   // NAT64 of 10.0.0.1
            ("64:ff9b::7f00:1", Unusable), // NAT64 of 127.0.0.1
            ("64:ff9b::a9fe:a9fe", Private), // NAT64 of 169.254.169.254
            ("64:ff9b:1::1", Private),     // local-use NAT64
            ("100::1", Unusable),
            ("100:0:0:1::1", Unusable),
            ("2001::1", Unusable), // Teredo
            ("2001:10::1", Unusable),
            ("2001:db8::1", Unusable),
            ("2002:7f00:1::1", Unusable), // 6to4 of 127.0.0.1
            ("2002:808:808::1", Unusable),
            ("2620:4f:8000::1", Unusable),
            ("3fff::1", Unusable),
            ("5f00::1", Unusable),
            ("fc00::1", Private),
            ("fd00::1", Private),
            ("fe80::1", Private),
            ("febf::1", Private),
            ("fec0::1", Private),
            ("feff::1", Private),
            ("ff02::1", Unusable),
            ("2001:4860:4860::8888", Public),
            ("2a00:1450::1", Public),
            ("2620:4f:8001::1", Public),
        ];
        for (ip, class) in cases {
            assert_eq!(classify(ip.parse().unwrap()), *class, "{ip}");
        }
    }

    #[test]
    fn blocks_compare_only_their_prefix() {
        assert!(in_block(0x0a01_0203, 0x0a00_0000, 8, 32));
        assert!(!in_block(0x0b00_0000, 0x0a00_0000, 8, 32));
        assert!(in_block(42, 0, 0, 32), "a /0 holds everything");
        assert!(in_block(7, 7, 32, 32));
        assert!(!in_block(8, 7, 32, 32));
    }
}
