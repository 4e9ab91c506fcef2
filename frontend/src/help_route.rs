//! Which help page the address bar's fragment asks for: the glossary (at an entry), the
//! provider comparison, the setup report or the setup wizard. Fragments keep these pages
//! linkable and let the browser's Back button close them.

use crate::i18n::glossary_text::{ANCHOR_PREFIX, Term};

/// A page shown over the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    /// The glossary, scrolled to an entry when one is named.
    Glossary(Option<Term>),
    /// The provider comparison.
    Providers,
    /// The setup report of the signed-in account.
    SetupReport,
    /// The account setup wizard (signed out).
    Setup,
}

const GLOSSARY: &str = "glossary";
const PROVIDERS: &str = "providers";
const SETUP_REPORT: &str = "setup-report";
const SETUP: &str = "setup";

impl HelpPage {
    /// The page a fragment (`#glossary-imap`, `#providers`...) names; `None` for the
    /// screen itself.
    pub fn from_fragment(fragment: &str) -> Option<HelpPage> {
        let fragment = fragment.trim_start_matches('#');
        match fragment {
            GLOSSARY => Some(HelpPage::Glossary(None)),
            PROVIDERS => Some(HelpPage::Providers),
            SETUP_REPORT => Some(HelpPage::SetupReport),
            SETUP => Some(HelpPage::Setup),
            other if other.starts_with(ANCHOR_PREFIX) => {
                Some(HelpPage::Glossary(Term::from_anchor(other)))
            }
            _ => None,
        }
    }

    /// The fragment (with `#`) that opens this page.
    pub fn fragment(self) -> String {
        match self {
            HelpPage::Glossary(Some(term)) => format!("#{}", term.anchor()),
            HelpPage::Glossary(None) => format!("#{GLOSSARY}"),
            HelpPage::Providers => format!("#{PROVIDERS}"),
            HelpPage::SetupReport => format!("#{SETUP_REPORT}"),
            HelpPage::Setup => format!("#{SETUP}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_read_back() {
        let pages = [
            HelpPage::Glossary(None),
            HelpPage::Glossary(Some(Term::StartTls)),
            HelpPage::Providers,
            HelpPage::SetupReport,
            HelpPage::Setup,
        ];
        for page in pages {
            assert_eq!(HelpPage::from_fragment(&page.fragment()), Some(page));
        }
        assert_eq!(
            HelpPage::from_fragment("#glossary-sieve"),
            Some(HelpPage::Glossary(Some(Term::Sieve)))
        );
        assert_eq!(
            HelpPage::from_fragment("#glossary-unknown"),
            Some(HelpPage::Glossary(None))
        );
        assert_eq!(HelpPage::from_fragment(""), None);
        assert_eq!(HelpPage::from_fragment("#something"), None);
    }
}
