//! Every preset is complete and the lookups find the right one.

use super::*;
use crate::address::is_host_name;
use std::collections::HashSet;

fn texts(preset: &Preset) -> Vec<Text> {
    let notes = [
        preset.username.note,
        preset.auth.note,
        preset.storage_mb.note,
        preset.attachment_mb.note,
        preset.cost.note,
    ];
    notes
        .into_iter()
        .flatten()
        .chain(preset.limits.iter().copied())
        .chain(preset.pros.iter().copied())
        .chain(preset.cons.iter().copied())
        .collect()
}

#[test]
fn every_preset_is_complete() {
    for preset in all_presets() {
        let id = preset.id;
        assert!(!preset.name.is_empty(), "{id}: name");
        assert!(
            !preset.domains.is_empty() || !preset.mx_suffixes.is_empty(),
            "{id}: neither a domain nor an MX suffix can lead to it"
        );
        assert!(preset.preferred(Protocol::Imap).is_some(), "{id}: no IMAP");
        assert!(preset.preferred(Protocol::Smtp).is_some(), "{id}: no SMTP");
        for server in preset.servers {
            assert!(is_host_name(server.host), "{id}: host {:?}", server.host);
            assert_ne!(server.port, 0, "{id}: port of {}", server.host);
            assert_ne!(
                server.security,
                Security::Plain,
                "{id}: {} unencrypted",
                server.host
            );
        }
        for text in texts(preset) {
            assert!(
                !text.fr.trim().is_empty(),
                "{id}: French text missing for {:?}",
                text.en
            );
            assert!(
                !text.en.trim().is_empty(),
                "{id}: English text missing for {:?}",
                text.fr
            );
            assert_ne!(text.fr, text.en, "{id}: untranslated {:?}", text.en);
        }
        assert!(
            !preset.pros.is_empty() && !preset.cons.is_empty(),
            "{id}: pros and cons"
        );
        assert!(!preset.sources.is_empty(), "{id}: no source");
        for source in preset.sources {
            assert!(
                source.contains(FACTS_AS_OF),
                "{id}: source without its date: {source}"
            );
        }
        for url in preset.help_url.iter().chain(preset.auth_help_url.iter()) {
            assert!(url.starts_with("https://"), "{id}: {url}");
        }
    }
}

#[test]
fn unknown_values_always_say_why() {
    for preset in all_presets() {
        for (what, fact) in [
            ("storage", preset.storage_mb),
            ("attachment", preset.attachment_mb),
        ] {
            if fact.value.is_none() {
                assert!(
                    fact.note.is_some(),
                    "{}: unknown {what} without a note",
                    preset.id
                );
                assert_eq!(
                    fact.confidence,
                    Confidence::Uncertain,
                    "{}: {what}",
                    preset.id
                );
            }
        }
    }
}

#[test]
fn providers_that_refuse_passwords_link_to_their_explanation() {
    for preset in all_presets() {
        if preset.auth.value != AuthRequirement::Password {
            assert!(
                preset.auth_help_url.is_some(),
                "{}: no help link",
                preset.id
            );
            assert!(preset.auth.note.is_some(), "{}: no explanation", preset.id);
        }
    }
}

#[test]
fn ids_domains_and_mx_suffixes_are_lower_case_and_unique() {
    let mut ids = HashSet::new();
    let mut domains = HashSet::new();
    let mut suffixes = HashSet::new();
    for preset in all_presets() {
        assert!(ids.insert(preset.id), "id {} twice", preset.id);
        for domain in preset.domains {
            assert_eq!(*domain, domain.to_ascii_lowercase(), "{domain}");
            assert!(is_host_name(domain) && domain.contains('.'), "{domain}");
            assert!(domains.insert(*domain), "domain {domain} in two presets");
        }
        for suffix in preset.mx_suffixes {
            assert_eq!(*suffix, suffix.to_ascii_lowercase(), "{suffix}");
            assert!(suffixes.insert(*suffix), "MX suffix {suffix} twice");
        }
    }
}

#[test]
fn the_issue_s_providers_and_domains_are_covered() {
    let cases = [
        ("gmail.com", "gmail"),
        ("googlemail.com", "gmail"),
        ("outlook.com", "microsoft"),
        ("hotmail.com", "microsoft"),
        ("hotmail.fr", "microsoft"),
        ("live.com", "microsoft"),
        ("live.fr", "microsoft"),
        ("msn.com", "microsoft"),
        ("laposte.net", "laposte"),
        ("yahoo.com", "yahoo"),
        ("yahoo.fr", "yahoo"),
        ("aol.com", "aol"),
        ("mail.com", "mail-com"),
        ("email.com", "mail-com"),
        ("proton.me", "proton"),
        ("protonmail.com", "proton"),
        ("orange.fr", "orange"),
        ("wanadoo.fr", "orange"),
        ("free.fr", "free"),
        ("sfr.fr", "sfr"),
        ("neuf.fr", "sfr"),
        ("bbox.fr", "bouygues"),
        // Case, spaces and the root dot do not matter.
        (" GMail.COM. ", "gmail"),
    ];
    for (domain, id) in cases {
        assert_eq!(
            preset_for_domain(domain).map(|p| p.id),
            Some(id),
            "{domain}"
        );
    }
    for domain in ["example.fr", "mail.gmail.com", "gmail.co", ""] {
        assert_eq!(preset_for_domain(domain).map(|p| p.id), None, "{domain}");
    }
}

#[test]
fn mx_hosts_map_to_the_provider_that_runs_them() {
    let cases = [
        ("aspmx.l.google.com", Some("gmail")),
        ("alt1.aspmx.l.google.com.", Some("gmail")),
        ("smtp.google.com", Some("gmail")),
        (
            "contoso-com.mail.protection.outlook.com",
            Some("microsoft365"),
        ),
        ("hotmail-com.olc.protection.outlook.com", Some("microsoft")),
        ("mta5.am0.yahoodns.net", Some("yahoo")),
        ("mx-aol.mail.gm0.yahoodns.net", Some("aol")),
        ("mail.protonmail.ch", Some("proton")),
        ("MAILSEC.PROTONMAIL.CH", Some("proton")),
        ("mx1.free.fr", Some("free")),
        // A suffix must match whole labels.
        ("evilgoogle.com", None),
        ("google.com.evil.example", None),
        ("mx.example.fr", None),
        ("", None),
    ];
    for (host, id) in cases {
        assert_eq!(preset_for_mx(host).map(|p| p.id), id, "{host}");
    }
}

#[test]
fn proton_goes_through_the_local_bridge() {
    let proton = preset_by_id("proton").unwrap();
    let imap = proton.preferred(Protocol::Imap).unwrap().endpoint();
    let smtp = proton.preferred(Protocol::Smtp).unwrap().endpoint();
    assert_eq!(
        (imap.host.as_str(), imap.port, imap.security),
        ("127.0.0.1", 1143, Security::StartTls)
    );
    assert_eq!(
        (smtp.host.as_str(), smtp.port, smtp.security),
        ("127.0.0.1", 1025, Security::StartTls)
    );
    assert_eq!(proton.preferred(Protocol::Pop3), None);
    assert_eq!(proton.auth.value, AuthRequirement::BridgePassword);
}
