//! Every preset is complete and the lookups find the right one.

use super::*;
use crate::address::is_host_name;
use std::collections::HashSet;

fn texts(preset: &Preset) -> Vec<Text> {
    let notes = [
        preset.username.note,
        preset.auth.note,
        preset.storage.note,
        preset.attachment.note,
        preset.cost.note,
    ];
    notes
        .into_iter()
        .flatten()
        .chain(preset.limits.iter().copied())
        .chain(preset.pros.iter().copied())
        .chain(preset.cons.iter().copied())
        .chain(preset.sources.iter().map(|source| source.supports))
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
                is_check_date(source.checked),
                "{id}: source without its date: {source:?}"
            );
            assert!(
                !source.location.is_empty() || !source.supports.fr.is_empty(),
                "{id}: a source that names nothing"
            );
        }
        for url in preset.help_url.iter().chain(preset.auth_help_url.iter()) {
            assert!(url.starts_with("https://"), "{id}: {url}");
        }
    }
}

/// `YYYY` or `YYYY-MM-DD`, in the year the facts were compiled.
fn is_check_date(checked: &str) -> bool {
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    let mut parts = checked.split('-');
    let year = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    year == FACTS_AS_OF
        && (rest.is_empty() || (rest.len() == 2 && digits(rest[0], 2) && digits(rest[1], 2)))
}

fn sizes(preset: &Preset) -> [(&'static str, Fact<Size>); 2] {
    [
        ("storage", preset.storage),
        ("attachment", preset.attachment),
    ]
}

#[test]
fn unknown_values_always_say_why() {
    for preset in all_presets() {
        for (what, fact) in sizes(preset) {
            if fact.value == Size::Unknown {
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
fn a_size_not_published_names_the_dated_page_read_and_what_is_known() {
    for preset in all_presets() {
        for (what, fact) in sizes(preset) {
            if fact.value != Size::NotPublished {
                continue;
            }
            let id = preset.id;
            let source = fact
                .source
                .unwrap_or_else(|| panic!("{id}: {what} not published, but looked for nowhere"));
            // « non publié » alone tells the user nothing: the note says what was read
            // and what is known instead, in both languages.
            let note = fact
                .note
                .unwrap_or_else(|| panic!("{id}: {what} not published, and nothing said"));
            assert!(
                !note.fr.trim().is_empty() && !note.en.trim().is_empty() && note.fr != note.en,
                "{id}: {what}: {note:?}"
            );
            assert!(
                source.location.starts_with("https://"),
                "{id}: {what}: {source:?}"
            );
            assert!(
                is_check_date(source.checked) && source.checked.len() == "YYYY-MM-DD".len(),
                "{id}: {what}: no day checked in {source:?}"
            );
            assert!(
                preset.sources.contains(source),
                "{id}: {what}: its source is not in the sources list"
            );
        }
    }
}

#[test]
fn french_providers_have_no_unexplained_size() {
    for preset in french_presets() {
        let id = preset.id;
        for (what, fact) in sizes(preset) {
            match fact.value {
                Size::Megabytes(_) => {}
                Size::NotPublished => assert!(fact.source.is_some(), "{id}: {what}"),
                Size::Unknown => {
                    panic!("{id}: {what} unknown: look it up or say it is not published")
                }
            }
        }
    }
}

const FRENCH: [&str; 5] = ["laposte", "orange", "free", "sfr", "bouygues"];

fn french_presets() -> impl Iterator<Item = &'static Preset> {
    FRENCH.into_iter().map(|id| preset_by_id(id).unwrap())
}

#[test]
fn french_facts_with_a_page_of_their_own_name_it_with_its_day() {
    for preset in french_presets() {
        let id = preset.id;
        let facts = [
            ("username", preset.username.source),
            ("auth", preset.auth.source),
            ("storage", preset.storage.source),
            ("attachment", preset.attachment.source),
            ("cost", preset.cost.source),
        ];
        for (what, source) in facts {
            let Some(source) = source else { continue };
            assert!(
                source.location.starts_with("https://"),
                "{id}: {what}: {source:?}"
            );
            assert_eq!(source.checked.len(), "YYYY-MM-DD".len(), "{id}: {what}");
            assert!(
                preset.sources.contains(source),
                "{id}: {what}: its page is not in the sources list"
            );
        }
        // Every web page listed was read on a given day, not just « in 2026 ».
        for source in preset.sources {
            if source.location.starts_with("http") {
                assert!(
                    source.location.starts_with("https://")
                        && source.checked.len() == "YYYY-MM-DD".len(),
                    "{id}: {source:?}"
                );
            }
        }
    }
}

#[test]
fn the_law_on_mail_after_cancelling_is_cited_where_it_is_shown() {
    let law = |preset: &Preset| {
        preset
            .sources
            .iter()
            .any(|source| source.supports.fr.contains("L44-1"))
    };
    let mut shown = 0;
    for preset in all_presets() {
        let says_law = preset
            .limits
            .iter()
            .chain(preset.cons)
            .chain(preset.cost.note.iter())
            .any(|text| text.fr.contains("la loi"));
        if says_law {
            shown += 1;
            assert!(
                law(preset),
                "{}: the law is stated but not cited",
                preset.id
            );
        }
    }
    // The four access providers state it; La Poste is not one, so it does not.
    assert_eq!(shown, 4);
    assert!(!law(preset_by_id("laposte").unwrap()));
}

/// Words that give away English text in a French string (whole words, any case).
const ENGLISH_WORDS: [&str; 14] = [
    "the",
    "and",
    "of",
    "not",
    "with",
    "without",
    "reported",
    "uncertain",
    "settings",
    "servers",
    "figure",
    "read",
    "only",
    "checked",
];

fn english_words_in(french: &str) -> Vec<&'static str> {
    let words: HashSet<String> = french
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    ENGLISH_WORDS
        .into_iter()
        .filter(|word| words.contains(*word))
        .collect()
}

#[test]
fn the_french_page_has_no_english_in_it() {
    // The comparison page is all in one language: a note, a limit or what a source
    // supports, written in English on the French side, shows through.
    assert_eq!(
        english_words_in("Sources not re-checked, reported"),
        ["not", "reported", "checked"],
        "the check itself finds English"
    );
    assert!(english_words_in("Notices de configuration (rapporté)").is_empty());
    for preset in all_presets() {
        for text in texts(preset) {
            let english = english_words_in(text.fr);
            assert!(
                english.is_empty(),
                "{}: {english:?} in {:?}",
                preset.id,
                text.fr
            );
        }
    }
}

#[test]
fn sign_in_notes_do_not_talk_about_figures() {
    // A note written for sizes ("figure not confirmed") under a login method reads as
    // nonsense: « Connexion : mot de passe — Chiffre non confirmé ».
    for preset in all_presets() {
        for note in [preset.username.note, preset.auth.note, preset.cost.note]
            .into_iter()
            .flatten()
        {
            assert!(
                !note.fr.contains("Chiffre") && !note.en.contains("Figure"),
                "{}: {note:?}",
                preset.id
            );
        }
    }
}

#[test]
fn no_sentence_shows_twice_in_a_provider_s_row() {
    // The price note, the drawbacks and the limits are shown side by side.
    for preset in all_presets() {
        let mut seen = HashSet::new();
        for text in preset
            .cost
            .note
            .iter()
            .chain(preset.pros)
            .chain(preset.cons)
            .chain(preset.limits)
        {
            assert!(seen.insert(text.fr), "{}: twice: {}", preset.id, text.fr);
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
