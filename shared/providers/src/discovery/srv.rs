//! RFC 6186 SRV records: their names, and the servers their answers give.

use crate::server::Protocol;
use facteur_model::api::{Security, ServerEndpoint};

/// The SRV services discovery asks about, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SrvService {
    /// `_imaps._tcp`: IMAP over implicit TLS (RFC 8314 prefers it).
    Imaps,
    /// `_imap._tcp`: IMAP, STARTTLS required by Facteur.
    Imap,
    /// `_submissions._tcp`: submission over implicit TLS (RFC 8314).
    Submissions,
    /// `_submission._tcp`: submission with STARTTLS.
    Submission,
    /// `_pop3s._tcp`: POP3 over implicit TLS.
    Pop3s,
}

impl SrvService {
    /// Every service, implicit TLS before STARTTLS for each protocol.
    pub const ALL: [SrvService; 5] = [
        Self::Imaps,
        Self::Imap,
        Self::Submissions,
        Self::Submission,
        Self::Pop3s,
    ];

    /// The service label, `_imaps._tcp`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Imaps => "_imaps._tcp",
            Self::Imap => "_imap._tcp",
            Self::Submissions => "_submissions._tcp",
            Self::Submission => "_submission._tcp",
            Self::Pop3s => "_pop3s._tcp",
        }
    }

    /// The name to query for `domain`.
    pub fn name_for(self, domain: &str) -> String {
        format!("{}.{domain}", self.label())
    }

    /// The protocol the service carries.
    pub fn protocol(self) -> Protocol {
        match self {
            Self::Imaps | Self::Imap => Protocol::Imap,
            Self::Submissions | Self::Submission => Protocol::Smtp,
            Self::Pop3s => Protocol::Pop3,
        }
    }

    /// How the connection is protected: the plain-port services are used with STARTTLS,
    /// never in clear (RFC 6186 §4 asks clients to negotiate TLS).
    pub fn security(self) -> Security {
        match self {
            Self::Imaps | Self::Submissions | Self::Pop3s => Security::Tls,
            Self::Imap | Self::Submission => Security::StartTls,
        }
    }
}

/// One SRV answer record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrvRecord {
    /// Lower is tried first.
    pub priority: u16,
    /// Among equal priorities, higher gets more of the traffic.
    pub weight: u16,
    /// TCP port.
    pub port: u16,
    /// Host name; `.` means the service is not offered.
    pub target: String,
}

/// What a domain's SRV records say about one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SrvAnswer {
    /// No usable record: ask other sources.
    Absent,
    /// A lone `.` target: the domain says it does not offer the service (RFC 2782).
    NotOffered,
    /// The servers, in the order to try them.
    Offered(Vec<ServerEndpoint>),
}

/// Turns a service's SRV records into servers in RFC 6186 / RFC 2782 order.
///
/// Priority ascending; within a priority, weight descending instead of RFC 2782's weighted
/// random draw: one client gains nothing from load spreading, and a fixed order keeps the
/// wizard and its tests predictable. Records with invalid targets or port 0 are dropped.
pub fn servers_from_srv(service: SrvService, records: &[SrvRecord]) -> SrvAnswer {
    if !records.is_empty() && records.iter().all(|record| record.target.trim() == ".") {
        return SrvAnswer::NotOffered;
    }
    let mut usable: Vec<(u16, u16, String, u16)> = records
        .iter()
        .filter(|record| record.port != 0)
        .map(|record| {
            let target = record
                .target
                .trim()
                .trim_end_matches('.')
                .to_ascii_lowercase();
            (record.priority, record.weight, target, record.port)
        })
        .filter(|(_, _, target, _)| crate::address::is_host_name(target))
        .collect();
    usable.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut servers: Vec<ServerEndpoint> = Vec::with_capacity(usable.len());
    for (_, _, host, port) in usable {
        let endpoint = ServerEndpoint {
            host,
            port,
            security: service.security(),
        };
        if !servers.contains(&endpoint) {
            servers.push(endpoint);
        }
    }
    if servers.is_empty() {
        SrvAnswer::Absent
    } else {
        SrvAnswer::Offered(servers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(priority: u16, weight: u16, port: u16, target: &str) -> SrvRecord {
        SrvRecord {
            priority,
            weight,
            port,
            target: target.to_owned(),
        }
    }

    fn hosts(answer: &SrvAnswer) -> Vec<(String, u16)> {
        match answer {
            SrvAnswer::Offered(servers) => {
                servers.iter().map(|s| (s.host.clone(), s.port)).collect()
            }
            _ => Vec::new(),
        }
    }

    #[test]
    fn names_and_meanings_of_the_services() {
        let cases = [
            (
                SrvService::Imaps,
                "_imaps._tcp.example.fr",
                Protocol::Imap,
                Security::Tls,
            ),
            (
                SrvService::Imap,
                "_imap._tcp.example.fr",
                Protocol::Imap,
                Security::StartTls,
            ),
            (
                SrvService::Submissions,
                "_submissions._tcp.example.fr",
                Protocol::Smtp,
                Security::Tls,
            ),
            (
                SrvService::Submission,
                "_submission._tcp.example.fr",
                Protocol::Smtp,
                Security::StartTls,
            ),
            (
                SrvService::Pop3s,
                "_pop3s._tcp.example.fr",
                Protocol::Pop3,
                Security::Tls,
            ),
        ];
        for (service, name, protocol, security) in cases {
            assert_eq!(service.name_for("example.fr"), name);
            assert_eq!(
                (service.protocol(), service.security()),
                (protocol, security),
                "{name}"
            );
        }
    }

    #[test]
    fn orders_by_priority_then_weight() {
        let cases = [
            (
                "lower priority first, whatever the weight",
                vec![
                    record(20, 100, 993, "b.example.fr."),
                    record(10, 0, 993, "a.example.fr."),
                ],
                vec![("a.example.fr", 993), ("b.example.fr", 993)],
            ),
            (
                "heavier first within a priority",
                vec![
                    record(10, 5, 993, "light.example.fr"),
                    record(10, 60, 993, "heavy.example.fr"),
                ],
                vec![("heavy.example.fr", 993), ("light.example.fr", 993)],
            ),
            (
                "ties broken by name for a stable order",
                vec![
                    record(0, 0, 993, "z.example.fr"),
                    record(0, 0, 993, "m.example.fr"),
                ],
                vec![("m.example.fr", 993), ("z.example.fr", 993)],
            ),
            (
                "duplicates, port 0 and bad names dropped; case folded",
                vec![
                    record(0, 0, 993, "IMAP.Example.FR."),
                    record(1, 0, 993, "imap.example.fr"),
                    record(0, 0, 0, "zero.example.fr"),
                    record(0, 0, 993, "bad name.example.fr"),
                ],
                vec![("imap.example.fr", 993)],
            ),
            (
                "a dot beside real records is ignored",
                vec![record(0, 0, 0, "."), record(5, 0, 1993, "imap.example.fr")],
                vec![("imap.example.fr", 1993)],
            ),
        ];
        for (what, records, expected) in cases {
            let answer = servers_from_srv(SrvService::Imaps, &records);
            let expected: Vec<(String, u16)> = expected
                .into_iter()
                .map(|(h, p)| (h.to_owned(), p))
                .collect();
            assert_eq!(hosts(&answer), expected, "{what}");
        }
    }

    #[test]
    fn a_lone_dot_means_not_offered_and_nothing_means_absent() {
        let cases = [
            (vec![record(0, 0, 0, ".")], SrvAnswer::NotOffered),
            (
                vec![record(0, 0, 0, "."), record(0, 0, 0, " . ")],
                SrvAnswer::NotOffered,
            ),
            (vec![], SrvAnswer::Absent),
            (vec![record(0, 0, 0, "imap.example.fr")], SrvAnswer::Absent),
        ];
        for (records, expected) in cases {
            assert_eq!(
                servers_from_srv(SrvService::Imap, &records),
                expected,
                "{records:?}"
            );
        }
    }

    #[test]
    fn security_follows_the_service() {
        let answer = servers_from_srv(
            SrvService::Submission,
            &[record(0, 0, 587, "smtp.example.fr")],
        );
        let SrvAnswer::Offered(servers) = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(servers[0].security, Security::StartTls);
    }
}
