//! The vocabulary shared by presets, autoconfig and discovery: protocols, username forms
//! and what a provider demands at sign-in.

use crate::address::AddressParts;
use facteur_model::api::Security;
use serde::{Deserialize, Serialize};

/// A mail protocol a server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// IMAP4rev1/rev2: mail stays on the server (what Facteur reads with).
    Imap,
    /// POP3: mail is downloaded; listed so the comparison and report can show it.
    Pop3,
    /// SMTP submission: sending.
    Smtp,
}

impl Protocol {
    /// The registered port for this protocol under `security` (RFC 8314 for implicit TLS).
    pub fn default_port(self, security: Security) -> u16 {
        match (self, security) {
            (Self::Imap, Security::Tls) => 993,
            (Self::Imap, _) => 143,
            (Self::Pop3, Security::Tls) => 995,
            (Self::Pop3, _) => 110,
            (Self::Smtp, Security::Tls) => 465,
            (Self::Smtp, _) => 587,
        }
    }
}

/// What the user types as login name, relative to their address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UsernameForm {
    /// The whole address, `jean.dupont@example.fr`.
    FullAddress,
    /// The part before the `@`, `jean.dupont`.
    LocalPart,
    /// Something else the source spelled out (kept as the resolved username).
    Custom,
}

impl UsernameForm {
    /// The username this form gives for `address`; `None` for [`UsernameForm::Custom`].
    pub fn username_for(self, address: &AddressParts) -> Option<String> {
        match self {
            Self::FullAddress => Some(address.full()),
            Self::LocalPart => Some(address.local().to_owned()),
            Self::Custom => None,
        }
    }
}

/// What a provider accepts as the secret at sign-in, as a technician must explain it.
///
/// Facteur signs in with a password, so the wizard needs to know when the account's own
/// password will be refused and what to generate instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthRequirement {
    /// The account's own password works.
    Password,
    /// The account password is refused; an app password must be generated (usually after
    /// turning on two-step verification).
    AppPassword,
    /// Only OAuth2 sign-in is accepted; a password-based client cannot connect.
    OAuth2,
    /// OAuth2, or an app password for clients without OAuth2 (Facteur's case).
    OAuth2OrAppPassword,
    /// The password a local bridge program shows (Proton Mail Bridge), not the account's.
    BridgePassword,
}

impl AuthRequirement {
    /// Whether a client signing in with some password (own, app or bridge) can connect.
    pub fn password_client_can_connect(self) -> bool {
        !matches!(self, Self::OAuth2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ports_follow_the_registrations() {
        let cases = [
            (Protocol::Imap, Security::Tls, 993),
            (Protocol::Imap, Security::StartTls, 143),
            (Protocol::Imap, Security::Plain, 143),
            (Protocol::Pop3, Security::Tls, 995),
            (Protocol::Pop3, Security::StartTls, 110),
            (Protocol::Smtp, Security::Tls, 465),
            (Protocol::Smtp, Security::StartTls, 587),
        ];
        for (protocol, security, port) in cases {
            assert_eq!(
                protocol.default_port(security),
                port,
                "{protocol:?} {security:?}"
            );
        }
    }

    #[test]
    fn username_forms_resolve_against_the_address() {
        let address = AddressParts::parse("Jean.Dupont@Example.FR").unwrap();
        let cases = [
            (UsernameForm::FullAddress, Some("Jean.Dupont@example.fr")),
            (UsernameForm::LocalPart, Some("Jean.Dupont")),
            (UsernameForm::Custom, None),
        ];
        for (form, expected) in cases {
            assert_eq!(form.username_for(&address).as_deref(), expected, "{form:?}");
        }
    }

    #[test]
    fn only_oauth2_alone_shuts_out_a_password_client() {
        let cases = [
            (AuthRequirement::Password, true),
            (AuthRequirement::AppPassword, true),
            (AuthRequirement::OAuth2, false),
            (AuthRequirement::OAuth2OrAppPassword, true),
            (AuthRequirement::BridgePassword, true),
        ];
        for (auth, expected) in cases {
            assert_eq!(auth.password_client_can_connect(), expected, "{auth:?}");
        }
    }
}
