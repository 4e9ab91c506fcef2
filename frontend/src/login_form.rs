//! The sign-in form's rules, kept free of the DOM: server suggestions from the address,
//! prefilling from the page's query string, and validation into a [`LoginRequest`].

use facteur_model::api::{LoginRequest, Security, ServerEndpoint};
use facteur_model::{EmailAddress, InvalidEmailAddress};

/// What the user typed, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginForm {
    pub email: String,
    pub username: String,
    pub password: String,
    pub imap: ServerFields,
    pub smtp: ServerFields,
}

/// One server's fields as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFields {
    pub host: String,
    pub port: String,
    pub security: Security,
}

/// A reason the form cannot be sent yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormError {
    Email(InvalidEmailAddress),
    PasswordMissing,
    ImapHostMissing,
    SmtpHostMissing,
    ImapPortInvalid,
    SmtpPortInvalid,
}

impl Default for LoginForm {
    fn default() -> Self {
        LoginForm {
            email: String::new(),
            username: String::new(),
            password: String::new(),
            imap: ServerFields {
                host: String::new(),
                port: "993".into(),
                security: Security::Tls,
            },
            smtp: ServerFields {
                host: String::new(),
                port: "587".into(),
                security: Security::StartTls,
            },
        }
    }
}

/// The usual servers for an address's domain: `imap.<domain>` 993 TLS and
/// `smtp.<domain>` 587 STARTTLS. `None` until a domain has been typed.
pub fn suggested_servers(email: &str) -> Option<(ServerFields, ServerFields)> {
    let (_, domain) = email.trim().rsplit_once('@')?;
    let domain = domain.trim().to_ascii_lowercase();
    if domain.is_empty() || !domain.contains('.') || domain.ends_with('.') {
        return None;
    }
    Some((
        ServerFields {
            host: format!("imap.{domain}"),
            port: "993".into(),
            security: Security::Tls,
        },
        ServerFields {
            host: format!("smtp.{domain}"),
            port: "587".into(),
            security: Security::StartTls,
        },
    ))
}

/// The security named in a query parameter (`tls`, `starttls`, `plain`).
pub fn parse_security(text: &str) -> Option<Security> {
    match text.trim().to_ascii_lowercase().as_str() {
        "tls" | "ssl" => Some(Security::Tls),
        "starttls" | "start_tls" => Some(Security::StartTls),
        "plain" | "none" => Some(Security::Plain),
        _ => None,
    }
}

/// The query-parameter name of a security mode, the inverse of [`parse_security`].
pub fn security_code(security: Security) -> &'static str {
    match security {
        Security::Tls => "tls",
        Security::StartTls => "starttls",
        Security::Plain => "plain",
    }
}

/// Prefills `form` from query parameters (`email`, `username`, `imap_host`, `imap_port`,
/// `imap_security`, `smtp_*`). Returns whether any server setting came from them, in
/// which case the caller stops suggesting servers from the address.
///
/// The password is never taken from the URL.
pub fn apply_query(form: &mut LoginForm, params: &[(String, String)]) -> bool {
    let mut servers_given = false;
    if let Some((imap, smtp)) = params
        .iter()
        .find(|(k, _)| k == "email")
        .and_then(|(_, v)| suggested_servers(v))
    {
        form.imap = imap;
        form.smtp = smtp;
    }
    for (key, value) in params {
        let value = value.trim();
        match key.as_str() {
            "email" => form.email = value.to_owned(),
            "username" => form.username = value.to_owned(),
            "imap_host" => form.imap.host = value.to_owned(),
            "imap_port" => form.imap.port = value.to_owned(),
            "smtp_host" => form.smtp.host = value.to_owned(),
            "smtp_port" => form.smtp.port = value.to_owned(),
            "imap_security" => match parse_security(value) {
                Some(security) => form.imap.security = security,
                None => continue,
            },
            "smtp_security" => match parse_security(value) {
                Some(security) => form.smtp.security = security,
                None => continue,
            },
            _ => continue,
        }
        servers_given |= key.starts_with("imap_") || key.starts_with("smtp_");
    }
    servers_given
}

impl LoginForm {
    /// Checks the form and builds the request the bridge expects.
    pub fn to_request(&self) -> Result<LoginRequest, FormError> {
        let email = EmailAddress::parse(&self.email).map_err(FormError::Email)?;
        if self.password.is_empty() {
            return Err(FormError::PasswordMissing);
        }
        let imap = endpoint(
            &self.imap,
            FormError::ImapHostMissing,
            FormError::ImapPortInvalid,
        )?;
        let smtp = endpoint(
            &self.smtp,
            FormError::SmtpHostMissing,
            FormError::SmtpPortInvalid,
        )?;
        let username = Some(self.username.trim().to_owned()).filter(|u| !u.is_empty());
        Ok(LoginRequest {
            email,
            username,
            password: self.password.clone().into(),
            imap,
            smtp,
        })
    }
}

fn endpoint(
    fields: &ServerFields,
    missing: FormError,
    bad_port: FormError,
) -> Result<ServerEndpoint, FormError> {
    let host = fields.host.trim();
    if host.is_empty() {
        return Err(missing);
    }
    let port = fields
        .port
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p != 0)
        .ok_or(bad_port)?;
    Ok(ServerEndpoint {
        host: host.to_owned(),
        port,
        security: fields.security,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn servers_are_suggested_from_the_domain() {
        let (imap, smtp) = suggested_servers("Jean@Laposte.NET").unwrap();
        assert_eq!(
            (imap.host.as_str(), imap.port.as_str(), imap.security),
            ("imap.laposte.net", "993", Security::Tls)
        );
        assert_eq!(
            (smtp.host.as_str(), smtp.port.as_str(), smtp.security),
            ("smtp.laposte.net", "587", Security::StartTls)
        );
        assert!(suggested_servers("jean").is_none());
        assert!(suggested_servers("jean@").is_none());
        assert!(suggested_servers("jean@laposte").is_none());
    }

    #[test]
    fn query_parameters_prefill_the_demo_server() {
        let mut form = LoginForm::default();
        let given = apply_query(
            &mut form,
            &pairs(&[
                ("email", "demo@example.test"),
                ("imap_host", "127.0.0.1"),
                ("imap_port", "10143"),
                ("imap_security", "plain"),
                ("smtp_host", "127.0.0.1"),
                ("smtp_port", "10587"),
                ("smtp_security", "plain"),
                ("password", "never-from-the-url"),
            ]),
        );
        assert!(given);
        assert_eq!(form.email, "demo@example.test");
        assert_eq!(form.password, "");
        assert_eq!(form.imap.host, "127.0.0.1");
        assert_eq!(form.imap.port, "10143");
        assert_eq!(form.imap.security, Security::Plain);
        assert_eq!(form.smtp.port, "10587");
        assert_eq!(form.smtp.security, Security::Plain);
    }

    #[test]
    fn an_email_alone_in_the_query_suggests_servers() {
        let mut form = LoginForm::default();
        assert!(!apply_query(&mut form, &pairs(&[("email", "a@b.example")])));
        assert_eq!(form.imap.host, "imap.b.example");
    }

    #[test]
    fn validation_reports_the_first_problem() {
        let mut form = LoginForm::default();
        assert_eq!(
            form.to_request(),
            Err(FormError::Email(InvalidEmailAddress::Empty))
        );
        form.email = "demo@example.test".into();
        assert_eq!(form.to_request(), Err(FormError::PasswordMissing));
        form.password = "demo".into();
        assert_eq!(form.to_request(), Err(FormError::ImapHostMissing));
        form.imap.host = "127.0.0.1".into();
        form.imap.port = "99999".into();
        assert_eq!(form.to_request(), Err(FormError::ImapPortInvalid));
        form.imap.port = "143".into();
        assert_eq!(form.to_request(), Err(FormError::SmtpHostMissing));
        form.smtp.host = "127.0.0.1".into();
        form.smtp.port = "0".into();
        assert_eq!(form.to_request(), Err(FormError::SmtpPortInvalid));
        form.smtp.port = " 587 ".into();
        let request = form.to_request().unwrap();
        assert_eq!(request.imap.port, 143);
        assert_eq!(request.smtp.port, 587);
        assert_eq!(request.username, None);
    }
}
