//! DNS lookups for discovery and the connection test, behind a trait so tests (and the
//! operator's `[discovery.hosts]`) can answer without the network.

use facteur_providers::discovery::{MxRecord, SrvRecord};
use futures::future::BoxFuture;
use hickory_resolver::TokioResolver;
use hickory_resolver::config::{NameServerConfig, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::rr::{RData, RecordType};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::OnceLock;
use std::time::Duration;

/// Why a lookup gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// The name does not exist, or has no record of the type asked.
    NotFound,
    /// The DNS servers did not answer in time.
    Timeout,
    /// Any other failure (server failure, no DNS configuration...).
    Failed(String),
}

/// The DNS questions discovery and the connection test ask.
pub trait Resolver: std::fmt::Debug + Send + Sync {
    /// The A and AAAA addresses of `name`.
    fn ips<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<IpAddr>, LookupError>>;
    /// The MX records of `name`.
    fn mx<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<MxRecord>, LookupError>>;
    /// The SRV records of `name` (`_imaps._tcp.example.fr`).
    fn srv<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<SrvRecord>, LookupError>>;
}

/// A name as the maps key it: lower case, no final dot.
fn key(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// The real resolver, through hickory: the system's DNS servers (`/etc/resolv.conf`), or
/// the one the operator names.
///
/// Built on first use, so a machine without a DNS configuration still starts (discovery
/// then reports a DNS error instead).
#[derive(Debug, Default)]
pub struct DnsResolver {
    server: Option<SocketAddr>,
    inner: OnceLock<Result<TokioResolver, String>>,
}

impl DnsResolver {
    /// Asks `server` over UDP, or the system's servers when `None`.
    pub fn new(server: Option<SocketAddr>) -> Self {
        DnsResolver {
            server,
            inner: OnceLock::new(),
        }
    }

    fn resolver(&self) -> Result<&TokioResolver, LookupError> {
        let built = self.inner.get_or_init(|| {
            let mut builder = match self.server {
                None => TokioResolver::builder_tokio().map_err(|e| e.to_string())?,
                Some(server) => {
                    let mut name_server = NameServerConfig::udp(server.ip());
                    for connection in &mut name_server.connections {
                        connection.port = server.port();
                    }
                    TokioResolver::builder_with_config(
                        ResolverConfig::from_name_servers(vec![name_server]),
                        TokioRuntimeProvider::default(),
                    )
                }
            };
            // Discovery has its own short budget; fail fast rather than retry for long.
            builder.options_mut().timeout = Duration::from_secs(2);
            builder.options_mut().attempts = 1;
            builder.build().map_err(|e| e.to_string())
        });
        built
            .as_ref()
            .map_err(|e| LookupError::Failed(format!("no DNS configuration: {e}")))
    }
}

/// Asks for the fully qualified name, so the system's search domains are never appended.
fn fully_qualified(name: &str) -> String {
    format!("{}.", key(name))
}

fn lookup_error(error: &hickory_resolver::net::NetError) -> LookupError {
    if error.is_nx_domain() || error.is_no_records_found() {
        LookupError::NotFound
    } else if matches!(error, hickory_resolver::net::NetError::Timeout) {
        LookupError::Timeout
    } else {
        LookupError::Failed(error.to_string())
    }
}

/// A DNS name in an answer, as text without the final dot.
fn name_text(name: &hickory_resolver::proto::rr::Name) -> String {
    let text = name.to_ascii();
    if text == "." {
        text
    } else {
        text.trim_end_matches('.').to_owned()
    }
}

impl Resolver for DnsResolver {
    fn ips<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<IpAddr>, LookupError>> {
        Box::pin(async move {
            let answer = self
                .resolver()?
                .lookup_ip(fully_qualified(name))
                .await
                .map_err(|e| lookup_error(&e))?;
            let ips: Vec<IpAddr> = answer.iter().collect();
            if ips.is_empty() {
                Err(LookupError::NotFound)
            } else {
                Ok(ips)
            }
        })
    }

    fn mx<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<MxRecord>, LookupError>> {
        Box::pin(self.records(name, RecordType::MX, |data| match data {
            RData::MX(mx) => Some(MxRecord {
                preference: mx.preference,
                exchange: name_text(&mx.exchange),
            }),
            _ => None,
        }))
    }

    fn srv<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<SrvRecord>, LookupError>> {
        Box::pin(self.records(name, RecordType::SRV, |data| match data {
            RData::SRV(srv) => Some(SrvRecord {
                priority: srv.priority,
                weight: srv.weight,
                port: srv.port,
                target: name_text(&srv.target),
            }),
            _ => None,
        }))
    }
}

impl DnsResolver {
    /// The `kind` records of `name`, each read by `read` (other data is skipped).
    async fn records<T>(
        &self,
        name: &str,
        kind: RecordType,
        read: impl Fn(&RData) -> Option<T>,
    ) -> Result<Vec<T>, LookupError> {
        let answer = self
            .resolver()?
            .lookup(fully_qualified(name), kind)
            .await
            .map_err(|e| lookup_error(&e))?;
        Ok(answer
            .answers()
            .iter()
            .filter_map(|record| read(&record.data))
            .collect())
    }
}

/// A resolver answering from fixed maps: for tests, and for names that must not reach
/// DNS. Unknown names are [`LookupError::NotFound`].
#[derive(Debug, Clone, Default)]
pub struct FixtureResolver {
    ips: HashMap<String, Vec<IpAddr>>,
    mx: HashMap<String, Vec<MxRecord>>,
    srv: HashMap<String, Vec<SrvRecord>>,
    slow: HashMap<String, Duration>,
}

impl FixtureResolver {
    /// An empty resolver: every name is unknown.
    pub fn new() -> Self {
        Self::default()
    }

    /// Answers `ips` for `name`'s A/AAAA question.
    pub fn with_ips(mut self, name: &str, ips: &[IpAddr]) -> Self {
        self.ips.insert(key(name), ips.to_vec());
        self
    }

    /// Answers `records` for `name`'s MX question.
    pub fn with_mx(mut self, name: &str, records: Vec<MxRecord>) -> Self {
        self.mx.insert(key(name), records);
        self
    }

    /// Answers `records` for `name`'s SRV question.
    pub fn with_srv(mut self, name: &str, records: Vec<SrvRecord>) -> Self {
        self.srv.insert(key(name), records);
        self
    }

    /// Makes every question about `name` (any type) take `delay` before its answer, like a
    /// DNS server that does not respond.
    pub fn slow(mut self, name: &str, delay: Duration) -> Self {
        self.slow.insert(key(name), delay);
        self
    }

    async fn answer<T: Clone>(
        &self,
        map: &HashMap<String, Vec<T>>,
        name: &str,
    ) -> Result<Vec<T>, LookupError> {
        let name = key(name);
        if let Some(delay) = self.slow.get(&name) {
            tokio::time::sleep(*delay).await;
        }
        match map.get(&name) {
            Some(records) if !records.is_empty() => Ok(records.clone()),
            _ => Err(LookupError::NotFound),
        }
    }
}

impl Resolver for FixtureResolver {
    fn ips<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<IpAddr>, LookupError>> {
        Box::pin(self.answer(&self.ips, name))
    }

    fn mx<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<MxRecord>, LookupError>> {
        Box::pin(self.answer(&self.mx, name))
    }

    fn srv<'a>(&'a self, name: &'a str) -> BoxFuture<'a, Result<Vec<SrvRecord>, LookupError>> {
        Box::pin(self.answer(&self.srv, name))
    }
}

/// The operator's fixed names in front of another resolver (`[discovery.hosts]`).
#[derive(Debug)]
pub struct WithHosts<'a> {
    /// Name → address, answered without asking `inner`.
    pub hosts: &'a std::collections::BTreeMap<String, IpAddr>,
    /// Asked for everything else.
    pub inner: &'a dyn Resolver,
}

impl WithHosts<'_> {
    /// The addresses of `name`: the fixed one, else the resolver's.
    pub async fn ips(&self, name: &str) -> Result<Vec<IpAddr>, LookupError> {
        let wanted = key(name);
        let fixed = self
            .hosts
            .iter()
            .find(|(host, _)| key(host) == wanted)
            .map(|(_, ip)| *ip);
        match fixed {
            Some(ip) => Ok(vec![ip]),
            None => self.inner.ips(name).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn fixtures_answer_by_name_whatever_the_case_and_final_dot() {
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let fixtures = FixtureResolver::new()
            .with_ips("Mail.Example.test.", &[ip])
            .with_mx(
                "example.test",
                vec![MxRecord {
                    preference: 10,
                    exchange: "mx.example.test".into(),
                }],
            );
        assert_eq!(fixtures.ips("mail.example.test").await, Ok(vec![ip]));
        assert_eq!(fixtures.mx("EXAMPLE.test.").await.unwrap().len(), 1);
        assert_eq!(
            fixtures.srv("_imaps._tcp.example.test").await,
            Err(LookupError::NotFound)
        );
        assert_eq!(
            fixtures.ips("nowhere.test").await,
            Err(LookupError::NotFound)
        );
    }

    #[tokio::test]
    async fn fixed_hosts_come_before_the_resolver() {
        let fixed: IpAddr = "127.0.0.1".parse().unwrap();
        let resolved: IpAddr = "192.0.2.1".parse().unwrap();
        let hosts = std::collections::BTreeMap::from([("intranet.test".to_owned(), fixed)]);
        let inner = FixtureResolver::new()
            .with_ips("intranet.test", &[resolved])
            .with_ips("public.test", &[resolved]);
        let lookup = WithHosts {
            hosts: &hosts,
            inner: &inner,
        };
        assert_eq!(lookup.ips("Intranet.test.").await, Ok(vec![fixed]));
        assert_eq!(lookup.ips("public.test").await, Ok(vec![resolved]));
    }
}
