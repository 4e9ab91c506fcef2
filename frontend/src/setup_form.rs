//! The setup wizard's rules, kept free of the DOM: a discovered proposal becomes the
//! editable form, and the checked form becomes the connection test's request (the
//! sign-in request itself).
//!
//! The wizard's form is the sign-in form's ([`LoginForm`]), so what was tested is exactly
//! what signs in, with the same validation and translated errors.

use crate::login_form::{self, LoginForm, ServerFields};
use facteur_model::api::ServerEndpoint;
use facteur_providers::DiscoveredSettings;

/// The form for `email` filled from a discovery proposal (the password left empty).
///
/// A proposal without an SMTP server keeps the usual `smtp.<domain>` guess so the user
/// has something to correct rather than an empty field.
pub fn form_from_proposal(email: &str, proposal: &DiscoveredSettings) -> LoginForm {
    let mut form = blank_form(email);
    form.imap = fields(&proposal.imap);
    if let Some(smtp) = &proposal.smtp {
        form.smtp = fields(smtp);
    }
    form.username = proposal.username.clone();
    form
}

/// The form for `email` when discovery found nothing: the usual names, to be checked.
pub fn blank_form(email: &str) -> LoginForm {
    let mut form = LoginForm {
        email: email.trim().to_owned(),
        ..LoginForm::default()
    };
    if let Some((imap, smtp)) = login_form::suggested_servers(email) {
        form.imap = imap;
        form.smtp = smtp;
    }
    form.username = form.email.clone();
    form
}

fn fields(endpoint: &ServerEndpoint) -> ServerFields {
    ServerFields {
        host: endpoint.host.clone(),
        port: endpoint.port.to_string(),
        security: endpoint.security,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::api::Security;
    use facteur_providers::{AuthRequirement, Source, UsernameForm};

    fn proposal(smtp: Option<ServerEndpoint>) -> DiscoveredSettings {
        DiscoveredSettings {
            imap: ServerEndpoint {
                host: "imap.free.fr".into(),
                port: 993,
                security: Security::Tls,
            },
            smtp,
            pop3: None,
            username: "jean.dupont".into(),
            username_form: UsernameForm::LocalPart,
            auth: AuthRequirement::Password,
            source: Source::Preset,
            smtp_source: Some(Source::Preset),
            preset: Some("free".into()),
        }
    }

    #[test]
    fn a_proposal_fills_the_form_and_round_trips_to_the_test() {
        let smtp = ServerEndpoint {
            host: "smtp.free.fr".into(),
            port: 465,
            security: Security::Tls,
        };
        let mut form = form_from_proposal("jean.dupont@free.fr", &proposal(Some(smtp.clone())));
        assert_eq!(form.imap.port, "993");
        assert_eq!(form.username, "jean.dupont");
        assert!(form.password.is_empty());
        form.password = "pw".into();
        let login = form.to_request().unwrap();
        assert_eq!(login.smtp, smtp);
        assert_eq!(login.login_name(), "jean.dupont");
        assert_eq!(login.imap.host, "imap.free.fr");
    }

    #[test]
    fn missing_pieces_fall_back_to_the_usual_names() {
        let form = form_from_proposal("jean@example.org", &proposal(None));
        assert_eq!(form.smtp.host, "smtp.example.org");
        let blank = blank_form(" jean@example.org ");
        assert_eq!(blank.imap.host, "imap.example.org");
        assert_eq!(blank.username, "jean@example.org");
    }

    #[test]
    fn an_empty_username_tests_with_the_address() {
        let mut form = blank_form("jean@example.org");
        form.username.clear();
        form.password = "pw".into();
        let test = form.to_request().unwrap();
        assert_eq!(test.login_name(), "jean@example.org");
    }
}
