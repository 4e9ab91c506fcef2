//! Account discovery: asks every source of [`facteur_providers::candidates`] at once, each within
//! a short time limit, and merges what they found into ranked proposals.
//!
//! A preset for the domain (the operator's own, then Facteur's) answers without any
//! network: the other sources are then skipped.

use super::fetch::{Fetched, Fetcher};
use super::reach::{Failure, lookup_failure};
use super::resolver::LookupError;
use crate::config::{DiscoveryConfig, OperatorPreset};
use facteur_model::EmailAddress;
use facteur_model::api::ServerEndpoint;
use facteur_providers::discovery::{
    Findings, SrvAnswer, SrvService, preset_from_mx, servers_from_srv,
};
use facteur_providers::setup_api::{
    AttemptFailure, AttemptOutcome, DiscoveryReport, SourceAttempt,
};
use facteur_providers::{
    AddressParts, AuthRequirement, Candidate, Protocol, Source, candidates, merge_findings,
    parse_autoconfig,
};
use futures::future::{BoxFuture, join_all};
use std::net::SocketAddr;
use tokio::net::TcpStream;

/// Everything discovery needs from the bridge.
#[derive(Debug, Clone, Copy)]
pub struct Discovery<'a> {
    /// HTTPS fetches, names and the address rule.
    pub fetcher: Fetcher<'a>,
    /// The operator's settings: time limit per source, own domains.
    pub config: &'a DiscoveryConfig,
}

/// What every source said.
#[derive(Debug, Clone, Default)]
pub struct DiscoveryRun {
    /// Usable findings, in attempt order.
    pub findings: Vec<Findings>,
    /// Every source, in candidate order.
    pub attempts: Vec<SourceAttempt>,
}

/// One source's attempts (name guesses make several) and what it found.
type SourceResult = (Vec<SourceAttempt>, Option<Findings>);

fn attempt(source: Source, target: impl Into<String>, outcome: AttemptOutcome) -> SourceAttempt {
    SourceAttempt {
        source,
        target: target.into(),
        outcome,
    }
}

fn failed((reason, detail): Failure) -> AttemptOutcome {
    AttemptOutcome::Failed { reason, detail }
}

/// The findings of an operator preset.
pub fn operator_findings(preset: &OperatorPreset, address: &AddressParts) -> Findings {
    Findings {
        source: Source::Preset,
        preset: None,
        imap: vec![preset.imap.clone()],
        smtp: vec![preset.smtp.clone()],
        pop3: Vec::new(),
        username: preset
            .username
            .username_for(address)
            .map(|name| (name, preset.username)),
        auth: Some(AuthRequirement::Password),
    }
}

/// The source and target of a candidate, as the report names them.
fn describe(candidate: &Candidate) -> Vec<(Source, String)> {
    match candidate {
        Candidate::Preset(preset) => vec![(Source::Preset, preset.id.to_owned())],
        Candidate::Autoconfig { url } => vec![(Source::Autoconfig, url.clone())],
        Candidate::WellKnown { url } => vec![(Source::WellKnown, url.clone())],
        Candidate::Srv { name, .. } => vec![(Source::Srv, name.clone())],
        Candidate::Mx { domain } => vec![(Source::MxGuess, domain.clone())],
        Candidate::NameGuess { servers } => servers
            .iter()
            .map(|(_, endpoint)| (Source::NameGuess, endpoint_target(endpoint)))
            .collect(),
    }
}

fn endpoint_target(endpoint: &ServerEndpoint) -> String {
    format!("{}:{}", endpoint.host, endpoint.port)
}

/// Builds the report from a run: proposals ranked, the preset of the best one.
pub fn report(email: EmailAddress, address: &AddressParts, run: DiscoveryRun) -> DiscoveryReport {
    let proposals = merge_findings(address, &run.findings);
    let preset = proposals
        .first()
        .and_then(|proposal| proposal.preset.clone());
    DiscoveryReport {
        email,
        proposals,
        attempts: run.attempts,
        preset,
    }
}

impl Discovery<'_> {
    /// Asks every source for `address`.
    pub async fn run(&self, address: &AddressParts) -> DiscoveryRun {
        let mut run = DiscoveryRun::default();
        let list = candidates(address);
        if let Some(preset) = self.config.operator_preset(address.domain()) {
            run.attempts.push(attempt(
                Source::Preset,
                preset.domain.clone(),
                AttemptOutcome::Found,
            ));
            run.findings.push(operator_findings(preset, address));
        }
        for candidate in &list {
            if let Candidate::Preset(preset) = candidate {
                run.attempts
                    .push(attempt(Source::Preset, preset.id, AttemptOutcome::Found));
                run.findings
                    .push(Findings::from_preset(Source::Preset, preset, address));
            }
        }
        let network: Vec<&Candidate> = list
            .iter()
            .filter(|candidate| !matches!(candidate, Candidate::Preset(_)))
            .collect();
        if !run.findings.is_empty() {
            // A preset is authoritative for its domain: no need to ask strangers.
            for candidate in network {
                for (source, target) in describe(candidate) {
                    run.attempts
                        .push(attempt(source, target, AttemptOutcome::Skipped));
                }
            }
            return run;
        }
        let asks: Vec<BoxFuture<'_, SourceResult>> = network
            .into_iter()
            .map(|candidate| self.ask(candidate, address))
            .collect();
        for (attempts, findings) in join_all(asks).await {
            run.attempts.extend(attempts);
            run.findings.extend(findings);
        }
        run
    }

    /// Asks one source within the time limit.
    fn ask<'a>(
        &'a self,
        candidate: &'a Candidate,
        address: &'a AddressParts,
    ) -> BoxFuture<'a, SourceResult> {
        Box::pin(async move {
            if let Candidate::NameGuess { servers } = candidate {
                return self.guess_names(servers).await;
            }
            let (source, target) = describe(candidate)
                .into_iter()
                .next()
                .unwrap_or((Source::NameGuess, String::new()));
            let asked = tokio::time::timeout(
                self.config.source_timeout(),
                self.ask_one(candidate, address),
            );
            let (outcome, findings) = match asked.await {
                Ok(Ok(Some(findings))) => (AttemptOutcome::Found, Some(findings)),
                Ok(Ok(None)) => (AttemptOutcome::Nothing, None),
                Ok(Err(failure)) => (failed(failure), None),
                Err(_) => (self.timed_out(), None),
            };
            (vec![attempt(source, target, outcome)], findings)
        })
    }

    fn timed_out(&self) -> AttemptOutcome {
        failed((
            AttemptFailure::Timeout,
            format!(
                "no answer within {} ms",
                self.config.source_timeout().as_millis()
            ),
        ))
    }

    async fn ask_one(
        &self,
        candidate: &Candidate,
        address: &AddressParts,
    ) -> Result<Option<Findings>, Failure> {
        match candidate {
            Candidate::Autoconfig { url } => {
                self.autoconfig(Source::Autoconfig, url, address).await
            }
            Candidate::WellKnown { url } => self.autoconfig(Source::WellKnown, url, address).await,
            Candidate::Srv { service, name } => self.srv(*service, name).await,
            Candidate::Mx { domain } => self.mx(domain, address).await,
            Candidate::Preset(_) | Candidate::NameGuess { .. } => Ok(None),
        }
    }

    async fn autoconfig(
        &self,
        source: Source,
        url: &str,
        address: &AddressParts,
    ) -> Result<Option<Findings>, Failure> {
        let body = match self.fetcher.get(url).await? {
            Fetched::NotFound => return Ok(None),
            Fetched::Body(body) => body,
        };
        let config = parse_autoconfig(&body)
            .map_err(|e| (AttemptFailure::InvalidAnswer, format!("{e:?}")))?;
        let findings = Findings::from_autoconfig(source, &config, address);
        Ok((!findings.imap.is_empty()).then_some(findings))
    }

    async fn srv(&self, service: SrvService, name: &str) -> Result<Option<Findings>, Failure> {
        let records = match self.fetcher.reach.resolver.srv(name).await {
            Err(LookupError::NotFound) => return Ok(None),
            other => other.map_err(|e| lookup_failure(name, e))?,
        };
        match servers_from_srv(service, &records) {
            SrvAnswer::Absent | SrvAnswer::NotOffered => Ok(None),
            SrvAnswer::Offered(endpoints) => {
                let servers: Vec<(Protocol, ServerEndpoint)> = endpoints
                    .into_iter()
                    .map(|endpoint| (service.protocol(), endpoint))
                    .collect();
                Ok(Some(Findings::from_servers(Source::Srv, &servers)))
            }
        }
    }

    async fn mx(&self, domain: &str, address: &AddressParts) -> Result<Option<Findings>, Failure> {
        let records = match self.fetcher.reach.resolver.mx(domain).await {
            Err(LookupError::NotFound) => return Ok(None),
            other => other.map_err(|e| lookup_failure(domain, e))?,
        };
        Ok(preset_from_mx(&records)
            .map(|preset| Findings::from_preset(Source::MxGuess, preset, address)))
    }

    /// Probes every usual name at once; keeps those that accept a connection.
    async fn guess_names(&self, servers: &[(Protocol, ServerEndpoint)]) -> SourceResult {
        let probes = servers.iter().map(|(_, endpoint)| async move {
            let probe = tokio::time::timeout(self.config.source_timeout(), self.probe(endpoint));
            match probe.await {
                Ok(Ok(())) => AttemptOutcome::Found,
                Ok(Err(failure)) => failed(failure),
                Err(_) => self.timed_out(),
            }
        });
        let outcomes = join_all(probes).await;
        let answered: Vec<(Protocol, ServerEndpoint)> = servers
            .iter()
            .zip(&outcomes)
            .filter(|(_, outcome)| **outcome == AttemptOutcome::Found)
            .map(|(server, _)| server.clone())
            .collect();
        let attempts = servers
            .iter()
            .zip(outcomes)
            .map(|((_, endpoint), outcome)| {
                attempt(Source::NameGuess, endpoint_target(endpoint), outcome)
            })
            .collect();
        let findings = answered
            .iter()
            .any(|(protocol, _)| *protocol == Protocol::Imap)
            .then(|| Findings::from_servers(Source::NameGuess, &answered));
        (attempts, findings)
    }

    async fn probe(&self, endpoint: &ServerEndpoint) -> Result<(), Failure> {
        let ips = self.fetcher.reach.addresses(&endpoint.host).await?;
        let mut last = (AttemptFailure::ConnectFailed, String::new());
        for ip in ips {
            let addr = SocketAddr::new(ip, endpoint.port);
            match TcpStream::connect(addr).await {
                Ok(_) => return Ok(()),
                Err(e) => {
                    // The name, never the resolved address (see `fetch`).
                    last = (
                        AttemptFailure::ConnectFailed,
                        format!("{}:{}: {e}", endpoint.host, endpoint.port),
                    )
                }
            }
        }
        Err(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::api::Security;
    use facteur_providers::UsernameForm;

    fn endpoint(host: &str, port: u16, security: Security) -> ServerEndpoint {
        ServerEndpoint {
            host: host.into(),
            port,
            security,
        }
    }

    #[test]
    fn an_operator_preset_proposes_its_servers_and_username() {
        let address = AddressParts::parse("Jean@Example.test").unwrap();
        let preset = OperatorPreset {
            domain: "example.test".into(),
            imap: endpoint("127.0.0.1", 993, Security::Tls),
            smtp: endpoint("127.0.0.1", 587, Security::StartTls),
            username: UsernameForm::LocalPart,
        };
        let run = DiscoveryRun {
            findings: vec![operator_findings(&preset, &address)],
            attempts: Vec::new(),
        };
        let email = EmailAddress::try_from("Jean@Example.test".to_owned()).unwrap();
        let report = report(email, &address, run);
        assert_eq!(report.proposals.len(), 1);
        let best = &report.proposals[0];
        assert_eq!(best.imap.port, 993);
        assert_eq!(best.smtp.as_ref().map(|s| s.port), Some(587));
        assert_eq!(best.username, "Jean");
        assert_eq!(best.source, Source::Preset);
        assert_eq!(report.preset, None);
    }

    #[test]
    fn name_guess_attempts_name_each_host_and_port() {
        let candidate = Candidate::NameGuess {
            servers: vec![(
                Protocol::Imap,
                endpoint("imap.example.fr", 993, Security::Tls),
            )],
        };
        assert_eq!(
            describe(&candidate),
            vec![(Source::NameGuess, "imap.example.fr:993".to_owned())]
        );
    }
}
