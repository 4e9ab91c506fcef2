//! The envelope of a submission: who it is from (for bounces), who receives it, and the
//! DSN parameters (RFC 3461) as the MAIL FROM and RCPT TO command lines carry them.

use super::error::SmtpError;
use super::extensions::Extensions;
use facteur_delivery::{orcpt_value, xtext_encode};
use facteur_model::EmailAddress;
use facteur_model::compose::DsnNotify;

/// Where reports about the message go: an address, or nobody (`MAIL FROM:<>`, for
/// read receipts and other reports, RFC 8098 §2.1 / RFC 5321 §4.5.5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReversePath {
    Address(EmailAddress),
    Null,
}

/// A request for delivery status notifications on every recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DsnRequest {
    /// The ENVID (already only xchars when made by `facteur_delivery::envelope_id`).
    pub envid: String,
    /// Which outcomes are reported.
    pub notify: DsnNotify,
}

/// Everything the server hears before DATA.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub from: ReversePath,
    pub recipients: Vec<EmailAddress>,
    /// Asked for DSN; used only when the server offers it.
    pub dsn: Option<DsnRequest>,
    /// The message size in bytes, announced with SIZE when the server has it.
    pub size: u64,
}

impl Envelope {
    /// The `MAIL FROM` command line (without CRLF) for a server with `extensions`.
    pub fn mail_from(&self, extensions: &Extensions) -> Result<String, SmtpError> {
        let mut line = match &self.from {
            ReversePath::Address(address) => format!("MAIL FROM:<{}>", checked(address)?),
            ReversePath::Null => "MAIL FROM:<>".to_owned(),
        };
        if extensions.size.is_some() {
            line.push_str(&format!(" SIZE={}", self.size));
        }
        if let Some(dsn) = self.dsn_used(extensions) {
            line.push_str(&format!(" RET=HDRS ENVID={}", xtext_encode(&dsn.envid)));
        }
        Ok(line)
    }

    /// The `RCPT TO` command line (without CRLF) for one recipient.
    pub fn rcpt_to(
        &self,
        recipient: &EmailAddress,
        extensions: &Extensions,
    ) -> Result<String, SmtpError> {
        let mut line = format!("RCPT TO:<{}>", checked(recipient)?);
        if let Some(dsn) = self.dsn_used(extensions) {
            line.push_str(" NOTIFY=");
            line.push_str(dsn.notify.keywords());
            line.push_str(" ORCPT=");
            line.push_str(&orcpt_value(recipient.as_str()));
        }
        Ok(line)
    }

    /// The DSN request, when there is one and the server offers DSN.
    pub fn dsn_used(&self, extensions: &Extensions) -> Option<&DsnRequest> {
        self.dsn.as_ref().filter(|_| extensions.dsn)
    }
}

/// An address as it may appear between angle brackets on a command line: nothing that
/// could end the command or the brackets early (command injection), ASCII only since
/// the bridge does not use SMTPUTF8.
fn checked(address: &EmailAddress) -> Result<&str, SmtpError> {
    let text = address.as_str();
    let safe = text
        .bytes()
        .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>');
    if safe {
        Ok(text)
    } else {
        Err(SmtpError::UnusableAddress(address.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(text: &str) -> EmailAddress {
        EmailAddress::parse(text).unwrap()
    }

    fn envelope(dsn: bool) -> Envelope {
        Envelope {
            from: ReversePath::Address(address("demo@example.test")),
            recipients: vec![address("alice+news@example.test")],
            dsn: dsn.then(|| DsnRequest {
                envid: "facteur-00ff".into(),
                notify: DsnNotify::default(),
            }),
            size: 1234,
        }
    }

    #[test]
    fn dsn_parameters_only_when_asked_and_offered() {
        let offered = Extensions {
            dsn: true,
            size: Some(1000),
            ..Extensions::default()
        };
        let rcpt = address("alice+news@example.test");
        let asked = envelope(true);
        assert_eq!(
            asked.mail_from(&offered).unwrap(),
            "MAIL FROM:<demo@example.test> SIZE=1234 RET=HDRS ENVID=facteur-00ff"
        );
        assert_eq!(
            asked.rcpt_to(&rcpt, &offered).unwrap(),
            "RCPT TO:<alice+news@example.test> NOTIFY=FAILURE,DELAY \
             ORCPT=rfc822;alice+2Bnews@example.test"
        );
        let not_offered = Extensions::default();
        assert_eq!(
            asked.mail_from(&not_offered).unwrap(),
            "MAIL FROM:<demo@example.test>"
        );
        assert_eq!(
            asked.rcpt_to(&rcpt, &not_offered).unwrap(),
            "RCPT TO:<alice+news@example.test>"
        );
        assert!(asked.dsn_used(&not_offered).is_none());
        let not_asked = envelope(false);
        assert_eq!(
            not_asked.rcpt_to(&rcpt, &offered).unwrap(),
            "RCPT TO:<alice+news@example.test>"
        );
    }

    #[test]
    fn success_receipts_only_when_asked() {
        let offered = Extensions {
            dsn: true,
            ..Extensions::default()
        };
        let rcpt = address("bob@example.test");
        let mut asked = envelope(true);
        let by_default = asked.rcpt_to(&rcpt, &offered).unwrap();
        assert!(
            by_default.contains(" NOTIFY=FAILURE,DELAY "),
            "{by_default}"
        );
        assert!(!by_default.contains("SUCCESS"), "{by_default}");
        if let Some(dsn) = asked.dsn.as_mut() {
            dsn.notify = DsnNotify::AlsoSuccess;
        }
        assert_eq!(
            asked.rcpt_to(&rcpt, &offered).unwrap(),
            "RCPT TO:<bob@example.test> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;bob@example.test"
        );
    }

    #[test]
    fn null_reverse_path_for_reports() {
        let mut report = envelope(false);
        report.from = ReversePath::Null;
        assert_eq!(
            report.mail_from(&Extensions::default()).unwrap(),
            "MAIL FROM:<>"
        );
    }

    #[test]
    fn addresses_that_would_break_the_command_are_refused() {
        let sneaky = address("a>NOTIFY=NEVER@example.test");
        assert!(matches!(
            envelope(false).rcpt_to(&sneaky, &Extensions::default()),
            Err(SmtpError::UnusableAddress(_))
        ));
        let unicode = address("élodie@example.test");
        assert!(
            envelope(false)
                .rcpt_to(&unicode, &Extensions::default())
                .is_err()
        );
    }
}
