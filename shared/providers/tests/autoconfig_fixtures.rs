//! The autoconfig parser on one file per case, under `tests/resources/autoconfig/`.
//!
//! The files are compiled in (`include_bytes!`), so the test reads no file system and
//! touches no network, and runs the same under wasm32.

use facteur_model::api::{Security, ServerEndpoint};
use facteur_providers::autoconfig::{
    AuthMethod, AutoconfigError, ClientConfig, FieldProblem, MAX_AUTOCONFIG_BYTES, ProblemKind,
    parse_autoconfig,
};
use facteur_providers::{AddressParts, Protocol, UsernameForm};

macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/resources/autoconfig/",
            $name
        ))
        .as_slice()
    };
}

fn parsed(bytes: &[u8]) -> ClientConfig {
    match parse_autoconfig(bytes) {
        Ok(config) => config,
        Err(error) => panic!("{error}"),
    }
}

fn hosts(config: &ClientConfig, protocol: Protocol) -> Vec<(String, u16, Security)> {
    config
        .servers_for(protocol)
        .map(|s| (s.hostname.clone(), s.port, s.security))
        .collect()
}

fn owned(list: &[(&str, u16, Security)]) -> Vec<(String, u16, Security)> {
    list.iter()
        .map(|(h, p, s)| (h.to_string(), *p, *s))
        .collect()
}

#[test]
fn a_realistic_ispdb_file() {
    let config = parsed(fixture!("ispdb-realistic.xml"));
    assert_eq!(config.id, "courriel-exemple.test");
    assert_eq!(
        config.domains,
        ["courriel-exemple.test", "courriel-exemple.example"]
    );
    assert_eq!(
        config.display_name.as_deref(),
        Some("Courriel Exemple & Cie")
    );
    assert_eq!(config.display_short_name.as_deref(), Some("Courriel"));
    assert_eq!(
        hosts(&config, Protocol::Imap),
        owned(&[("imap.courriel-exemple.test", 993, Security::Tls)])
    );
    assert_eq!(
        hosts(&config, Protocol::Pop3),
        owned(&[("pop.courriel-exemple.test", 995, Security::Tls)])
    );
    assert_eq!(
        hosts(&config, Protocol::Smtp),
        owned(&[
            ("smtp.courriel-exemple.test", 465, Security::Tls),
            ("smtp.courriel-exemple.test", 587, Security::StartTls),
        ])
    );
    assert_eq!(
        config.outgoing[1].authentication,
        [AuthMethod::PasswordEncrypted]
    );
    // The javascript: link is dropped; the real one keeps both languages.
    assert_eq!(config.documentation.len(), 1);
    let doc = &config.documentation[0];
    assert_eq!(doc.url, "https://aide.courriel-exemple.test/logiciels");
    assert_eq!(
        doc.descriptions,
        [
            (
                Some("fr".to_owned()),
                "Configurer un logiciel de messagerie".to_owned()
            ),
            (
                Some("en".to_owned()),
                "Setting up a mail program".to_owned()
            ),
        ]
    );
}

#[test]
fn several_incoming_servers_keep_their_order_and_unknown_types_are_skipped() {
    let config = parsed(fixture!("multiple-incoming.xml"));
    assert_eq!(
        hosts(&config, Protocol::Imap),
        owned(&[
            ("imap1.multi.example", 993, Security::Tls),
            ("imap2.multi.example", 143, Security::StartTls),
            ("imap3.multi.example", 143, Security::Plain),
        ])
    );
    assert_eq!(
        hosts(&config, Protocol::Pop3),
        owned(&[("pop.multi.example", 995, Security::Tls)])
    );
    assert_eq!(config.incoming.len(), 4, "the exchange server is skipped");
}

#[test]
fn an_oauth2_only_provider_is_read_as_such() {
    let config = parsed(fixture!("oauth2-only.xml"));
    for server in config.incoming.iter().chain(&config.outgoing) {
        assert_eq!(
            server.authentication,
            [AuthMethod::OAuth2],
            "{}",
            server.hostname
        );
        assert!(!server.authentication.iter().any(AuthMethod::takes_password));
    }
}

#[test]
fn placeholders_are_filled_from_the_address() {
    let config = parsed(fixture!("placeholders.xml"));
    let who = AddressParts::parse("Jean@Client-Heberge.FR").unwrap();
    let imap = &config.incoming[0];
    assert_eq!(
        imap.endpoint_for(&who),
        Some(ServerEndpoint {
            host: "imap.client-heberge.fr".into(),
            port: 993,
            security: Security::Tls
        })
    );
    assert_eq!(imap.username_for(&who).as_deref(), Some("Jean"));
    assert_eq!(imap.username_form(), Some(UsernameForm::LocalPart));
    let smtp = &config.outgoing[0];
    assert_eq!(
        smtp.endpoint_for(&who).map(|e| e.host),
        Some("mail.client-heberge.fr".to_owned())
    );
    assert_eq!(
        smtp.username_for(&who).as_deref(),
        Some("Jean.client-heberge.fr")
    );
    assert_eq!(smtp.username_form(), Some(UsernameForm::Custom));
    assert_eq!(config.domains, ["%EMAILDOMAIN%"]);
}

#[test]
fn missing_and_invalid_fields_are_all_listed() {
    let error = parse_autoconfig(fixture!("missing-hostname.xml")).unwrap_err();
    let missing = |path: &str| FieldProblem {
        path: path.into(),
        kind: ProblemKind::Missing,
    };
    let invalid = |path: &str, value: &str| FieldProblem {
        path: path.into(),
        kind: ProblemKind::Invalid {
            value: value.into(),
        },
    };
    let expected = AutoconfigError::Incomplete {
        problems: vec![
            missing("emailProvider/incomingServer[1]/hostname"),
            missing("emailProvider/incomingServer[2]/hostname"),
            invalid("emailProvider/incomingServer[2]/port", "99999"),
            invalid(
                "emailProvider/incomingServer[2]/socketType",
                "TLS1.3-please",
            ),
            missing("emailProvider/incomingServer[2]/authentication"),
        ],
    };
    assert_eq!(error, expected);
    assert_eq!(
        error.to_string(),
        "autoconfig file incomplete: missing emailProvider/incomingServer[1]/hostname; \
         missing emailProvider/incomingServer[2]/hostname; \
         invalid emailProvider/incomingServer[2]/port \"99999\"; \
         invalid emailProvider/incomingServer[2]/socketType \"TLS1.3-please\"; \
         missing emailProvider/incomingServer[2]/authentication"
    );
}

#[test]
fn a_missing_outgoing_server_is_an_error() {
    let error = parse_autoconfig(fixture!("missing-outgoing.xml")).unwrap_err();
    assert_eq!(
        error,
        AutoconfigError::Incomplete {
            problems: vec![FieldProblem {
                path: "emailProvider/outgoingServer".into(),
                kind: ProblemKind::Missing,
            }],
        }
    );
}

#[test]
fn unknown_elements_attributes_and_namespaces_are_ignored() {
    let config = parsed(fixture!("unknown-elements.xml"));
    assert_eq!(config.id, "future.example");
    assert_eq!(
        config.domains,
        ["future.example"],
        "only the first provider, no x:domain"
    );
    assert_eq!(config.display_name.as_deref(), Some("Future <Mail>"));
    assert_eq!(
        hosts(&config, Protocol::Imap),
        owned(&[("imap.future.example", 993, Security::Tls)])
    );
    assert_eq!(
        config.incoming[0].authentication,
        [
            AuthMethod::PasswordCleartext,
            AuthMethod::Other("quantum-handshake".into())
        ]
    );
}

/// What a refused input's error must satisfy.
type Expectation = fn(&AutoconfigError) -> bool;

#[test]
fn hostile_and_broken_inputs_are_refused_with_a_reason() {
    let huge = {
        let mut text = b"<clientConfig version=\"1.1\"><emailProvider id=\"big\">".to_vec();
        text.resize(10 * 1024 * 1024, b' ');
        text
    };
    let cases: [(&str, &[u8], Expectation); 8] = [
        ("billion laughs", fixture!("billion-laughs.xml"), |e| {
            *e == AutoconfigError::DoctypeRefused
        }),
        ("external entity", fixture!("external-entity.xml"), |e| {
            *e == AutoconfigError::DoctypeRefused
        }),
        (
            "undeclared entity",
            fixture!("undeclared-entity.xml"),
            |e| *e == AutoconfigError::UnknownEntity { name: "xxe".into() },
        ),
        ("10 MiB", &huge, |e| {
            *e == AutoconfigError::TooLarge {
                size: 10 * 1024 * 1024,
            }
        }),
        ("non-UTF-8", fixture!("non-utf8.xml"), |e| {
            matches!(e, AutoconfigError::NotUtf8 { .. })
        }),
        ("truncated", fixture!("truncated.xml"), |e| {
            matches!(e, AutoconfigError::Malformed { .. })
        }),
        ("an HTML page", fixture!("html-page.xml"), |e| {
            *e == AutoconfigError::DoctypeRefused
        }),
        ("empty", b"", |e| {
            *e == AutoconfigError::NotClientConfig { root: None }
        }),
    ];
    for (what, input, expected) in cases {
        match parse_autoconfig(input) {
            Err(error) => assert!(expected(&error), "{what}: {error:?}"),
            Ok(config) => panic!("{what}: accepted {config:?}"),
        }
    }
}

#[test]
fn the_size_limit_is_inclusive() {
    let mut at_limit = b"<clientConfig/>".to_vec();
    at_limit.resize(MAX_AUTOCONFIG_BYTES, b' ');
    assert!(!matches!(
        parse_autoconfig(&at_limit),
        Err(AutoconfigError::TooLarge { .. })
    ));
    at_limit.push(b' ');
    assert_eq!(
        parse_autoconfig(&at_limit),
        Err(AutoconfigError::TooLarge {
            size: MAX_AUTOCONFIG_BYTES + 1
        })
    );
}
