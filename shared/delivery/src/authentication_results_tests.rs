use super::*;

fn result(
    method: AuthMethod,
    result: AuthResult,
    domain: Option<&str>,
    policy: Option<&str>,
) -> MethodResult {
    MethodResult {
        method,
        result,
        domain: domain.map(str::to_owned),
        policy: policy.map(str::to_owned),
    }
}

#[test]
fn gmail_style() {
    let read = parse_authentication_results(
        "mx.google.com; dkim=pass header.i=@example.org header.s=s2026 header.b=AbCdEf12; \
         spf=pass (google.com: domain of alice@example.org designates 192.0.2.10 as \
         permitted sender) smtp.mailfrom=alice@example.org; dmarc=pass (p=REJECT \
         sp=REJECT dis=NONE) header.from=example.org",
    );
    assert_eq!(read.authserv_id.as_deref(), Some("mx.google.com"));
    assert_eq!(
        read.results,
        vec![
            result(
                AuthMethod::Dkim,
                AuthResult::Pass,
                Some("example.org"),
                None
            ),
            result(AuthMethod::Spf, AuthResult::Pass, Some("example.org"), None),
            result(
                AuthMethod::Dmarc,
                AuthResult::Pass,
                Some("example.org"),
                Some("reject")
            ),
        ]
    );
}

#[test]
fn microsoft_style() {
    let read = parse_authentication_results(
        "spf=softfail (sender IP is 203.0.113.5) smtp.mailfrom=Bulk.Example.COM; \
         dkim=fail (signature did not verify) header.d=bulk.example.com;dmarc=fail \
         action=quarantine header.from=example.com;compauth=fail reason=001",
    );
    // Microsoft writes no authserv-id: the first statement is already a result.
    assert_eq!(read.authserv_id, None);
    assert_eq!(
        read.results,
        vec![
            result(
                AuthMethod::Spf,
                AuthResult::SoftFail,
                Some("bulk.example.com"),
                None
            ),
            result(
                AuthMethod::Dkim,
                AuthResult::Fail,
                Some("bulk.example.com"),
                None
            ),
            result(
                AuthMethod::Dmarc,
                AuthResult::Fail,
                Some("example.com"),
                None
            ),
            result(AuthMethod::Other, AuthResult::Fail, None, None),
        ]
    );
}

#[test]
fn rfc8601_examples() {
    let none = parse_authentication_results("example.org 1; none");
    assert_eq!(none.authserv_id.as_deref(), Some("example.org"));
    assert!(none.results.is_empty());
    let read = parse_authentication_results(
        "example.com; spf=pass smtp.mailfrom=example.net; \
         dkim/1=pass (good signature) header.d=mail-router.example.net; \
         dmarc=fail policy.dmarc=none header.from=\"example.com\"",
    );
    assert_eq!(
        read.first(AuthMethod::Spf)
            .and_then(|r| r.domain.as_deref()),
        Some("example.net")
    );
    assert_eq!(
        read.first(AuthMethod::Dkim)
            .and_then(|r| r.domain.as_deref()),
        Some("mail-router.example.net")
    );
    let dmarc = read.first(AuthMethod::Dmarc).cloned();
    assert_eq!(
        dmarc,
        Some(result(
            AuthMethod::Dmarc,
            AuthResult::Fail,
            Some("example.com"),
            Some("none")
        ))
    );
}

#[test]
fn arc_fields() {
    let read = parse_arc_authentication_results(
        "i=2; mx.example.net; arc=pass (as.1.example.org=pass); dkim=pass \
         header.d=example.org; spf=neutral smtp.helo=relay.example.org",
    );
    assert_eq!(read.arc_instance, Some(2));
    assert_eq!(read.authserv_id.as_deref(), Some("mx.example.net"));
    assert_eq!(
        read.first(AuthMethod::Arc).map(|r| r.result),
        Some(AuthResult::Pass)
    );
    assert_eq!(
        read.first(AuthMethod::Spf)
            .and_then(|r| r.domain.as_deref()),
        Some("relay.example.org")
    );
    // Without `i=` the first statement is the id.
    let plain = parse_arc_authentication_results("mx.example.net; dkim=pass header.d=a.example");
    assert_eq!(plain.arc_instance, None);
    assert_eq!(plain.authserv_id.as_deref(), Some("mx.example.net"));
}

#[test]
fn results_table() {
    let cases: &[(&str, AuthResult)] = &[
        ("pass", AuthResult::Pass),
        ("FAIL", AuthResult::Fail),
        ("hardfail", AuthResult::Fail),
        ("softfail", AuthResult::SoftFail),
        ("neutral", AuthResult::Neutral),
        ("none", AuthResult::None),
        ("temperror", AuthResult::TempError),
        ("permerror", AuthResult::PermError),
        ("policy", AuthResult::Policy),
        ("bestguesspass", AuthResult::Other),
        ("", AuthResult::Other),
    ];
    for (word, expected) in cases {
        let read = parse_authentication_results(&format!("x; spf={word}"));
        assert_eq!(read.results[0].result, *expected, "{word}");
    }
}

#[test]
fn odd_inputs() {
    assert_eq!(
        parse_authentication_results(""),
        AuthenticationResults::default()
    );
    let read = parse_authentication_results("x; (only a comment); spf; =pass; dkim=pass (unclosed");
    assert_eq!(read.results.len(), 1);
    assert_eq!(read.results[0].method, AuthMethod::Dkim);
    let many = format!("x;{}", " spf=pass;".repeat(MAX_RESULTS * 4));
    assert_eq!(
        parse_authentication_results(&many).results.len(),
        MAX_RESULTS
    );
}
