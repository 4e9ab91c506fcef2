//! The JSON contract of the account-setup routes, shared by the bridge and the wizard
//! (the routes themselves are in `facteur_model::routes`).
//!
//! - `GET /api/setup/discover?email={address}` → [`DiscoveryReport`]. No session needed;
//!   rate-limited per client IP (`rate_limited`, 429). An address that does not parse is
//!   `invalid_input` (400).
//! - `POST /api/setup/test` [`ConnectionTestRequest`] → [`ConnectionTestReport`]. No
//!   session needed; rate-limited like sign-in. A failed check is *not* an HTTP error: the
//!   report says which step failed and why ([`Diagnosis`]), with status 200.
//!
//! Every enum here is tagged in snake_case and its variants are stable: the wizard
//! translates each one (French and English), so renaming one is a breaking change on
//! both sides.
//!
//! Over 450 lines: the wire format of the setup routes: many small documented types, no
//! logic.

use crate::discovery::{DiscoveredSettings, Source};
use crate::server::Protocol;
use facteur_model::api::LoginRequest;
use facteur_model::ids::EmailAddress;
use serde::{Deserialize, Serialize};

/// What discovery found for an address, and what it tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveryReport {
    /// The address as the bridge understood it.
    pub email: EmailAddress,
    /// Complete settings to propose, best first (may be empty: the wizard then asks).
    pub proposals: Vec<DiscoveredSettings>,
    /// Every source tried, in the order of [`crate::discovery::candidates`].
    pub attempts: Vec<SourceAttempt>,
    /// The preset id behind the best proposal (domain or MX match), for the provider's
    /// facts and help page.
    pub preset: Option<String>,
}

/// One source discovery asked, and what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceAttempt {
    /// Which kind of source.
    pub source: Source,
    /// What was asked: a URL (autoconfig, `.well-known`), a DNS name (SRV, MX), a
    /// `host:port` (name guesses) or the preset id.
    pub target: String,
    /// What came of it.
    pub outcome: AttemptOutcome,
}

/// The result of asking one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    try_from = "tagged::RawAttemptOutcome"
)]
pub enum AttemptOutcome {
    /// The source gave usable settings.
    Found,
    /// The source answered, with nothing usable (no record, 404, SRV "not offered").
    Nothing,
    /// The source could not be asked or its answer was refused.
    Failed {
        /// Why, as a stable code.
        reason: AttemptFailure,
        /// Technical detail for the curious (English, never shown as the main message).
        detail: String,
    },
    /// Not asked: a better source already answered (a preset), or nothing to ask.
    Skipped,
}

/// Why a discovery source failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptFailure {
    /// No answer within the source's time limit.
    Timeout,
    /// The DNS name does not exist.
    NameNotFound,
    /// The DNS lookup failed for another reason (server failure...).
    DnsError,
    /// The name resolves only to addresses the bridge may not contact (private,
    /// loopback...), or the URL is not HTTPS.
    HostNotAllowed,
    /// The TCP connection failed (refused, unreachable).
    ConnectFailed,
    /// TLS failed (untrusted certificate, handshake error).
    Tls,
    /// The HTTP server answered with an error status other than 404.
    HttpStatus,
    /// Redirected too many times or to another host.
    Redirect,
    /// The answer was larger than the bridge reads.
    TooLarge,
    /// The answer was not a usable autoconfig file (malformed, DTD or entities,
    /// incomplete).
    InvalidAnswer,
}

/// What the wizard asks the bridge to check before signing in: the very request that
/// would sign in, so the test tries the same login name ([`LoginRequest::login_name`]).
pub type ConnectionTestRequest = LoginRequest;

/// The outcome of both checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionTestReport {
    /// The IMAP server check.
    pub imap: CheckOutcome,
    /// The SMTP submission server check.
    pub smtp: CheckOutcome,
}

impl ConnectionTestReport {
    /// Whether both servers passed every step (warnings allowed).
    pub fn all_ok(&self) -> bool {
        self.imap.is_ok() && self.smtp.is_ok()
    }
}

/// The steps one server went through, and why it stopped if it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// The steps in the order they ran; the first failed step is the last one.
    pub steps: Vec<CheckStep>,
    /// Why the check failed; `None` when every step passed.
    pub diagnosis: Option<Diagnosis>,
    /// Things that work but that the user should know (a missing optional extension).
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

impl CheckOutcome {
    /// Whether every step passed.
    pub fn is_ok(&self) -> bool {
        self.diagnosis.is_none() && self.steps.iter().all(|step| step.ok)
    }
}

/// One step of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckStep {
    /// Which step.
    pub step: StepKind,
    /// Whether it passed.
    pub ok: bool,
}

/// The steps of a connection check, in the order they can run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// Look the host name up in DNS.
    Resolve,
    /// Open a TCP connection to the port.
    Connect,
    /// The implicit TLS handshake (IMAPS 993, SMTPS 465).
    Tls,
    /// Read the server's greeting.
    Greeting,
    /// Ask what the server supports (IMAP CAPABILITY, SMTP EHLO).
    Capabilities,
    /// Upgrade the connection with STARTTLS.
    Starttls,
    /// Sign in with the username and password.
    Authenticate,
}

/// Why a server check failed, precise enough for the wizard to say what to change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    try_from = "tagged::RawDiagnosis"
)]
pub enum Diagnosis {
    /// The host name does not exist in DNS (a typo, or the wrong domain).
    NameNotFound {
        /// The name looked up.
        host: String,
    },
    /// Nothing listens on that port (connection refused).
    PortClosed {
        /// The host.
        host: String,
        /// The port.
        port: u16,
    },
    /// No answer in time: a firewall dropping the connection, or a server too slow.
    Timeout {
        /// The host.
        host: String,
        /// The port.
        port: u16,
    },
    /// The host could not be reached for another network reason (no route...).
    Unreachable {
        /// The host.
        host: String,
        /// The port.
        port: u16,
        /// What the system said (English).
        detail: String,
    },
    /// The server's certificate is not acceptable.
    TlsCertificate {
        /// What is wrong with it.
        problem: CertificateProblem,
        /// The TLS library's words (English).
        detail: String,
    },
    /// The TLS handshake failed for a reason other than the certificate (often: the
    /// port does not speak TLS, or only outdated versions).
    TlsHandshake {
        /// The TLS library's words (English).
        detail: String,
    },
    /// Something answered on the port, but not the expected protocol: SMTP or HTTP on
    /// the IMAP port, implicit TLS where STARTTLS was chosen...
    NotThisProtocol {
        /// The protocol the check expected.
        expected: Protocol,
        /// What the bridge heard instead.
        heard: HeardProtocol,
    },
    /// The server refused the username or password.
    AuthenticationRefused {
        /// The server's own words (e.g. Dovecot's `Authentication failed.`).
        server_text: String,
    },
    /// The server lacks something Facteur needs (IMAP `IMAP4rev1`; SMTP `STARTTLS` on a
    /// STARTTLS endpoint, `AUTH` after the upgrade).
    CapabilityMissing {
        /// The capability's name as the protocol spells it.
        capability: String,
    },
    /// A plain (unencrypted) connection was asked for a non-loopback host.
    PlainNotAllowed,
    /// The bridge's operator does not allow connections to this host (private address,
    /// or not on the allowed list).
    HostNotAllowed {
        /// The host.
        host: String,
    },
    /// The server answered something the bridge could not understand after the greeting.
    ProtocolError {
        /// What went wrong (English).
        detail: String,
    },
}

/// What is wrong with a server's certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateProblem {
    /// Signed by an authority the bridge does not trust.
    UnknownIssuer,
    /// Past its expiry date.
    Expired,
    /// Not valid yet (or the server's clock is wrong).
    NotYetValid,
    /// Issued for another name than the host typed.
    WrongHost,
    /// Signed by itself.
    SelfSigned,
    /// Revoked by its issuer.
    Revoked,
    /// Another problem (see the detail).
    Other,
}

/// What a server answered when it was not the expected protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeardProtocol {
    /// An IMAP greeting (`* OK`).
    Imap,
    /// An SMTP greeting (`220 `).
    Smtp,
    /// A POP3 greeting (`+OK`).
    Pop3,
    /// An HTTP answer.
    Http,
    /// A TLS record: the port wants implicit TLS (choose SSL/TLS, not STARTTLS).
    Tls,
    /// Plain text where TLS was expected: the port wants STARTTLS or nothing.
    PlainText,
    /// Silence or something unrecognisable.
    Unknown,
}

/// Something that works but deserves a word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    try_from = "tagged::RawWarning"
)]
pub enum Warning {
    /// An optional extension is absent: IMAP `MOVE` (moves become copy + delete), `IDLE`
    /// (new mail is polled), `UIDPLUS`; SMTP `SIZE`, `DSN`.
    CapabilityAbsent {
        /// The capability's name as the protocol spells it.
        capability: String,
    },
}

/// Reading the tagged enums above without serde's buffered path for internally tagged
/// enums (which copies the whole object into an intermediate tree, then deserializes each
/// variant from that tree: a second set of generic code per variant, a large part of the
/// browser bundle). Each enum is read as one flat object, `kind` and every field any
/// variant has, in any order, then checked against the variant `kind` names. The JSON is
/// the same both ways; serializing still uses the derived, tagged form.
mod tagged {
    use super::{AttemptFailure, AttemptOutcome, CertificateProblem, Diagnosis, HeardProtocol};
    use super::{Protocol, Warning};
    use serde::Deserialize;

    /// A field the variant `kind` needs.
    fn need<T>(value: Option<T>, field: &'static str) -> Result<T, String> {
        value.ok_or_else(|| format!("missing field `{field}`"))
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub(super) enum AttemptKind {
        Found,
        Nothing,
        Failed,
        Skipped,
    }

    #[derive(Deserialize)]
    pub(super) struct RawAttemptOutcome {
        kind: AttemptKind,
        reason: Option<AttemptFailure>,
        detail: Option<String>,
    }

    impl TryFrom<RawAttemptOutcome> for AttemptOutcome {
        type Error = String;

        fn try_from(raw: RawAttemptOutcome) -> Result<Self, String> {
            Ok(match raw.kind {
                AttemptKind::Found => AttemptOutcome::Found,
                AttemptKind::Nothing => AttemptOutcome::Nothing,
                AttemptKind::Failed => AttemptOutcome::Failed {
                    reason: need(raw.reason, "reason")?,
                    detail: need(raw.detail, "detail")?,
                },
                AttemptKind::Skipped => AttemptOutcome::Skipped,
            })
        }
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub(super) enum DiagnosisKind {
        NameNotFound,
        PortClosed,
        Timeout,
        Unreachable,
        TlsCertificate,
        TlsHandshake,
        NotThisProtocol,
        AuthenticationRefused,
        CapabilityMissing,
        PlainNotAllowed,
        HostNotAllowed,
        ProtocolError,
    }

    #[derive(Deserialize)]
    pub(super) struct RawDiagnosis {
        kind: DiagnosisKind,
        host: Option<String>,
        port: Option<u16>,
        detail: Option<String>,
        problem: Option<CertificateProblem>,
        expected: Option<Protocol>,
        heard: Option<HeardProtocol>,
        server_text: Option<String>,
        capability: Option<String>,
    }

    impl TryFrom<RawDiagnosis> for Diagnosis {
        type Error = String;

        fn try_from(raw: RawDiagnosis) -> Result<Self, String> {
            Ok(match raw.kind {
                DiagnosisKind::NameNotFound => Diagnosis::NameNotFound {
                    host: need(raw.host, "host")?,
                },
                DiagnosisKind::PortClosed => Diagnosis::PortClosed {
                    host: need(raw.host, "host")?,
                    port: need(raw.port, "port")?,
                },
                DiagnosisKind::Timeout => Diagnosis::Timeout {
                    host: need(raw.host, "host")?,
                    port: need(raw.port, "port")?,
                },
                DiagnosisKind::Unreachable => Diagnosis::Unreachable {
                    host: need(raw.host, "host")?,
                    port: need(raw.port, "port")?,
                    detail: need(raw.detail, "detail")?,
                },
                DiagnosisKind::TlsCertificate => Diagnosis::TlsCertificate {
                    problem: need(raw.problem, "problem")?,
                    detail: need(raw.detail, "detail")?,
                },
                DiagnosisKind::TlsHandshake => Diagnosis::TlsHandshake {
                    detail: need(raw.detail, "detail")?,
                },
                DiagnosisKind::NotThisProtocol => Diagnosis::NotThisProtocol {
                    expected: need(raw.expected, "expected")?,
                    heard: need(raw.heard, "heard")?,
                },
                DiagnosisKind::AuthenticationRefused => Diagnosis::AuthenticationRefused {
                    server_text: need(raw.server_text, "server_text")?,
                },
                DiagnosisKind::CapabilityMissing => Diagnosis::CapabilityMissing {
                    capability: need(raw.capability, "capability")?,
                },
                DiagnosisKind::PlainNotAllowed => Diagnosis::PlainNotAllowed,
                DiagnosisKind::HostNotAllowed => Diagnosis::HostNotAllowed {
                    host: need(raw.host, "host")?,
                },
                DiagnosisKind::ProtocolError => Diagnosis::ProtocolError {
                    detail: need(raw.detail, "detail")?,
                },
            })
        }
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub(super) enum WarningKind {
        CapabilityAbsent,
    }

    #[derive(Deserialize)]
    pub(super) struct RawWarning {
        kind: WarningKind,
        capability: Option<String>,
    }

    impl TryFrom<RawWarning> for Warning {
        type Error = String;

        fn try_from(raw: RawWarning) -> Result<Self, String> {
            Ok(match raw.kind {
                WarningKind::CapabilityAbsent => Warning::CapabilityAbsent {
                    capability: need(raw.capability, "capability")?,
                },
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diagnoses_are_tagged_in_snake_case() {
        let cases = [
            (
                Diagnosis::PortClosed {
                    host: "h".into(),
                    port: 1,
                },
                json!({"kind": "port_closed", "host": "h", "port": 1}),
            ),
            (
                Diagnosis::TlsCertificate {
                    problem: CertificateProblem::UnknownIssuer,
                    detail: "d".into(),
                },
                json!({"kind": "tls_certificate", "problem": "unknown_issuer", "detail": "d"}),
            ),
            (
                Diagnosis::NotThisProtocol {
                    expected: Protocol::Imap,
                    heard: HeardProtocol::Smtp,
                },
                json!({"kind": "not_this_protocol", "expected": "imap", "heard": "smtp"}),
            ),
            (
                Diagnosis::PlainNotAllowed,
                json!({"kind": "plain_not_allowed"}),
            ),
        ];
        for (diagnosis, expected) in cases {
            assert_eq!(serde_json::to_value(&diagnosis).unwrap(), expected);
            let back: Diagnosis = serde_json::from_value(expected).unwrap();
            assert_eq!(back, diagnosis);
        }
    }

    #[test]
    fn attempt_outcomes_round_trip() {
        let cases = [
            (AttemptOutcome::Found, json!({"kind": "found"})),
            (AttemptOutcome::Skipped, json!({"kind": "skipped"})),
            (
                AttemptOutcome::Failed {
                    reason: AttemptFailure::HostNotAllowed,
                    detail: "10.0.0.1".into(),
                },
                json!({"kind": "failed", "reason": "host_not_allowed", "detail": "10.0.0.1"}),
            ),
        ];
        for (outcome, expected) in cases {
            assert_eq!(serde_json::to_value(&outcome).unwrap(), expected);
            let back: AttemptOutcome = serde_json::from_value(expected).unwrap();
            assert_eq!(back, outcome);
        }
    }

    #[test]
    fn every_tagged_variant_reads_back_from_its_json_in_any_field_order() {
        let diagnoses = [
            Diagnosis::NameNotFound { host: "h".into() },
            Diagnosis::PortClosed {
                host: "h".into(),
                port: 1,
            },
            Diagnosis::Timeout {
                host: "h".into(),
                port: 2,
            },
            Diagnosis::Unreachable {
                host: "h".into(),
                port: 3,
                detail: "d".into(),
            },
            Diagnosis::TlsCertificate {
                problem: CertificateProblem::Expired,
                detail: "d".into(),
            },
            Diagnosis::TlsHandshake { detail: "d".into() },
            Diagnosis::NotThisProtocol {
                expected: Protocol::Smtp,
                heard: HeardProtocol::Http,
            },
            Diagnosis::AuthenticationRefused {
                server_text: "no".into(),
            },
            Diagnosis::CapabilityMissing {
                capability: "AUTH".into(),
            },
            Diagnosis::PlainNotAllowed,
            Diagnosis::HostNotAllowed { host: "h".into() },
            Diagnosis::ProtocolError { detail: "d".into() },
        ];
        for diagnosis in diagnoses {
            let json = serde_json::to_string(&diagnosis).unwrap();
            assert_eq!(serde_json::from_str::<Diagnosis>(&json).unwrap(), diagnosis);
            let mut fields = serde_json::to_value(&diagnosis).unwrap();
            let kind = fields.as_object_mut().unwrap().remove("kind").unwrap();
            let tag_last = format!(
                "{},\"kind\":{kind}}}",
                serde_json::to_string(&fields)
                    .unwrap()
                    .trim_end_matches('}')
            )
            .replace("{,", "{");
            assert_eq!(
                serde_json::from_str::<Diagnosis>(&tag_last).unwrap(),
                diagnosis
            );
        }
        let outcomes = [
            AttemptOutcome::Found,
            AttemptOutcome::Nothing,
            AttemptOutcome::Failed {
                reason: AttemptFailure::Timeout,
                detail: "d".into(),
            },
            AttemptOutcome::Skipped,
        ];
        for outcome in outcomes {
            let json = serde_json::to_string(&outcome).unwrap();
            assert_eq!(
                serde_json::from_str::<AttemptOutcome>(&json).unwrap(),
                outcome
            );
        }
        let warning = Warning::CapabilityAbsent {
            capability: "MOVE".into(),
        };
        let json = r#"{"capability":"MOVE","kind":"capability_absent"}"#;
        assert_eq!(serde_json::from_str::<Warning>(json).unwrap(), warning);
    }

    #[test]
    fn tagged_variants_missing_a_field_or_with_an_unknown_tag_are_refused() {
        for json in [
            r#"{"kind":"port_closed","host":"h"}"#,
            r#"{"kind":"name_not_found"}"#,
            r#"{"kind":"not_this_protocol","expected":"imap"}"#,
            r#"{"kind":"no_such_diagnosis"}"#,
            r#"{"host":"h"}"#,
        ] {
            assert!(serde_json::from_str::<Diagnosis>(json).is_err(), "{json}");
        }
        assert!(
            serde_json::from_str::<AttemptOutcome>(r#"{"kind":"failed","detail":"d"}"#).is_err()
        );
        assert!(serde_json::from_str::<Warning>(r#"{"kind":"capability_absent"}"#).is_err());
        // Fields of other variants are ignored, as with serde's tagged enums.
        assert_eq!(
            serde_json::from_str::<AttemptOutcome>(r#"{"kind":"found","detail":"x"}"#).unwrap(),
            AttemptOutcome::Found
        );
    }

    #[test]
    fn a_report_is_ok_only_when_both_checks_pass() {
        let passed = CheckOutcome {
            steps: vec![CheckStep {
                step: StepKind::Connect,
                ok: true,
            }],
            diagnosis: None,
            warnings: vec![Warning::CapabilityAbsent {
                capability: "IDLE".into(),
            }],
        };
        let failed = CheckOutcome {
            steps: vec![CheckStep {
                step: StepKind::Connect,
                ok: false,
            }],
            diagnosis: Some(Diagnosis::PortClosed {
                host: "h".into(),
                port: 1,
            }),
            warnings: Vec::new(),
        };
        let report = |imap: &CheckOutcome, smtp: &CheckOutcome| ConnectionTestReport {
            imap: imap.clone(),
            smtp: smtp.clone(),
        };
        assert!(report(&passed, &passed).all_ok());
        assert!(!report(&passed, &failed).all_ok());
        assert!(!report(&failed, &passed).all_ok());
    }
}
