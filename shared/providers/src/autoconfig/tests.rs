//! The parser on small inline documents: one rule per row. Whole files are in
//! `tests/autoconfig_fixtures.rs`.

use super::*;

const IMAP: &str = r#"<incomingServer type="imap"><hostname>imap.example.fr</hostname><port>993</port><socketType>SSL</socketType><authentication>password-cleartext</authentication></incomingServer>"#;
const SMTP: &str = r#"<outgoingServer type="smtp"><hostname>smtp.example.fr</hostname><port>465</port><socketType>SSL</socketType><authentication>password-cleartext</authentication></outgoingServer>"#;

/// A complete document around `inside` (placed in `emailProvider`, before the servers).
fn document(inside: &str) -> String {
    format!(
        r#"<clientConfig version="1.1"><emailProvider id="example.fr">{inside}{IMAP}{SMTP}</emailProvider></clientConfig>"#
    )
}

fn missing(path: &str) -> FieldProblem {
    FieldProblem {
        path: path.to_owned(),
        kind: ProblemKind::Missing,
    }
}

fn invalid(path: &str, value: &str) -> FieldProblem {
    FieldProblem {
        path: path.to_owned(),
        kind: ProblemKind::Invalid {
            value: value.to_owned(),
        },
    }
}

fn incomplete(problems: Vec<FieldProblem>) -> Result<(), AutoconfigError> {
    Err(AutoconfigError::Incomplete { problems })
}

#[test]
fn structural_errors() {
    let deep = format!("{}{}", "<a>".repeat(40), "</a>".repeat(40));
    let cases: Vec<(&str, String, Result<(), AutoconfigError>)> = vec![
        ("valid", document(""), Ok(())),
        ("BOM first", format!("\u{feff}{}", document("")), Ok(())),
        (
            "another root",
            "<rss><channel/></rss>".into(),
            Err(AutoconfigError::NotClientConfig {
                root: Some("rss".into()),
            }),
        ),
        (
            "text only",
            "just text".into(),
            Err(AutoconfigError::NotClientConfig { root: None }),
        ),
        (
            "no provider",
            "<clientConfig version=\"1.1\"/>".into(),
            incomplete(vec![missing("emailProvider")]),
        ),
        (
            "provider without id or servers",
            "<clientConfig><emailProvider/></clientConfig>".into(),
            incomplete(vec![
                missing("emailProvider/@id"),
                missing("emailProvider/incomingServer"),
                missing("emailProvider/outgoingServer"),
            ]),
        ),
        (
            "too deep",
            format!("<clientConfig>{deep}</clientConfig>"),
            Err(AutoconfigError::TooDeep),
        ),
    ];
    for (what, text, expected) in cases {
        assert_eq!(
            parse_autoconfig(text.as_bytes()).map(|_| ()),
            expected,
            "{what}"
        );
    }
}

#[test]
fn malformed_documents() {
    let cases = [
        (
            "unclosed at the end",
            "<clientConfig><emailProvider id=\"x\">".to_owned(),
        ),
        ("cut inside a tag", "<clientConfig><emailProv".to_owned()),
        (
            "mismatched end",
            "<clientConfig></emailProvider>".to_owned(),
        ),
        ("two roots", format!("{}<clientConfig/>", document(""))),
        (
            "duplicate attribute",
            "<clientConfig><emailProvider id=\"a\" id=\"b\"/></clientConfig>".to_owned(),
        ),
        (
            "bad character reference",
            document("<displayName>&#xD800;</displayName>"),
        ),
    ];
    for (what, text) in cases {
        let result = parse_autoconfig(text.as_bytes());
        assert!(
            matches!(result, Err(AutoconfigError::Malformed { .. })),
            "{what}: {result:?}"
        );
    }
}

#[test]
fn entities_other_than_the_predefined_ones_are_refused() {
    let cases = [
        (document("<displayName>&custom;</displayName>"), "custom"),
        (
            document("<documentation url=\"https://a.example/&custom;\"/>"),
            "custom",
        ),
    ];
    for (text, name) in cases {
        assert_eq!(
            parse_autoconfig(text.as_bytes()),
            Err(AutoconfigError::UnknownEntity { name: name.into() }),
            "{text}"
        );
    }
}

#[test]
fn text_and_attributes_are_unescaped() {
    let text = document(
        r#"<displayName>A &amp; B &lt;&#233;t&#xE9;&gt;</displayName>
           <documentation url="https://help.example/?a=1&amp;b=2"><descr lang="fr">d&apos;aide</descr></documentation>"#,
    );
    let config = parse_autoconfig(text.as_bytes()).unwrap();
    assert_eq!(config.display_name.as_deref(), Some("A & B <été>"));
    assert_eq!(config.documentation[0].url, "https://help.example/?a=1&b=2");
    assert_eq!(
        config.documentation[0].descriptions,
        [(Some("fr".into()), "d'aide".into())]
    );
}

#[test]
fn server_fields_are_checked() {
    let server = |fields: &str| {
        format!(
            r#"<clientConfig><emailProvider id="x">{fields}{SMTP}</emailProvider></clientConfig>"#
        )
    };
    let path = |field: &str| format!("emailProvider/incomingServer[1]/{field}");
    let body = |host: &str, port: &str, socket: &str| {
        server(&format!(
            r#"<incomingServer type="imap"><hostname>{host}</hostname><port>{port}</port><socketType>{socket}</socketType><authentication>none</authentication></incomingServer>"#
        ))
    };
    let cases: Vec<(&str, String, Result<(), AutoconfigError>)> = vec![
        (
            "lower-case socket type",
            body("imap.x.example", "993", "ssl"),
            Ok(()),
        ),
        (
            "STARTTLS",
            body("imap.x.example", "143", "STARTTLS"),
            Ok(()),
        ),
        (
            "port 0",
            body("imap.x.example", "0", "SSL"),
            incomplete(vec![invalid(&path("port"), "0")]),
        ),
        (
            "port text",
            body("imap.x.example", "imaps", "SSL"),
            incomplete(vec![invalid(&path("port"), "imaps")]),
        ),
        (
            "host with a path",
            body("imap.x.example/evil", "993", "SSL"),
            incomplete(vec![invalid(&path("hostname"), "imap.x.example/evil")]),
        ),
        (
            "unknown placeholder in host",
            body("%REALNAME%.x.example", "993", "SSL"),
            incomplete(vec![invalid(&path("hostname"), "%REALNAME%.x.example")]),
        ),
        (
            "no type",
            server("<incomingServer><hostname>a.example</hostname></incomingServer>"),
            incomplete(vec![missing(&path("@type"))]),
        ),
        (
            "only types Facteur does not speak",
            server(r#"<incomingServer type="ews"><hostname>a.example</hostname></incomingServer>"#),
            incomplete(vec![missing("emailProvider/incomingServer")]),
        ),
        (
            "smtp declared as incoming is skipped",
            server(
                r#"<incomingServer type="smtp"><hostname>a.example</hostname></incomingServer>"#,
            ),
            incomplete(vec![missing("emailProvider/incomingServer")]),
        ),
    ];
    for (what, text, expected) in cases {
        assert_eq!(
            parse_autoconfig(text.as_bytes()).map(|_| ()),
            expected,
            "{what}"
        );
    }
}

#[test]
fn the_first_value_of_a_repeated_field_wins() {
    let text = r#"<clientConfig><emailProvider id="x">
        <incomingServer type="imap"><hostname>first.example</hostname><hostname>second.example</hostname>
        <port>993</port><socketType>SSL</socketType><authentication>OAuth2</authentication>
        <authentication>password-encrypted</authentication></incomingServer>
        <outgoingServer type="smtp"><hostname>smtp.example</hostname><port>587</port>
        <socketType>STARTTLS</socketType><authentication>plain</authentication></outgoingServer>
        </emailProvider></clientConfig>"#;
    let config = parse_autoconfig(text.as_bytes()).unwrap();
    assert_eq!(config.incoming[0].hostname, "first.example");
    assert_eq!(
        config.incoming[0].authentication,
        [AuthMethod::OAuth2, AuthMethod::PasswordEncrypted]
    );
    assert_eq!(
        config.outgoing[0].authentication,
        [AuthMethod::PasswordCleartext]
    );
    assert_eq!(config.incoming[0].username, None, "left to the user");
}

#[test]
fn authentication_values() {
    let cases = [
        ("password-cleartext", AuthMethod::PasswordCleartext, true),
        ("password-encrypted", AuthMethod::PasswordEncrypted, true),
        ("OAuth2", AuthMethod::OAuth2, false),
        ("none", AuthMethod::None, false),
        ("client-IP-address", AuthMethod::ClientIpAddress, false),
        ("TLS-client-cert", AuthMethod::TlsClientCert, false),
        ("GSSAPI", AuthMethod::Gssapi, false),
        ("NTLM", AuthMethod::Ntlm, false),
        (
            "smtp-after-pop",
            AuthMethod::Other("smtp-after-pop".into()),
            false,
        ),
    ];
    for (value, method, takes_password) in cases {
        let parsed = AuthMethod::from_value(value);
        assert_eq!(parsed, method, "{value}");
        assert_eq!(parsed.takes_password(), takes_password, "{value}");
    }
}

#[test]
fn hostile_values_are_shortened_in_errors() {
    let long = "x".repeat(500);
    let text = format!(
        r#"<clientConfig><emailProvider id="x"><incomingServer type="imap"><hostname>h.example</hostname><port>{long}</port><socketType>SSL</socketType><authentication>none</authentication></incomingServer>{SMTP}</emailProvider></clientConfig>"#
    );
    let Err(AutoconfigError::Incomplete { problems }) = parse_autoconfig(text.as_bytes()) else {
        panic!("accepted");
    };
    assert_eq!(
        problems,
        [invalid(
            "emailProvider/incomingServer[1]/port",
            &"x".repeat(64)
        )]
    );
}
