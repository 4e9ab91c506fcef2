//! Candidate order, the URLs and names built, and the merging of findings.

use super::*;
use crate::autoconfig::parse_autoconfig;
use crate::presets::preset_by_id;
use crate::server::{AuthRequirement, UsernameForm};

fn address(text: &str) -> AddressParts {
    AddressParts::parse(text).unwrap()
}

fn endpoint(host: &str, port: u16, security: Security) -> ServerEndpoint {
    ServerEndpoint {
        host: host.to_owned(),
        port,
        security,
    }
}

/// A one-line description of each candidate, to compare whole lists in a table.
fn describe(candidate: &Candidate) -> String {
    match candidate {
        Candidate::Preset(preset) => format!("preset {}", preset.id),
        Candidate::Autoconfig { url } => format!("autoconfig {url}"),
        Candidate::WellKnown { url } => format!("well-known {url}"),
        Candidate::Srv { name, .. } => format!("srv {name}"),
        Candidate::Mx { domain } => format!("mx {domain}"),
        Candidate::NameGuess { servers } => format!("guess {} servers", servers.len()),
    }
}

#[test]
fn candidates_come_in_the_issue_s_order() {
    let common = |domain: &str, query: &str| {
        vec![
            format!(
                "autoconfig https://autoconfig.{domain}/mail/config-v1.1.xml?emailaddress={query}"
            ),
            format!("well-known https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml"),
            format!("srv _imaps._tcp.{domain}"),
            format!("srv _imap._tcp.{domain}"),
            format!("srv _submissions._tcp.{domain}"),
            format!("srv _submission._tcp.{domain}"),
            format!("srv _pop3s._tcp.{domain}"),
            format!("mx {domain}"),
            "guess 10 servers".to_owned(),
        ]
    };
    let cases = [
        (
            "Jean@Example.FR",
            None,
            common("example.fr", "Jean%40example.fr"),
        ),
        (
            "marie@orange.fr",
            Some("preset orange"),
            common("orange.fr", "marie%40orange.fr"),
        ),
        (
            "a+b&c=d@example.org",
            None,
            common("example.org", "a%2Bb%26c%3Dd%40example.org"),
        ),
    ];
    for (text, preset, rest) in cases {
        let expected: Vec<String> = preset.map(str::to_owned).into_iter().chain(rest).collect();
        let got: Vec<String> = candidates(&address(text)).iter().map(describe).collect();
        assert_eq!(got, expected, "{text}");
    }
}

#[test]
fn name_guesses_try_usual_names_with_implicit_tls_first() {
    let guesses = name_guesses("example.fr");
    let got: Vec<(Protocol, &str, u16, Security)> = guesses
        .iter()
        .map(|(p, e)| (*p, e.host.as_str(), e.port, e.security))
        .collect();
    let expected = [
        (Protocol::Imap, "imap.example.fr", 993, Security::Tls),
        (Protocol::Imap, "mail.example.fr", 993, Security::Tls),
        (Protocol::Imap, "imap.example.fr", 143, Security::StartTls),
        (Protocol::Imap, "mail.example.fr", 143, Security::StartTls),
        (Protocol::Smtp, "smtp.example.fr", 465, Security::Tls),
        (Protocol::Smtp, "mail.example.fr", 465, Security::Tls),
        (Protocol::Smtp, "smtp.example.fr", 587, Security::StartTls),
        (Protocol::Smtp, "mail.example.fr", 587, Security::StartTls),
        (Protocol::Pop3, "pop.example.fr", 995, Security::Tls),
        (Protocol::Pop3, "mail.example.fr", 995, Security::Tls),
    ];
    assert_eq!(got, expected);
}

const AUTOCONFIG: &str = r#"<clientConfig version="1.1"><emailProvider id="example.fr">
  <domain>example.fr</domain>
  <incomingServer type="imap"><hostname>oauth.example.fr</hostname><port>993</port>
    <socketType>SSL</socketType><username>%EMAILADDRESS%</username>
    <authentication>OAuth2</authentication></incomingServer>
  <incomingServer type="imap"><hostname>imap.%EMAILDOMAIN%</hostname><port>993</port>
    <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication></incomingServer>
  <outgoingServer type="smtp"><hostname>smtp.example.fr</hostname><port>465</port>
    <socketType>SSL</socketType><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication></outgoingServer>
</emailProvider></clientConfig>"#;

#[test]
fn autoconfig_findings_put_password_servers_first_and_fill_placeholders() {
    let who = address("jean@example.fr");
    let config = parse_autoconfig(AUTOCONFIG.as_bytes()).unwrap();
    let findings = Findings::from_autoconfig(Source::Autoconfig, &config, &who);
    let hosts: Vec<&str> = findings.imap.iter().map(|e| e.host.as_str()).collect();
    assert_eq!(hosts, ["imap.example.fr", "oauth.example.fr"]);
    assert_eq!(
        findings.username,
        Some(("jean".to_owned(), UsernameForm::LocalPart))
    );
    assert_eq!(findings.auth, Some(AuthRequirement::Password));
}

#[test]
fn merge_ranks_by_source_and_borrows_what_a_source_lacks() {
    let who = address("jean@example.fr");
    let srv = Findings::from_servers(
        Source::Srv,
        &[(
            Protocol::Imap,
            endpoint("imap.srv.example.fr", 993, Security::Tls),
        )],
    );
    let guess = Findings::from_servers(
        Source::NameGuess,
        &[
            (
                Protocol::Imap,
                endpoint("imap.example.fr", 993, Security::Tls),
            ),
            (
                Protocol::Smtp,
                endpoint("mail.example.fr", 587, Security::StartTls),
            ),
        ],
    );
    let config = parse_autoconfig(AUTOCONFIG.as_bytes()).unwrap();
    let autoconfig = Findings::from_autoconfig(Source::WellKnown, &config, &who);
    // Given in the wrong order on purpose: the merge ranks.
    let merged = merge_findings(&who, &[guess, srv, autoconfig]);
    let got: Vec<(Source, &str, Option<Source>, &str)> = merged
        .iter()
        .map(|s| {
            (
                s.source,
                s.imap.host.as_str(),
                s.smtp_source,
                s.username.as_str(),
            )
        })
        .collect();
    let expected = [
        (
            Source::WellKnown,
            "imap.example.fr",
            Some(Source::WellKnown),
            "jean",
        ),
        (
            Source::WellKnown,
            "oauth.example.fr",
            Some(Source::WellKnown),
            "jean",
        ),
        // SRV named no SMTP server nor username: borrowed from the best source that did.
        (
            Source::Srv,
            "imap.srv.example.fr",
            Some(Source::WellKnown),
            "jean",
        ),
        // The name guess found imap.example.fr too, but with another SMTP server.
    ];
    assert_eq!(got[..3], expected);
    assert_eq!(got.len(), 4);
    assert_eq!(got[3].0, Source::NameGuess);
    assert_eq!(merged[3].smtp.as_ref().unwrap().host, "mail.example.fr");
}

#[test]
fn merge_prefers_the_preset_and_drops_duplicates() {
    let who = address("someone@gmail.com");
    let gmail = preset_by_id("gmail").unwrap();
    let preset = Findings::from_preset(Source::Preset, gmail, &who);
    let mx = Findings::from_preset(Source::MxGuess, gmail, &who);
    let merged = merge_findings(&who, &[mx, preset]);
    assert_eq!(merged.len(), 1, "{merged:?}");
    let best = &merged[0];
    assert_eq!(best.source, Source::Preset);
    assert_eq!(best.preset.as_deref(), Some("gmail"));
    assert_eq!(best.imap, endpoint("imap.gmail.com", 993, Security::Tls));
    assert_eq!(
        best.smtp,
        Some(endpoint("smtp.gmail.com", 465, Security::Tls))
    );
    assert_eq!(
        best.pop3,
        Some(endpoint("pop.gmail.com", 995, Security::Tls))
    );
    assert_eq!(best.username, "someone@gmail.com");
    assert_eq!(best.auth, AuthRequirement::OAuth2OrAppPassword);
}

#[test]
fn merge_of_nothing_or_smtp_only_proposes_nothing() {
    let who = address("jean@example.fr");
    assert!(merge_findings(&who, &[]).is_empty());
    let smtp_only = Findings::from_servers(
        Source::Srv,
        &[(
            Protocol::Smtp,
            endpoint("smtp.example.fr", 587, Security::StartTls),
        )],
    );
    assert!(merge_findings(&who, &[smtp_only]).is_empty());
}

#[test]
fn without_any_username_fact_the_full_address_is_proposed() {
    let who = address("Jean@Example.fr");
    let srv = Findings::from_servers(
        Source::Srv,
        &[(
            Protocol::Imap,
            endpoint("imap.example.fr", 993, Security::Tls),
        )],
    );
    let merged = merge_findings(&who, &[srv]);
    assert_eq!(merged[0].username, "Jean@example.fr");
    assert_eq!(merged[0].username_form, UsernameForm::FullAddress);
    assert_eq!(merged[0].auth, AuthRequirement::Password);
    assert_eq!(
        (merged[0].smtp.clone(), merged[0].smtp_source),
        (None, None)
    );
}

#[test]
fn discovered_settings_round_trip_as_json() {
    let who = address("someone@free.fr");
    let free = preset_by_id("free").unwrap();
    let merged = merge_findings(&who, &[Findings::from_preset(Source::Preset, free, &who)]);
    let json = serde_json::to_string(&merged[0]).unwrap();
    assert!(json.contains(r#""source":"preset""#), "{json}");
    assert!(json.contains(r#""username_form":"local_part""#), "{json}");
    let back: DiscoveredSettings = serde_json::from_str(&json).unwrap();
    assert_eq!(back, merged[0]);
}
