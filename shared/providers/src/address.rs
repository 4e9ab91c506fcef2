//! An email address split for discovery, and the autoconfig placeholders filled from it.

use facteur_model::{EmailAddress, InvalidEmailAddress};
use std::fmt;

/// An address whose domain is safe to put in DNS names and URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressParts {
    local: String,
    domain: String,
}

/// Why discovery cannot work from an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressError {
    /// The text is not shaped like an address at all.
    Address(InvalidEmailAddress),
    /// The domain has non-ASCII letters; its `xn--` form is needed (not converted here).
    NonAsciiDomain,
    /// The domain is not a DNS host name of at least two labels.
    BadDomain,
}

impl fmt::Display for AddressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Address(inner) => inner.fmt(f),
            Self::NonAsciiDomain => f.write_str(
                "the domain has non-ASCII letters; type its xn-- form to look its settings up",
            ),
            Self::BadDomain => {
                f.write_str("the domain is not a host name settings can be found for")
            }
        }
    }
}

impl std::error::Error for AddressError {}

impl AddressParts {
    /// Splits `text` at its last `@` and checks the domain is a usable host name.
    pub fn parse(text: &str) -> Result<Self, AddressError> {
        let address = EmailAddress::parse(text).map_err(AddressError::Address)?;
        Self::from_address(&address)
    }

    /// The same from an already checked [`EmailAddress`].
    pub fn from_address(address: &EmailAddress) -> Result<Self, AddressError> {
        let Some((local, domain)) = address.as_str().rsplit_once('@') else {
            return Err(AddressError::Address(InvalidEmailAddress::NoSingleAt));
        };
        if !domain.is_ascii() {
            return Err(AddressError::NonAsciiDomain);
        }
        let domain = domain.trim_end_matches('.').to_ascii_lowercase();
        if !is_host_name(&domain) || !domain.contains('.') {
            return Err(AddressError::BadDomain);
        }
        Ok(Self {
            local: local.to_owned(),
            domain,
        })
    }

    /// The part before the `@`, as typed (local parts may be case-sensitive).
    pub fn local(&self) -> &str {
        &self.local
    }

    /// The domain, lower-cased.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The whole address with the domain lower-cased.
    pub fn full(&self) -> String {
        format!("{}@{}", self.local, self.domain)
    }

    /// Fills the autoconfig placeholders of `template` from this address.
    ///
    /// `%EMAILHOSTNAME%` is not in Thunderbird's list but appears in some published files,
    /// always meaning the domain. Other `%NAMES%` (such as `%REALNAME%`) stay as they are,
    /// so the user sees them in the editable form rather than a silent guess.
    pub fn substitute(&self, template: &str) -> String {
        template
            .replace("%EMAILADDRESS%", &self.full())
            .replace("%EMAILLOCALPART%", &self.local)
            .replace("%EMAILDOMAIN%", &self.domain)
            .replace("%EMAILHOSTNAME%", &self.domain)
    }
}

/// Whether `name` is an ASCII DNS host name (letters, digits, inner hyphens; 1–63 octets a
/// label, 253 in all). IPv4 literals pass too, which the bridge's policy then judges.
pub fn is_host_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalizes_the_domain() {
        let cases = [
            ("jean@Example.FR", "jean", "example.fr"),
            (" Marie.Curie@laposte.net ", "Marie.Curie", "laposte.net"),
            ("a+tag@Sub.Example.org", "a+tag", "sub.example.org"),
            ("\"a@b\"@example.com", "\"a@b\"", "example.com"),
        ];
        for (text, local, domain) in cases {
            let parts = AddressParts::parse(text).unwrap();
            assert_eq!((parts.local(), parts.domain()), (local, domain), "{text}");
        }
    }

    #[test]
    fn refuses_domains_that_cannot_go_into_urls() {
        let cases = [
            ("", AddressError::Address(InvalidEmailAddress::Empty)),
            ("jean@localhost", AddressError::BadDomain),
            ("jean@exa_mple.fr", AddressError::BadDomain),
            ("jean@example.fr/x?y", AddressError::BadDomain),
            ("jean@exam:ple.fr", AddressError::BadDomain),
            ("jean@bücher.de", AddressError::NonAsciiDomain),
        ];
        for (text, error) in cases {
            assert_eq!(AddressParts::parse(text), Err(error), "{text}");
        }
    }

    #[test]
    fn host_names_are_checked_label_by_label() {
        let long_label = "a".repeat(64);
        let long_name = ["abcdefghi"; 26].join(".");
        let cases = [
            ("imap.example.fr", true),
            ("127.0.0.1", true),
            ("xn--bcher-kva.de", true),
            ("", false),
            ("imap..example.fr", false),
            ("-imap.example.fr", false),
            ("imap example.fr", false),
            (long_label.as_str(), false),
            (long_name.as_str(), false),
        ];
        for (name, ok) in cases {
            assert_eq!(is_host_name(name), ok, "{name}");
        }
    }

    #[test]
    fn fills_placeholders() {
        let parts = AddressParts::parse("Jean@Example.fr").unwrap();
        let cases = [
            ("%EMAILADDRESS%", "Jean@example.fr"),
            ("%EMAILLOCALPART%", "Jean"),
            ("imap.%EMAILDOMAIN%", "imap.example.fr"),
            ("mail.%EMAILHOSTNAME%", "mail.example.fr"),
            ("%EMAILLOCALPART%+%EMAILDOMAIN%", "Jean+example.fr"),
            ("%REALNAME%", "%REALNAME%"),
            ("fixed-login", "fixed-login"),
        ];
        for (template, expected) in cases {
            assert_eq!(parts.substitute(template), expected, "{template}");
        }
    }
}
