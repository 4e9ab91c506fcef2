//! Subjects of replies and forwards: one prefix, never "Re: Re: RE: ...".

use crate::i18n::Locale;

/// What the new message does with the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    Reply,
    Forward,
}

/// Prefixes other clients put before a reply's subject (English, French, German, Nordic).
const REPLY_PREFIXES: [&str; 6] = ["re", "réf", "ref", "aw", "sv", "antw"];
/// Prefixes other clients put before a forward's subject.
const FORWARD_PREFIXES: [&str; 5] = ["fwd", "fw", "tr", "wg", "trans"];

/// The subject of a reply to, or a forward of, a message whose subject is `original`.
///
/// Replies always use "Re:" (RFC 5322 §3.6.5, understood everywhere); forwards use the
/// prefix of the interface language ("TR:" in French, "Fwd:" in English). Prefixes of the
/// same kind already there are folded into the one added.
pub fn derived_subject(original: &str, kind: SubjectKind, locale: Locale) -> String {
    let (known, prefix) = match kind {
        SubjectKind::Reply => (&REPLY_PREFIXES[..], "Re:"),
        SubjectKind::Forward => (&FORWARD_PREFIXES[..], locale.pick("TR:", "Fwd:")),
    };
    let rest = strip_prefixes(original.trim(), known);
    if rest.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix} {rest}")
    }
}

/// `subject` without the leading prefixes listed in `known` ("Re:", "RE :", "Re[2]:").
fn strip_prefixes<'a>(mut subject: &'a str, known: &[&str]) -> &'a str {
    while let Some(rest) = strip_one(subject, known) {
        subject = rest.trim_start();
    }
    subject
}

fn strip_one<'a>(subject: &'a str, known: &[&str]) -> Option<&'a str> {
    let colon = subject.find(':')?;
    let head = subject[..colon].trim_end();
    // "Re[2]" and "Re(2)" count replies; the number goes with the prefix.
    let word = head
        .split_once(['[', '('])
        .map(|(word, count)| {
            let digits = count.trim_end_matches([']', ')']);
            (digits.chars().all(|c| c.is_ascii_digit())).then_some(word)
        })
        .unwrap_or(Some(head))?;
    let word = word.trim_end_matches('.').to_lowercase();
    known
        .iter()
        .any(|k| *k == word)
        .then(|| &subject[colon + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replies_get_one_re() {
        let reply = |s| derived_subject(s, SubjectKind::Reply, Locale::Fr);
        assert_eq!(reply("Déjeuner"), "Re: Déjeuner");
        assert_eq!(reply("Re: Déjeuner"), "Re: Déjeuner");
        assert_eq!(reply("RE: re: Déjeuner"), "Re: Déjeuner");
        assert_eq!(reply("RE : Déjeuner"), "Re: Déjeuner");
        assert_eq!(reply("Re[3]: Déjeuner"), "Re: Déjeuner");
        assert_eq!(reply("Réf. : Déjeuner"), "Re: Déjeuner");
        assert_eq!(reply("AW: Treffen"), "Re: Treffen");
        assert_eq!(reply(""), "Re:");
        // A reply to a forward keeps the forward's prefix: it is part of the subject.
        assert_eq!(reply("TR: Devis"), "Re: TR: Devis");
        // A colon inside the subject is not a prefix.
        assert_eq!(reply("Ordre du jour : lundi"), "Re: Ordre du jour : lundi");
    }

    #[test]
    fn forwards_use_the_language_prefix_once() {
        let fr = |s| derived_subject(s, SubjectKind::Forward, Locale::Fr);
        let en = |s| derived_subject(s, SubjectKind::Forward, Locale::En);
        assert_eq!(fr("Devis"), "TR: Devis");
        assert_eq!(en("Devis"), "Fwd: Devis");
        assert_eq!(fr("Fwd: TR: Devis"), "TR: Devis");
        assert_eq!(en("FW: Devis"), "Fwd: Devis");
        assert_eq!(en("Re: Devis"), "Fwd: Re: Devis");
        assert_eq!(en("  "), "Fwd:");
    }
}
