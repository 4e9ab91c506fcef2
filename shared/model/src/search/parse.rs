//! From the search box's text to a [`SearchQuery`]: tokens split on whitespace, quoted
//! phrases kept whole (`\"` and `\\` escape inside them), `keyword:value` and
//! `size-keyword<value` / `>value` terms, keywords in French or English.

use super::{MAX_QUERY_CHARS, MAX_TERMS, SearchError, SearchQuery, Term, TermKind};
use crate::calendar::LocalDate;

/// Parses the box's text into a checked query.
pub fn parse_query(text: &str) -> Result<SearchQuery, SearchError> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > MAX_QUERY_CHARS {
        return Err(SearchError::TooLong {
            max: MAX_QUERY_CHARS,
        });
    }
    let mut cursor = Cursor { chars, at: 0 };
    let mut terms = Vec::new();
    while let Some(term) = cursor.next_term()? {
        terms.push(term);
        if terms.len() > MAX_TERMS {
            return Err(SearchError::TooManyTerms { max: MAX_TERMS });
        }
    }
    SearchQuery::new(terms)
}

/// Folds a keyword for matching: lower case, the accents of French letters removed,
/// `_` read as `-` (`Pièce_Jointe` → `piece-jointe`).
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            '_' => '-',
            other => other,
        })
        .collect()
}

/// What a keyword before `:` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Term(TermKind),
    /// `taille`/`size`, only with `<` or `>`.
    Size,
    /// `est`/`is`: a state follows (`non-lu`, `suivi`...).
    State,
    /// `avec`/`has`: `pièce-jointe` follows.
    With,
    /// `sans`: `pièce-jointe` follows, negated.
    Without,
}

fn keyword(folded: &str) -> Option<Keyword> {
    use TermKind::*;
    Some(match folded {
        "de" | "from" | "expediteur" => Keyword::Term(From),
        "a" | "pour" | "to" | "destinataire" => Keyword::Term(To),
        "objet" | "sujet" | "subject" => Keyword::Term(Subject),
        "corps" | "contenu" | "body" => Keyword::Term(Body),
        "texte" | "text" => Keyword::Term(Text),
        "depuis" | "since" => Keyword::Term(Since),
        "avant" | "before" => Keyword::Term(Before),
        "non-lu" | "nonlu" | "unread" => Keyword::Term(Unread),
        "suivi" | "drapeau" | "flagged" => Keyword::Term(Flagged),
        "piece-jointe" | "pieces-jointes" | "pj" | "attachment" => Keyword::Term(HasAttachment),
        "plus-grand" | "larger" => Keyword::Term(Larger),
        "plus-petit" | "smaller" => Keyword::Term(Smaller),
        "taille" | "size" => Keyword::Size,
        "est" | "is" => Keyword::State,
        "avec" | "has" => Keyword::With,
        "sans" => Keyword::Without,
        _ => return None,
    })
}

/// The term a state word stands for after `est:`/`is:`.
fn state(folded: &str) -> Option<Term> {
    Some(match folded {
        "non-lu" | "nonlu" | "unread" => Term::Unread(true),
        "lu" | "read" => Term::Unread(false),
        "suivi" | "flagged" | "starred" => Term::Flagged(true),
        "non-suivi" | "unflagged" | "unstarred" => Term::Flagged(false),
        _ => return None,
    })
}

fn is_attachment_word(folded: &str) -> bool {
    matches!(
        folded,
        "piece-jointe" | "pieces-jointes" | "pj" | "attachment" | "attachments"
    )
}

fn yes_no(folded: &str) -> Option<bool> {
    match folded {
        "oui" | "o" | "yes" | "y" | "vrai" | "true" | "1" => Some(true),
        "non" | "n" | "no" | "faux" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// A keyword is letters and hyphens (accents included): `10:30` or `https://…` are text.
fn looks_like_keyword(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '_')
}

struct Cursor {
    chars: Vec<char>,
    at: usize,
}

/// One value after a keyword, or a bare word, with where it started.
struct Value {
    text: String,
    at: usize,
}

impl Cursor {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn next_term(&mut self) -> Result<Option<Term>, SearchError> {
        self.skip_whitespace();
        let start = self.at;
        let Some(first) = self.peek() else {
            return Ok(None);
        };
        if first == '"' {
            let phrase = self.quoted()?;
            return phrase_term(TermKind::Text, phrase).map(Some);
        }
        // The head: up to whitespace or an operator.
        let mut end = start;
        while let Some(&c) = self.chars.get(end) {
            if c.is_whitespace() || matches!(c, ':' | '<' | '>') {
                break;
            }
            end += 1;
        }
        let head: String = self.chars[start..end].iter().collect();
        let operator = self.chars.get(end).copied();
        let known = keyword(&fold(&head));
        match (operator, known) {
            (Some(':'), Some(keyword)) if looks_like_keyword(&head) => {
                self.at = end + 1;
                let value = self.value()?;
                self.keyword_term(keyword, value, start).map(Some)
            }
            (Some('<' | '>'), Some(Keyword::Size)) => {
                self.at = end + 1;
                let value = self.value()?;
                let size = parse_size(&value)?;
                Ok(Some(if operator == Some('>') {
                    Term::Larger(size)
                } else {
                    Term::Smaller(size)
                }))
            }
            (Some(':'), None) if looks_like_keyword(&head) && !self.url_follows(end) => {
                Err(SearchError::UnknownKeyword {
                    name: head,
                    at: start,
                })
            }
            _ => {
                let word = self.bare()?;
                phrase_term(TermKind::Text, word).map(Some)
            }
        }
    }

    /// `https://…`: a colon followed by `//` is part of a web address, not a keyword.
    fn url_follows(&self, colon: usize) -> bool {
        self.chars.get(colon + 1) == Some(&'/') && self.chars.get(colon + 2) == Some(&'/')
    }

    fn keyword_term(&self, keyword: Keyword, value: Value, at: usize) -> Result<Term, SearchError> {
        let folded = fold(value.text.trim());
        match keyword {
            Keyword::Term(kind) => match kind {
                TermKind::From
                | TermKind::To
                | TermKind::Subject
                | TermKind::Body
                | TermKind::Text => phrase_term(kind, value),
                TermKind::Since | TermKind::Before => {
                    let date = parse_date(value.text.trim()).ok_or(SearchError::InvalidDate {
                        term: kind,
                        value: value.text.clone(),
                        at: value.at,
                    })?;
                    Ok(if kind == TermKind::Since {
                        Term::Since(date)
                    } else {
                        Term::Before(date)
                    })
                }
                TermKind::Unread | TermKind::Flagged | TermKind::HasAttachment => {
                    let Some(yes) = yes_no(&folded) else {
                        return Err(if folded.is_empty() {
                            SearchError::MissingValue { term: kind, at }
                        } else {
                            SearchError::InvalidYesNo {
                                term: kind,
                                value: value.text.clone(),
                                at: value.at,
                            }
                        });
                    };
                    Ok(match kind {
                        TermKind::Unread => Term::Unread(yes),
                        TermKind::Flagged => Term::Flagged(yes),
                        _ => Term::HasAttachment(yes),
                    })
                }
                TermKind::Larger => Ok(Term::Larger(parse_size(&value)?)),
                TermKind::Smaller => Ok(Term::Smaller(parse_size(&value)?)),
            },
            // `taille:2M` says neither larger nor smaller.
            Keyword::Size => Err(SearchError::InvalidSize {
                value: value.text,
                at: value.at,
            }),
            Keyword::State => state(&folded).ok_or(SearchError::UnknownState {
                value: value.text,
                at: value.at,
            }),
            Keyword::With | Keyword::Without => {
                if is_attachment_word(&folded) {
                    Ok(Term::HasAttachment(keyword == Keyword::With))
                } else {
                    Err(SearchError::UnknownState {
                        value: value.text,
                        at: value.at,
                    })
                }
            }
        }
    }

    /// The value after an operator: a quoted phrase or a word up to whitespace.
    fn value(&mut self) -> Result<Value, SearchError> {
        match self.peek() {
            Some('"') => self.quoted(),
            _ => self.bare(),
        }
    }

    /// Characters up to whitespace, taken as they are (a `"` inside is an ordinary
    /// character).
    fn bare(&mut self) -> Result<Value, SearchError> {
        let at = self.at;
        let mut text = String::new();
        while let Some(c) = self.peek().filter(|c| !c.is_whitespace()) {
            refuse_control(c, self.at)?;
            text.push(c);
            self.at += 1;
        }
        Ok(Value { text, at })
    }

    /// A phrase between double quotes; the cursor is on the opening quote.
    fn quoted(&mut self) -> Result<Value, SearchError> {
        let open = self.at;
        self.at += 1;
        let mut text = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(SearchError::UnclosedQuote { at: open });
            };
            refuse_control(c, self.at)?;
            self.at += 1;
            match c {
                '"' => return Ok(Value { text, at: open }),
                '\\' => {
                    let Some(escaped) = self.peek() else {
                        return Err(SearchError::UnclosedQuote { at: open });
                    };
                    refuse_control(escaped, self.at)?;
                    self.at += 1;
                    text.push(escaped);
                }
                other => text.push(other),
            }
        }
    }
}

/// IMAP cannot carry line breaks or NUL in a search string, and no header holds them.
fn refuse_control(c: char, at: usize) -> Result<(), SearchError> {
    if c.is_control() {
        Err(SearchError::ControlCharacter { at })
    } else {
        Ok(())
    }
}

/// A text term, refusing an empty value.
fn phrase_term(kind: TermKind, value: Value) -> Result<Term, SearchError> {
    if value.text.trim().is_empty() {
        return Err(SearchError::MissingValue {
            term: kind,
            at: value.at,
        });
    }
    let text = value.text;
    Ok(match kind {
        TermKind::From => Term::From(text),
        TermKind::To => Term::To(text),
        TermKind::Subject => Term::Subject(text),
        TermKind::Body => Term::Body(text),
        _ => Term::Text(text),
    })
}

/// `2026-03-01`, `01/03/2026` or `1/3/2026` (day first, as in France), an existing day
/// of a four-digit year.
pub(super) fn parse_date(text: &str) -> Option<LocalDate> {
    let numbers = |parts: Vec<&str>| -> Option<Vec<u32>> {
        parts
            .iter()
            .map(|part| {
                (!part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| part.parse().ok())
                    .flatten()
            })
            .collect()
    };
    let (year, month, day) = if text.contains('-') {
        let n = numbers(text.split('-').collect())?;
        let [y, m, d] = n[..] else { return None };
        (text.split('-').next()?.len() == 4).then_some((y, m, d))?
    } else {
        let n = numbers(text.split('/').collect())?;
        let [d, m, y] = n[..] else { return None };
        (text.rsplit('/').next()?.len() == 4).then_some((y, m, d))?
    };
    let date = LocalDate {
        year: i32::try_from(year).ok()?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
    };
    let real = (1000..=9999).contains(&year)
        && (1..=12).contains(&month)
        && LocalDate::from_day_number(date.day_number()) == date;
    real.then_some(date)
}

/// A size: a number (`,` or `.` before at most three decimals) and an optional unit:
/// bytes (`o`, `b`), `k`/`ko`/`kb`, `M`/`Mo`/`MB`, `G`/`Go`/`GB`, in powers of 1024;
/// at most 4 GiB (the largest size IMAP servers compare).
fn parse_size(value: &Value) -> Result<u64, SearchError> {
    let invalid = || SearchError::InvalidSize {
        value: value.text.clone(),
        at: value.at,
    };
    let text = value.text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let multiplier: u64 = match fold(unit.trim()).as_str() {
        "" | "o" | "b" | "octets" | "bytes" => 1,
        "k" | "ko" | "kb" | "kio" | "kib" => 1 << 10,
        "m" | "mo" | "mb" | "mio" | "mib" => 1 << 20,
        "g" | "go" | "gb" | "gio" | "gib" => 1 << 30,
        _ => return Err(invalid()),
    };
    let (whole, fraction) = match number.split_once([',', '.']) {
        Some((whole, fraction)) => (whole, fraction),
        None => (number, ""),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 10 || fraction.len() > 3 {
        return Err(invalid());
    }
    if !all_digits(whole) || !all_digits(fraction) {
        return Err(invalid());
    }
    let whole: u64 = whole.parse().map_err(|_| invalid())?;
    let thousandths: u64 = format!("{fraction:0<3}").parse().map_err(|_| invalid())?;
    let bytes = whole
        .checked_mul(1000)
        .and_then(|n| n.checked_add(thousandths))
        .and_then(|n| n.checked_mul(multiplier))
        .map(|n| n / 1000)
        .ok_or_else(invalid)?;
    if bytes > u64::from(u32::MAX) {
        return Err(invalid());
    }
    Ok(bytes)
}
