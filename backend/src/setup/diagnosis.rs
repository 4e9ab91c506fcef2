//! From what went wrong to a [`Diagnosis`] the wizard can explain: DNS, TCP and TLS
//! errors, what a port said when it was not the expected protocol, and what a server
//! lacks. Pure: the connection test feeds it errors and bytes.

use super::resolver::LookupError;
use crate::error::Error;
use crate::smtp::error::{Command, SmtpError};
use facteur_providers::Protocol;
use facteur_providers::setup_api::{CertificateProblem, Diagnosis, Warning};
use std::io::ErrorKind;
use tokio_rustls::rustls::{self, CertificateError};

/// The certificate problem behind a rustls verification error.
pub fn certificate_problem(error: &CertificateError) -> CertificateProblem {
    match error {
        CertificateError::UnknownIssuer => CertificateProblem::UnknownIssuer,
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            CertificateProblem::Expired
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
            CertificateProblem::NotYetValid
        }
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            CertificateProblem::WrongHost
        }
        CertificateError::Revoked => CertificateProblem::Revoked,
        // rustls reports a self-signed end certificate as an unknown issuer; a CA used as
        // the server's own certificate is the other form self-signing takes.
        CertificateError::Other(other) if other.to_string().contains("CaUsedAsEndEntity") => {
            CertificateProblem::SelfSigned
        }
        _ => CertificateProblem::Other,
    }
}

/// The rustls error inside an I/O error from a handshake, if any.
pub fn rustls_error(error: &std::io::Error) -> Option<&rustls::Error> {
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
}

/// The diagnosis for a failed TLS handshake.
pub fn tls_diagnosis(error: &std::io::Error) -> Diagnosis {
    match rustls_error(error) {
        Some(rustls::Error::InvalidCertificate(cert)) => Diagnosis::TlsCertificate {
            problem: certificate_problem(cert),
            detail: format!("{cert:?}"),
        },
        Some(other) => Diagnosis::TlsHandshake {
            detail: other.to_string(),
        },
        None => Diagnosis::TlsHandshake {
            detail: match error.kind() {
                ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset => {
                    "the server closed the connection during the TLS handshake".into()
                }
                _ => error.to_string(),
            },
        },
    }
}

/// Whether a handshake error still proves the server speaks TLS (it sent a certificate
/// or an alert).
pub fn proves_tls(error: &std::io::Error) -> bool {
    matches!(
        rustls_error(error),
        Some(
            rustls::Error::InvalidCertificate(_)
                | rustls::Error::AlertReceived(_)
                | rustls::Error::PeerIncompatible(_)
        )
    )
}

/// The diagnosis for a TCP connection that failed.
pub fn connect_diagnosis(host: &str, port: u16, error: &std::io::Error) -> Diagnosis {
    match error.kind() {
        ErrorKind::ConnectionRefused => Diagnosis::PortClosed {
            host: host.to_owned(),
            port,
        },
        ErrorKind::TimedOut => Diagnosis::Timeout {
            host: host.to_owned(),
            port,
        },
        _ => Diagnosis::Unreachable {
            host: host.to_owned(),
            port,
            detail: error.to_string(),
        },
    }
}

/// The diagnosis for a host name that did not resolve.
pub fn lookup_diagnosis(host: &str, port: u16, error: LookupError) -> Diagnosis {
    match error {
        LookupError::NotFound => Diagnosis::NameNotFound {
            host: host.to_owned(),
        },
        LookupError::Timeout => Diagnosis::Timeout {
            host: host.to_owned(),
            port,
        },
        LookupError::Failed(detail) => Diagnosis::Unreachable {
            host: host.to_owned(),
            port,
            detail,
        },
    }
}

/// The diagnosis for an address the outbound policy refused.
pub fn policy_diagnosis(host: &str, error: &Error) -> Diagnosis {
    match error {
        Error::PlainNotAllowed => Diagnosis::PlainNotAllowed,
        _ => Diagnosis::HostNotAllowed {
            host: host.to_owned(),
        },
    }
}

/// The diagnosis for a failed step of the SMTP session on `host`:`port`.
pub fn smtp_diagnosis(host: &str, port: u16, error: SmtpError) -> Diagnosis {
    match error {
        SmtpError::Timeout { .. } => Diagnosis::Timeout {
            host: host.to_owned(),
            port,
        },
        SmtpError::WrongProtocol { heard } => Diagnosis::NotThisProtocol {
            expected: Protocol::Smtp,
            heard,
        },
        SmtpError::Handshake(error) => tls_diagnosis(&error),
        SmtpError::NoStartTls => Diagnosis::CapabilityMissing {
            capability: "STARTTLS".into(),
        },
        SmtpError::NoSupportedAuth => Diagnosis::CapabilityMissing {
            capability: "AUTH PLAIN".into(),
        },
        SmtpError::Refused {
            command: Command::Auth,
            reply,
        } => Diagnosis::AuthenticationRefused {
            server_text: reply.text(),
        },
        SmtpError::Refused {
            command: Command::Greeting | Command::Ehlo,
            reply,
        } => Diagnosis::ProtocolError {
            detail: reply.text(),
        },
        SmtpError::Reach(error) => Diagnosis::ProtocolError {
            detail: error.to_string(),
        },
        other => Diagnosis::ProtocolError {
            detail: other.to_string(),
        },
    }
}

/// What an IMAP server must offer before sign-in: IMAP4rev1 (or its successor rev2).
pub fn imap_missing(capabilities: &[String]) -> Option<Diagnosis> {
    let has = |name: &str| capabilities.iter().any(|c| c.eq_ignore_ascii_case(name));
    (!has("IMAP4rev1") && !has("IMAP4rev2")).then(|| Diagnosis::CapabilityMissing {
        capability: "IMAP4rev1".into(),
    })
}

/// Extensions Facteur works without but better with, read after sign-in: MOVE (else
/// copy + delete), IDLE (else polling), UIDPLUS (else moves are slower to confirm).
pub fn imap_warnings(capabilities: &[String]) -> Vec<Warning> {
    let has = |name: &str| capabilities.iter().any(|c| c.eq_ignore_ascii_case(name));
    ["MOVE", "IDLE", "UIDPLUS"]
        .into_iter()
        .filter(|name| !has(name))
        .map(|name| Warning::CapabilityAbsent {
            capability: name.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certificate_errors_name_the_problem() {
        let cases = [
            (
                CertificateError::UnknownIssuer,
                CertificateProblem::UnknownIssuer,
            ),
            (CertificateError::Expired, CertificateProblem::Expired),
            (
                CertificateError::NotValidYet,
                CertificateProblem::NotYetValid,
            ),
            (
                CertificateError::NotValidForName,
                CertificateProblem::WrongHost,
            ),
            (CertificateError::Revoked, CertificateProblem::Revoked),
            (CertificateError::BadSignature, CertificateProblem::Other),
        ];
        for (error, expected) in cases {
            assert_eq!(certificate_problem(&error), expected, "{error:?}");
        }
    }

    #[test]
    fn handshake_errors_keep_the_certificate_problem() {
        let io = |error: rustls::Error| std::io::Error::new(ErrorKind::InvalidData, error);
        let untrusted = io(rustls::Error::InvalidCertificate(
            CertificateError::UnknownIssuer,
        ));
        assert!(matches!(
            tls_diagnosis(&untrusted),
            Diagnosis::TlsCertificate {
                problem: CertificateProblem::UnknownIssuer,
                ..
            }
        ));
        assert!(proves_tls(&untrusted));
        let garbage = io(rustls::Error::InvalidMessage(
            rustls::InvalidMessage::InvalidContentType,
        ));
        assert!(matches!(
            tls_diagnosis(&garbage),
            Diagnosis::TlsHandshake { .. }
        ));
        assert!(!proves_tls(&garbage));
        let closed = std::io::Error::from(ErrorKind::UnexpectedEof);
        assert!(matches!(
            tls_diagnosis(&closed),
            Diagnosis::TlsHandshake { .. }
        ));
    }

    #[test]
    fn connection_errors_say_closed_slow_or_unreachable() {
        let refused = std::io::Error::from(ErrorKind::ConnectionRefused);
        assert_eq!(
            connect_diagnosis("h", 993, &refused),
            Diagnosis::PortClosed {
                host: "h".into(),
                port: 993
            }
        );
        let slow = std::io::Error::from(ErrorKind::TimedOut);
        assert!(matches!(
            connect_diagnosis("h", 993, &slow),
            Diagnosis::Timeout { .. }
        ));
        let unreachable = std::io::Error::from(ErrorKind::NetworkUnreachable);
        assert!(matches!(
            connect_diagnosis("h", 993, &unreachable),
            Diagnosis::Unreachable { .. }
        ));
        assert_eq!(
            lookup_diagnosis("nowhere.test", 993, LookupError::NotFound),
            Diagnosis::NameNotFound {
                host: "nowhere.test".into()
            }
        );
        assert_eq!(
            policy_diagnosis("10.0.0.1", &Error::PlainNotAllowed),
            Diagnosis::PlainNotAllowed
        );
    }

    #[test]
    fn imap_needs_rev1_and_warns_about_optional_extensions() {
        let caps = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
        assert_eq!(imap_missing(&caps(&["IMAP4rev1", "IDLE"])), None);
        assert_eq!(imap_missing(&caps(&["imap4rev2"])), None);
        assert_eq!(
            imap_missing(&caps(&["IMAP2"])),
            Some(Diagnosis::CapabilityMissing {
                capability: "IMAP4rev1".into()
            })
        );
        let warnings = imap_warnings(&caps(&["IMAP4rev1", "IDLE", "uidplus"]));
        assert_eq!(
            warnings,
            vec![Warning::CapabilityAbsent {
                capability: "MOVE".into()
            }]
        );
    }

    #[test]
    fn smtp_errors_become_the_diagnosis_the_wizard_explains() {
        let diagnose = |error| smtp_diagnosis("mail.example.test", 587, error);
        let reply = |code, text: &str| crate::smtp::reply::Reply {
            code,
            lines: vec![text.to_owned()],
        };
        assert_eq!(
            diagnose(SmtpError::Refused {
                command: Command::Auth,
                reply: reply(535, "5.7.8 authentication failed"),
            }),
            Diagnosis::AuthenticationRefused {
                server_text: "535 5.7.8 authentication failed".into()
            }
        );
        assert_eq!(
            diagnose(SmtpError::NoStartTls),
            Diagnosis::CapabilityMissing {
                capability: "STARTTLS".into()
            }
        );
        assert_eq!(
            diagnose(SmtpError::NoSupportedAuth),
            Diagnosis::CapabilityMissing {
                capability: "AUTH PLAIN".into()
            }
        );
        assert_eq!(
            diagnose(SmtpError::Timeout {
                host: "mail.example.test".into()
            }),
            Diagnosis::Timeout {
                host: "mail.example.test".into(),
                port: 587
            }
        );
        assert_eq!(
            diagnose(SmtpError::WrongProtocol {
                heard: facteur_providers::setup_api::HeardProtocol::Imap
            }),
            Diagnosis::NotThisProtocol {
                expected: Protocol::Smtp,
                heard: facteur_providers::setup_api::HeardProtocol::Imap
            }
        );
        assert_eq!(
            diagnose(SmtpError::Refused {
                command: Command::Greeting,
                reply: reply(554, "no service"),
            }),
            Diagnosis::ProtocolError {
                detail: "554 no service".into()
            }
        );
    }
}
