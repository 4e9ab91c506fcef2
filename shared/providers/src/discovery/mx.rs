//! Guessing the provider from the domain's MX records.

use crate::presets::{Preset, preset_for_mx};

/// One MX answer record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MxRecord {
    /// Lower is preferred.
    pub preference: u16,
    /// The mail exchanger's host name; `.` is RFC 7505's "no mail here".
    pub exchange: String,
}

/// The provider running the most preferred MX host that belongs to a known provider.
///
/// A null MX (RFC 7505) means the domain receives no mail, so nothing is guessed.
pub fn preset_from_mx(records: &[MxRecord]) -> Option<&'static Preset> {
    if records.iter().any(|record| record.exchange.trim() == ".") {
        return None;
    }
    let mut sorted: Vec<&MxRecord> = records.iter().collect();
    sorted.sort_by_key(|record| record.preference);
    sorted
        .into_iter()
        .find_map(|record| preset_for_mx(&record.exchange))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mx(preference: u16, exchange: &str) -> MxRecord {
        MxRecord {
            preference,
            exchange: exchange.to_owned(),
        }
    }

    #[test]
    fn guesses_the_provider_of_the_preferred_known_exchanger() {
        let cases = [
            (
                "Google Workspace",
                vec![
                    mx(1, "aspmx.l.google.com."),
                    mx(5, "alt1.aspmx.l.google.com."),
                ],
                Some("gmail"),
            ),
            (
                "new Google MX",
                vec![mx(1, "smtp.google.com")],
                Some("gmail"),
            ),
            (
                "Microsoft 365",
                vec![mx(0, "contoso-fr.mail.protection.outlook.com")],
                Some("microsoft365"),
            ),
            (
                "Proton custom domain",
                vec![
                    mx(10, "mail.protonmail.ch"),
                    mx(20, "mailsec.protonmail.ch"),
                ],
                Some("proton"),
            ),
            (
                "AOL on Yahoo's platform",
                vec![mx(1, "mx-aol.mail.gm0.yahoodns.net")],
                Some("aol"),
            ),
            (
                "preference decides",
                vec![mx(20, "aspmx.l.google.com"), mx(10, "mail.protonmail.ch")],
                Some("proton"),
            ),
            (
                "unknown first, known backup",
                vec![mx(10, "mx.example.fr"), mx(20, "aspmx.l.google.com")],
                Some("gmail"),
            ),
            (
                "unknown hosting",
                vec![mx(10, "mx1.example-hosting.fr")],
                None,
            ),
            ("null MX", vec![mx(0, ".")], None),
            ("no records", vec![], None),
        ];
        for (what, records, id) in cases {
            assert_eq!(preset_from_mx(&records).map(|p| p.id), id, "{what}");
        }
    }
}
