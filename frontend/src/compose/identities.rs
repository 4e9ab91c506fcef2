//! The addresses the composer offers in "From": the account's first, then the sending
//! identities of the settings, each with its signature.

use crate::settings::Settings;
use facteur_model::message::Address;

/// One choice of the "From" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub address: Address,
    /// Plain-text signature, without the "-- " separator; may be empty.
    pub signature: String,
}

impl Identity {
    /// How the choice reads in the list: "Marie Dupont <marie@example.org>".
    pub fn label(&self) -> String {
        super::recipients::written(&self.address)
    }
}

/// The account address first (with the name and signature of its sending identity,
/// when the settings have one), then the other sending identities, each once.
pub fn identities(account: &str, settings: &Settings) -> Vec<Identity> {
    let to_identity = |email: &str, name: &str, signature: &str| Identity {
        address: Address {
            name: (!name.trim().is_empty()).then(|| name.trim().to_owned()),
            email: email.trim().to_owned(),
        },
        signature: signature.to_owned(),
    };
    let account_entry = settings
        .sending_identities
        .iter()
        .find(|i| i.email.trim().eq_ignore_ascii_case(account.trim()));
    let mut list = vec![match account_entry {
        Some(entry) => to_identity(account, &entry.name, &entry.signature),
        None => to_identity(account, "", ""),
    }];
    for entry in &settings.sending_identities {
        let email = entry.email.trim();
        if email.is_empty()
            || list
                .iter()
                .any(|i| i.address.email.eq_ignore_ascii_case(email))
        {
            continue;
        }
        list.push(to_identity(email, &entry.name, &entry.signature));
    }
    list
}

/// The position of `email` among `list` (a reopened draft's From), else the account.
pub fn position_of(list: &[Identity], email: &str) -> usize {
    list.iter()
        .position(|i| i.address.email.eq_ignore_ascii_case(email.trim()))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::SendingIdentity;

    fn sending(email: &str, name: &str, signature: &str) -> SendingIdentity {
        SendingIdentity {
            email: email.into(),
            name: name.into(),
            signature: signature.into(),
        }
    }

    #[test]
    fn the_account_comes_first_with_its_settings() {
        let settings = Settings {
            sending_identities: vec![
                sending("pro@example.net", "Marie Dupont (pro)", "RH"),
                sending("MARIE@example.org", "Marie", "Bises"),
                sending("pro@example.net", "doublon", ""),
                sending("  ", "vide", ""),
            ],
            ..Settings::default()
        };
        let list = identities("marie@example.org", &settings);
        let labels: Vec<String> = list.iter().map(Identity::label).collect();
        assert_eq!(
            labels,
            [
                "Marie <marie@example.org>",
                "Marie Dupont (pro) <pro@example.net>"
            ]
        );
        assert_eq!(list[0].signature, "Bises");
        assert_eq!(position_of(&list, "PRO@example.net"), 1);
        assert_eq!(position_of(&list, "other@example.net"), 0);
        let bare = identities("marie@example.org", &Settings::default());
        assert_eq!(bare.len(), 1);
        assert_eq!(bare[0].label(), "marie@example.org");
    }
}
