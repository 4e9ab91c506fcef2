//! Header blocks as Postfix, Exim, Sendmail, Exchange, Gmail, Outlook.com and qmail write
//! them (`tests/resources/transit/`), read into their route and verdict.

// Only the fixture readers are used here, not the MIME helpers.
#[allow(dead_code)]
mod support;

use facteur_delivery::{
    Alignment, AuthResult, Delay, Encryption, TransitView, TransitWarning, read_transit,
};
use support::{fixture, fixtures_in};

fn transit(name: &str) -> TransitView {
    read_transit(&fixture(&format!("transit/{name}.headers")))
}

fn encryptions(view: &TransitView) -> Vec<Encryption> {
    view.hops.iter().map(|h| h.encryption).collect()
}

fn results(view: &TransitView) -> (Option<AuthResult>, Option<AuthResult>, Option<AuthResult>) {
    let verdict = view.verdict.as_ref().expect("verdict");
    (verdict.spf, verdict.dkim, verdict.dmarc)
}

const PASS: Option<AuthResult> = Some(AuthResult::Pass);

#[test]
fn postfix_submission_relay_and_lmtp() {
    use Encryption::*;
    let view = transit("postfix-tls-dkim-pass");
    assert_eq!(encryptions(&view), [Tls, Tls, Internal]);
    let first = &view.hops[0].hop;
    assert_eq!(first.by.as_deref(), Some("mail.example.org (Postfix)"));
    assert_eq!(first.with.as_deref(), Some("ESMTPSA"));
    let relay = &view.hops[1];
    assert_eq!(relay.delay, Some(Delay::Took { seconds: 2 }));
    let tls = relay.hop.tls.as_ref().expect("tls");
    assert_eq!(tls.version.as_deref(), Some("TLSv1.3"));
    assert_eq!(tls.cipher.as_deref(), Some("TLS_AES_256_GCM_SHA384"));
    assert_eq!(view.total, Some(Delay::Took { seconds: 3 }));
    assert!(view.encrypted_throughout());
    assert_eq!(results(&view), (PASS, PASS, PASS));
    let verdict = view.verdict.as_ref().expect("verdict");
    assert_eq!(verdict.dkim_domains, ["example.org"]);
    assert_eq!(verdict.dmarc_policy.as_deref(), Some("quarantine"));
    assert_eq!(verdict.alignment, Alignment::Aligned);
    assert!(view.warnings.is_empty());
}

#[test]
fn exim_plain_last_hop() {
    use Encryption::*;
    let view = transit("exim-plain-relay");
    assert_eq!(encryptions(&view), [Tls, Plain]);
    let tls = view.hops[0].hop.tls.as_ref().expect("tls");
    assert_eq!(tls.version.as_deref(), Some("TLS1.3"));
    assert_eq!(view.hops[1].hop.id.as_deref(), Some("1rXyZa-000Abc-2Q"));
    assert_eq!(view.warnings, [TransitWarning::UnencryptedHop { hop: 1 }]);
    assert_eq!(results(&view), (PASS, PASS, PASS));
}

#[test]
fn sendmail_hours_in_a_queue() {
    use Encryption::*;
    let view = transit("sendmail-slow-queue");
    assert_eq!(encryptions(&view), [Internal, Plain, Tls]);
    assert_eq!(
        view.warnings,
        [
            TransitWarning::UnencryptedHop { hop: 1 },
            TransitWarning::SlowHop {
                hop: 2,
                seconds: 4 * 3_600 + 16 * 60 + 52
            }
        ]
    );
    assert_eq!(view.verdict, None);
}

#[test]
fn exchange_inside_an_organisation() {
    use Encryption::*;
    let view = transit("exchange-onprem-internal");
    assert_eq!(encryptions(&view), [Unknown, Tls]);
    assert_eq!(view.hops[0].hop.with.as_deref(), Some("mapi"));
    assert_eq!(view.hops[1].hop.id.as_deref(), Some("15.2.1544.4"));
    assert_eq!(view.total, Some(Delay::Took { seconds: 1 }));
    assert!(view.warnings.is_empty());
}

#[test]
fn gmail_dmarc_fails_for_a_lookalike_sender() {
    use Encryption::*;
    let view = transit("gmail-dmarc-fail-not-aligned");
    // The last hop is Gmail's internal hand-off: `by` an address, no `from`.
    assert_eq!(encryptions(&view), [Tls, Internal]);
    let tls = view.hops[0].hop.tls.as_ref().expect("tls");
    assert_eq!(tls.version.as_deref(), Some("TLS1_3"));
    assert_eq!(view.from_domain.as_deref(), Some("bank.example"));
    assert_eq!(results(&view), (PASS, PASS, Some(AuthResult::Fail)));
    let verdict = view.verdict.as_ref().expect("verdict");
    assert_eq!(verdict.authserv_id.as_deref(), Some("mx.google.com"));
    assert_eq!(verdict.dmarc_policy.as_deref(), Some("reject"));
    assert_eq!(verdict.alignment, Alignment::NotAligned);
    assert!(view.dmarc_failed());
    assert_eq!(
        view.warnings,
        [
            TransitWarning::DmarcFailed {
                policy: Some("reject".into())
            },
            TransitWarning::NotAligned {
                from_domain: "bank.example".into(),
                signing_domains: vec!["mailer.example".into()]
            }
        ]
    );
    assert_eq!(view.arc.len(), 1);
    assert_eq!(view.arc[0].arc_instance, Some(1));
}

#[test]
fn outlook_com_hops_and_results_without_an_id() {
    use Encryption::*;
    let view = transit("outlook-com-protection");
    assert_eq!(encryptions(&view), [Tls, Tls, Tls, Tls]);
    assert_eq!(view.hops[1].hop.via.as_deref(), Some("Frontend Transport"));
    assert_eq!(view.total, Some(Delay::Took { seconds: 2 }));
    assert_eq!(results(&view), (PASS, PASS, PASS));
    let verdict = view.verdict.as_ref().expect("verdict");
    assert_eq!(verdict.authserv_id, None);
    assert_eq!(verdict.alignment, Alignment::Aligned);
}

#[test]
fn qmail_plain_with_clock_skew() {
    use Encryption::*;
    let view = transit("qmail-plain-skew");
    assert_eq!(encryptions(&view), [Plain, Internal, Plain, Internal]);
    // The receiving server's clock is 88 s behind the sender's.
    assert_eq!(view.hops[2].delay, Some(Delay::ClockSkew { seconds: 88 }));
    assert_eq!(view.total, Some(Delay::ClockSkew { seconds: 88 }));
    assert_eq!(view.from_domain.as_deref(), Some("old.example"));
}

#[test]
fn every_fixture_has_a_route() {
    let names = fixtures_in("transit", ".headers");
    assert_eq!(names.len(), 7);
    for name in names {
        let view = read_transit(&fixture(&name));
        assert!(view.hops.len() >= 2, "{name}");
        assert!(view.hops.iter().all(|h| h.hop.at.is_some()), "{name}");
        assert!(!view.truncated, "{name}");
    }
}
