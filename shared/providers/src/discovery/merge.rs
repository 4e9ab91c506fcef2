//! What each source found, and the ranked settings the wizard offers.

use super::Source;
use crate::address::AddressParts;
use crate::autoconfig::{AuthMethod, ClientConfig, ServerConfig};
use crate::presets::Preset;
use crate::server::{AuthRequirement, Protocol, UsernameForm};
use facteur_model::api::ServerEndpoint;
use serde::{Deserialize, Serialize};

/// What one source said, ready to merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Findings {
    /// Which source.
    pub source: Source,
    /// The preset behind a `Preset` or `MxGuess` finding.
    pub preset: Option<&'static str>,
    /// IMAP servers, best first.
    pub imap: Vec<ServerEndpoint>,
    /// SMTP servers, best first.
    pub smtp: Vec<ServerEndpoint>,
    /// POP3 servers, best first.
    pub pop3: Vec<ServerEndpoint>,
    /// The username and its form, when the source says.
    pub username: Option<(String, UsernameForm)>,
    /// What sign-in needs, when the source says.
    pub auth: Option<AuthRequirement>,
}

impl Findings {
    /// A preset's settings, from the domain (`Source::Preset`) or the MX (`Source::MxGuess`).
    pub fn from_preset(source: Source, preset: &'static Preset, address: &AddressParts) -> Self {
        let endpoints = |protocol| preset.servers_for(protocol).map(|s| s.endpoint()).collect();
        let form = preset.username.value;
        Self {
            source,
            preset: Some(preset.id),
            imap: endpoints(Protocol::Imap),
            smtp: endpoints(Protocol::Smtp),
            pop3: endpoints(Protocol::Pop3),
            username: form.username_for(address).map(|name| (name, form)),
            auth: Some(preset.auth.value),
        }
    }

    /// An autoconfig file's settings (`Source::Autoconfig` or `Source::WellKnown`).
    ///
    /// Servers a password cannot open (OAuth2 only) go after the others: Facteur signs in
    /// with a password, so they are the last resort, kept only so the wizard can explain.
    pub fn from_autoconfig(source: Source, config: &ClientConfig, address: &AddressParts) -> Self {
        let ordered = |protocol| {
            let mut servers: Vec<&ServerConfig> = config.servers_for(protocol).collect();
            servers.sort_by_key(|server| {
                !server.authentication.iter().any(AuthMethod::takes_password)
            });
            servers
        };
        let endpoints = |protocol| -> Vec<ServerEndpoint> {
            ordered(protocol)
                .into_iter()
                .filter_map(|server| server.endpoint_for(address))
                .collect()
        };
        let first_imap = ordered(Protocol::Imap).into_iter().next();
        let username = first_imap
            .and_then(|server| Some((server.username_for(address)?, server.username_form()?)));
        let auth = first_imap.map(|server| {
            let methods = &server.authentication;
            if methods.iter().any(AuthMethod::takes_password) {
                AuthRequirement::Password
            } else if methods.contains(&AuthMethod::OAuth2) {
                AuthRequirement::OAuth2
            } else {
                AuthRequirement::Password
            }
        });
        Self {
            source,
            preset: None,
            imap: endpoints(Protocol::Imap),
            smtp: endpoints(Protocol::Smtp),
            pop3: endpoints(Protocol::Pop3),
            username,
            auth,
        }
    }

    /// Servers from SRV answers or from name guesses that answered, which say nothing
    /// about the username or sign-in.
    pub fn from_servers(source: Source, servers: &[(Protocol, ServerEndpoint)]) -> Self {
        let of = |protocol| {
            servers
                .iter()
                .filter(|(p, _)| *p == protocol)
                .map(|(_, endpoint)| endpoint.clone())
                .collect()
        };
        Self {
            source,
            preset: None,
            imap: of(Protocol::Imap),
            smtp: of(Protocol::Smtp),
            pop3: of(Protocol::Pop3),
            username: None,
            auth: None,
        }
    }
}

/// One complete proposal for the wizard, with where each part came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveredSettings {
    /// Where to read mail.
    pub imap: ServerEndpoint,
    /// Where to send; `None` when no source named an SMTP server at all.
    pub smtp: Option<ServerEndpoint>,
    /// POP3, for the report and the comparison; Facteur itself reads over IMAP.
    pub pop3: Option<ServerEndpoint>,
    /// The login name to propose.
    pub username: String,
    /// Its form, for the setup report.
    pub username_form: UsernameForm,
    /// What sign-in needs (the wizard explains app passwords and OAuth2 from it).
    pub auth: AuthRequirement,
    /// Where the IMAP server came from; the ranking key.
    pub source: Source,
    /// Where the SMTP server came from; differs from `source` when another source
    /// completed this one.
    pub smtp_source: Option<Source>,
    /// The preset involved, if any (its id).
    pub preset: Option<String>,
}

/// Ranks every IMAP server found into complete proposals, best first.
///
/// Sources rank as [`Source`] orders them; within a source, its own order holds. A
/// source missing SMTP, POP3, username or sign-in facts borrows them from the best-ranked
/// source that has them, and says so in `smtp_source`. The same IMAP + SMTP pair found by
/// two sources is proposed once, under the better one.
pub fn merge_findings(address: &AddressParts, findings: &[Findings]) -> Vec<DiscoveredSettings> {
    let mut ranked: Vec<&Findings> = findings.iter().collect();
    ranked.sort_by_key(|finding| finding.source);
    let best_smtp = ranked
        .iter()
        .find_map(|f| f.smtp.first().map(|smtp| (smtp, f.source)));
    let best_pop3 = ranked.iter().find_map(|f| f.pop3.first());
    let best_username = ranked.iter().find_map(|f| f.username.as_ref());
    let best_auth = ranked.iter().find_map(|f| f.auth);
    let mut proposals: Vec<DiscoveredSettings> = Vec::new();
    for finding in &ranked {
        let smtp = finding
            .smtp
            .first()
            .map(|smtp| (smtp, finding.source))
            .or(best_smtp);
        let (username, username_form) = finding
            .username
            .as_ref()
            .or(best_username)
            .cloned()
            .unwrap_or_else(|| (address.full(), UsernameForm::FullAddress));
        for imap in &finding.imap {
            let proposal = DiscoveredSettings {
                imap: imap.clone(),
                smtp: smtp.map(|(endpoint, _)| endpoint.clone()),
                pop3: finding.pop3.first().or(best_pop3).cloned(),
                username: username.clone(),
                username_form,
                auth: finding
                    .auth
                    .or(best_auth)
                    .unwrap_or(AuthRequirement::Password),
                source: finding.source,
                smtp_source: smtp.map(|(_, source)| source),
                preset: finding.preset.map(str::to_owned),
            };
            let seen = proposals
                .iter()
                .any(|p| p.imap == proposal.imap && p.smtp == proposal.smtp);
            if !seen {
                proposals.push(proposal);
            }
        }
    }
    proposals
}
