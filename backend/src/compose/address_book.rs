//! Recipient suggestions, pure: the correspondents seen in recent mail, counted, and
//! matched on the start of a name's words or of the address, ignoring case and accents.

use facteur_model::message::Address;
use std::collections::HashMap;

/// Someone seen in the mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correspondent {
    /// The newest non-empty display name seen with the address.
    pub name: Option<String>,
    pub email: String,
    /// In how many address fields it was seen.
    pub count: u32,
    /// Folded name words and address parts, for matching.
    words: Vec<String>,
    folded_email: String,
}

/// Correspondents, most frequent first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressBook {
    entries: Vec<Correspondent>,
}

impl AddressBook {
    /// Counts `seen` addresses, newest first (the first name seen for an address is kept).
    pub fn from_seen(seen: impl IntoIterator<Item = Address>) -> AddressBook {
        let mut by_email: HashMap<String, Correspondent> = HashMap::new();
        for address in seen {
            let email = address.email.trim().to_owned();
            if email.is_empty() || !email.contains('@') {
                continue;
            }
            let key = email.to_lowercase();
            let name = address
                .name
                .map(|name| name.trim().to_owned())
                .filter(|name| !name.is_empty() && !name.eq_ignore_ascii_case(&email));
            let entry = by_email
                .entry(key.clone())
                .or_insert_with(|| Correspondent {
                    name: None,
                    email,
                    count: 0,
                    words: Vec::new(),
                    folded_email: fold(&key),
                });
            entry.count += 1;
            if entry.name.is_none() {
                entry.name = name;
            }
        }
        let mut entries: Vec<Correspondent> = by_email
            .into_values()
            .map(|mut entry| {
                entry.words = words_of(entry.name.as_deref().unwrap_or(""), &entry.folded_email);
                entry
            })
            .collect();
        entries.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.folded_email.cmp(&b.folded_email))
        });
        AddressBook { entries }
    }

    /// How many correspondents are known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Up to `limit` correspondents matching `query`, most frequent first; `exclude`
    /// (the user's own address) is left out. Every word of the query must start a word
    /// of the name or of the address, or the whole query must start the address.
    pub fn suggest(&self, query: &str, limit: usize, exclude: &str) -> Vec<Address> {
        let folded = fold(query.trim());
        let query_words: Vec<&str> = folded.split_whitespace().collect();
        let exclude = exclude.trim().to_lowercase();
        self.entries
            .iter()
            .filter(|entry| entry.email.to_lowercase() != exclude)
            .filter(|entry| {
                entry.folded_email.starts_with(&folded)
                    || query_words.iter().all(|word| {
                        entry
                            .words
                            .iter()
                            .any(|candidate| candidate.starts_with(word))
                    })
            })
            .take(limit)
            .map(|entry| Address {
                name: entry.name.clone(),
                email: entry.email.clone(),
            })
            .collect()
    }
}

/// The words a query may start: those of the name and the parts of the address's
/// local part (`jean.dupont` → `jean`, `dupont`).
fn words_of(name: &str, folded_email: &str) -> Vec<String> {
    let local = folded_email.split('@').next().unwrap_or("");
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .chain(local.split(|c: char| !c.is_alphanumeric()))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Lower case without accents, for comparing what was typed with what was seen.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match base_letter(c) {
            Some(base) => out.push_str(base),
            None => out.push(c),
        }
    }
    out
}

/// The unaccented form of the Latin letters of Western and Central European languages.
fn base_letter(c: char) -> Option<&'static str> {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        _ => return None,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(name: Option<&str>, email: &str) -> Address {
        Address {
            name: name.map(str::to_owned),
            email: email.to_owned(),
        }
    }

    fn book() -> AddressBook {
        AddressBook::from_seen([
            seen(Some("Hélène Ébrard"), "helene.ebrard@example.test"),
            seen(None, "Helene.Ebrard@example.test"),
            seen(Some("Jean-Édouard Dupont"), "jed@example.test"),
            seen(Some("Hervé Martin"), "herve@example.test"),
            seen(Some("Hervé Martin"), "herve@example.test"),
            seen(Some("Hervé Martin"), "herve@example.test"),
            seen(Some("Moi"), "me@example.test"),
            seen(None, "not-an-address"),
        ])
    }

    #[test]
    fn addresses_are_counted_case_insensitively() {
        let book = book();
        assert_eq!(book.len(), 4);
        let all = book.suggest("", 10, "");
        assert_eq!(all[0].email, "herve@example.test");
        assert_eq!(all[1].name.as_deref(), Some("Hélène Ébrard"));
    }

    #[test]
    fn matching_ignores_case_and_accents_and_ranks_by_count() {
        let book = book();
        let emails = |query: &str| -> Vec<String> {
            book.suggest(query, 10, "me@example.test")
                .into_iter()
                .map(|a| a.email)
                .collect()
        };
        assert_eq!(
            emails("he"),
            ["herve@example.test", "helene.ebrard@example.test"]
        );
        assert_eq!(emails("ÉBR"), ["helene.ebrard@example.test"]);
        assert_eq!(emails("edouard"), ["jed@example.test"]);
        assert_eq!(emails("dupont jean"), ["jed@example.test"]);
        assert_eq!(emails("jed@"), ["jed@example.test"]);
        assert_eq!(emails("ebrard@"), Vec::<String>::new());
        assert_eq!(emails("moi"), Vec::<String>::new(), "the user is left out");
        assert_eq!(emails("artin"), Vec::<String>::new(), "word starts only");
        assert_eq!(book.suggest("h", 1, "").len(), 1);
    }

    #[test]
    fn folding_removes_accents() {
        assert_eq!(fold("Œuvre Ÿ Straße ÇA"), "oeuvre y strasse ca");
    }
}
