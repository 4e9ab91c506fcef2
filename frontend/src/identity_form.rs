//! The preferences' list of sending identities as the form edits it: the account's own
//! address always first, then the others; checked before it is stored (natively tested).

use crate::settings::SendingIdentity;
use facteur_model::EmailAddress;

/// Why a row of the identities form cannot be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdentityError {
    /// Not an address of the form name@domain.
    InvalidEmail,
    /// The same address (case aside) appears on an earlier row, or is the account's.
    Duplicate,
}

/// The rows the form shows: the account first (with its stored name and signature, if
/// any), then the other stored identities in their order.
pub fn form_rows(stored: &[SendingIdentity], account: &str) -> Vec<SendingIdentity> {
    let is_account = |i: &SendingIdentity| i.email.trim().eq_ignore_ascii_case(account);
    let first = stored
        .iter()
        .find(|i| is_account(i))
        .cloned()
        .map(|i| SendingIdentity {
            email: account.to_owned(),
            ..i
        })
        .unwrap_or_else(|| SendingIdentity {
            email: account.to_owned(),
            ..SendingIdentity::default()
        });
    std::iter::once(first)
        .chain(stored.iter().filter(|i| !is_account(i)).cloned())
        .collect()
}

/// The list to store from the form's rows (the first being the account): addresses and
/// names trimmed, blank extra rows dropped, the account kept only when it has a name or
/// a signature. Errors name the rows (their index in `rows`) that must be fixed first.
pub fn identities_to_store(
    rows: &[SendingIdentity],
    account: &str,
) -> Result<Vec<SendingIdentity>, Vec<(usize, IdentityError)>> {
    let mut errors = Vec::new();
    let mut seen = vec![account.to_lowercase()];
    let mut stored = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let identity = SendingIdentity {
            email: row.email.trim().to_owned(),
            name: row.name.trim().to_owned(),
            signature: row.signature.trim_end().to_owned(),
        };
        if index == 0 {
            if !identity.name.is_empty() || !identity.signature.is_empty() {
                stored.push(SendingIdentity {
                    email: account.to_owned(),
                    ..identity
                });
            }
            continue;
        }
        if identity.email.is_empty() && identity.name.is_empty() && identity.signature.is_empty() {
            continue;
        }
        if EmailAddress::parse(&identity.email).is_err() {
            errors.push((index, IdentityError::InvalidEmail));
            continue;
        }
        let key = identity.email.to_lowercase();
        if seen.contains(&key) {
            errors.push((index, IdentityError::Duplicate));
            continue;
        }
        seen.push(key);
        stored.push(identity);
    }
    if errors.is_empty() {
        Ok(stored)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "marie@example.test";

    fn identity(email: &str, name: &str, signature: &str) -> SendingIdentity {
        SendingIdentity {
            email: email.into(),
            name: name.into(),
            signature: signature.into(),
        }
    }

    #[test]
    fn the_account_always_comes_first() {
        assert_eq!(form_rows(&[], ACCOUNT), [identity(ACCOUNT, "", "")]);
        let stored = [
            identity("asso@example.test", "Asso", ""),
            identity("MARIE@example.test", "Marie Dupont", "Marie"),
        ];
        assert_eq!(
            form_rows(&stored, ACCOUNT),
            [
                identity(ACCOUNT, "Marie Dupont", "Marie"),
                identity("asso@example.test", "Asso", ""),
            ]
        );
    }

    #[test]
    fn rows_are_cleaned_before_storing() {
        let rows = [
            identity(ACCOUNT, "", "  \n"),
            identity(" asso@example.test ", " Asso ", "-- \nL'asso\n\n"),
            identity("", "", ""),
        ];
        assert_eq!(
            identities_to_store(&rows, ACCOUNT),
            Ok(vec![identity("asso@example.test", "Asso", "-- \nL'asso")])
        );
        let rows = [identity(ACCOUNT, "Marie", "")];
        assert_eq!(
            identities_to_store(&rows, ACCOUNT),
            Ok(vec![identity(ACCOUNT, "Marie", "")])
        );
    }

    #[test]
    fn invalid_and_duplicate_addresses_are_named() {
        let rows = [
            identity(ACCOUNT, "", ""),
            identity("pas une adresse", "X", ""),
            identity("marie@EXAMPLE.test", "Encore moi", ""),
            identity("asso@example.test", "", ""),
            identity("Asso@example.test", "", ""),
        ];
        assert_eq!(
            identities_to_store(&rows, ACCOUNT),
            Err(vec![
                (1, IdentityError::InvalidEmail),
                (2, IdentityError::Duplicate),
                (4, IdentityError::Duplicate),
            ])
        );
    }
}
