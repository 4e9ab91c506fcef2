//! The pure half of account discovery: what to ask, and what the answers mean.
//!
//! For an address, [`candidates`] lists the sources in the order the issue fixes: the
//! preset for the domain, the domain's autoconfig host, its `.well-known` file, the RFC
//! 6186 SRV records, a guess from the MX host, then the common host names. The bridge
//! queries them (concurrently, with short timeouts, HTTPS only, under its outbound
//! policy), turns each answer into [`Findings`] with the helpers here, and
//! [`merge_findings`] ranks the results into [`DiscoveredSettings`] for the wizard.

mod merge;
mod mx;
mod srv;

pub use merge::{DiscoveredSettings, Findings, merge_findings};
pub use mx::{MxRecord, preset_from_mx};
pub use srv::{SrvAnswer, SrvRecord, SrvService, servers_from_srv};

use crate::address::AddressParts;
use crate::presets::{Preset, preset_for_domain};
use crate::server::Protocol;
use facteur_model::api::{Security, ServerEndpoint};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

/// Where a setting came from, best first: the order is the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Facteur's own presets, for the address's domain.
    Preset,
    /// `https://autoconfig.<domain>/mail/config-v1.1.xml`.
    Autoconfig,
    /// `https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml`.
    WellKnown,
    /// RFC 6186 SRV records.
    Srv,
    /// The domain's MX host belongs to a known provider (a custom domain at Google...).
    MxGuess,
    /// A usual host name (`imap.<domain>`...) that answered on a usual port.
    NameGuess,
}

/// One thing for the bridge to try, in [`candidates`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Candidate {
    /// A preset matches the domain: no network needed.
    Preset(&'static Preset),
    /// Fetch this autoconfig URL (HTTPS only).
    Autoconfig {
        /// `https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=...`
        url: String,
    },
    /// Fetch this `.well-known` autoconfig URL (HTTPS only).
    WellKnown {
        /// `https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml`
        url: String,
    },
    /// Resolve this SRV name, then read it with [`servers_from_srv`].
    Srv {
        /// The service, which says the protocol and security.
        service: SrvService,
        /// `_imaps._tcp.<domain>` etc.
        name: String,
    },
    /// Resolve the domain's MX records, then read them with [`preset_from_mx`].
    Mx {
        /// The address's domain.
        domain: String,
    },
    /// Probe these usual names and ports; keep those that answer.
    NameGuess {
        /// Protocol and endpoint, most likely first within each protocol.
        servers: Vec<(Protocol, ServerEndpoint)>,
    },
}

/// The sources to try for `address`, in order of trust.
pub fn candidates(address: &AddressParts) -> Vec<Candidate> {
    let domain = address.domain();
    let mut list = Vec::with_capacity(10);
    if let Some(preset) = preset_for_domain(domain) {
        list.push(Candidate::Preset(preset));
    }
    list.push(Candidate::Autoconfig {
        url: autoconfig_url(address),
    });
    list.push(Candidate::WellKnown {
        url: well_known_url(domain),
    });
    for service in SrvService::ALL {
        list.push(Candidate::Srv {
            service,
            name: service.name_for(domain),
        });
    }
    list.push(Candidate::Mx {
        domain: domain.to_owned(),
    });
    list.push(Candidate::NameGuess {
        servers: name_guesses(domain),
    });
    list
}

/// Everything but the unreserved characters of RFC 3986, as `encodeURIComponent` does.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The domain's own autoconfig server; Thunderbird sends the address so that one server
/// can answer for many domains.
pub fn autoconfig_url(address: &AddressParts) -> String {
    format!(
        "https://autoconfig.{}/mail/config-v1.1.xml?emailaddress={}",
        address.domain(),
        utf8_percent_encode(&address.full(), QUERY_VALUE)
    )
}

/// The autoconfig file on the domain's main web server. The address is not sent: that
/// server is often a third-party web host with no business knowing it.
pub fn well_known_url(domain: &str) -> String {
    format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml")
}

/// Usual host names and ports, implicit TLS first (RFC 8314), `imap.`/`smtp.`/`pop.`
/// before the catch-all `mail.`.
pub fn name_guesses(domain: &str) -> Vec<(Protocol, ServerEndpoint)> {
    let plan: [(Protocol, &str, Security); 10] = [
        (Protocol::Imap, "imap", Security::Tls),
        (Protocol::Imap, "mail", Security::Tls),
        (Protocol::Imap, "imap", Security::StartTls),
        (Protocol::Imap, "mail", Security::StartTls),
        (Protocol::Smtp, "smtp", Security::Tls),
        (Protocol::Smtp, "mail", Security::Tls),
        (Protocol::Smtp, "smtp", Security::StartTls),
        (Protocol::Smtp, "mail", Security::StartTls),
        (Protocol::Pop3, "pop", Security::Tls),
        (Protocol::Pop3, "mail", Security::Tls),
    ];
    plan.into_iter()
        .map(|(protocol, label, security)| {
            let endpoint = ServerEndpoint {
                host: format!("{label}.{domain}"),
                port: protocol.default_port(security),
                security,
            };
            (protocol, endpoint)
        })
        .collect()
}

#[cfg(test)]
mod tests;
