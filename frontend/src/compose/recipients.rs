//! Who a message goes to: the recipients of replies, and the lists people type
//! ("Alice Martin <alice@example.com>, bob@example.com").

use facteur_model::message::{Address, MessageDetail};
use facteur_model::{EmailAddress, InvalidEmailAddress};

/// The To and Cc of a reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplyRecipients {
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
}

/// The recipients of a reply to `message` from someone whose addresses are `identities`.
///
/// The reply goes to Reply-To when the sender set one, else to the sender. Replying to
/// one's own message (from Sent) goes back to its recipients. Reply-all adds the other
/// To and Cc recipients as Cc. The user's own addresses are removed, and nobody appears
/// twice (addresses compare case-insensitively).
pub fn reply_recipients(
    message: &MessageDetail,
    identities: &[String],
    all: bool,
) -> ReplyRecipients {
    let own = |a: &Address| is_own(a, identities);
    let summary = &message.summary;
    let from_me = summary.from.as_ref().is_some_and(own);
    let mut to: Vec<Address> = if from_me {
        summary.to.clone()
    } else if !message.reply_to.is_empty() {
        message.reply_to.clone()
    } else {
        summary.from.iter().cloned().collect()
    };
    let mut cc = Vec::new();
    if all {
        let others = summary.to.iter().chain(&summary.cc).cloned();
        if from_me {
            cc.extend(summary.cc.iter().cloned());
        } else {
            cc.extend(others);
        }
    }
    to.retain(|a| !own(a));
    to = deduplicated(to, &[]);
    cc.retain(|a| !own(a));
    cc = deduplicated(cc, &to);
    ReplyRecipients { to, cc }
}

/// The identity (index in `identities`) a reply to `message` should come from: the
/// first one the message was addressed to, else the first (the account).
pub fn reply_identity(message: &MessageDetail, identities: &[String]) -> usize {
    let summary = &message.summary;
    summary
        .to
        .iter()
        .chain(&summary.cc)
        .find_map(|a| {
            identities
                .iter()
                .position(|i| i.eq_ignore_ascii_case(a.email.trim()))
        })
        .unwrap_or(0)
}

/// `list` without repeated addresses, nor the ones already in `taken`; the first
/// occurrence (and its display name) stays.
pub fn deduplicated(list: Vec<Address>, taken: &[Address]) -> Vec<Address> {
    let mut kept: Vec<Address> = Vec::with_capacity(list.len());
    for address in list {
        let seen = |a: &Address| a.email.trim().eq_ignore_ascii_case(address.email.trim());
        if !kept.iter().any(seen) && !taken.iter().any(seen) {
            kept.push(address);
        }
    }
    kept
}

fn is_own(address: &Address, identities: &[String]) -> bool {
    identities
        .iter()
        .any(|i| i.trim().eq_ignore_ascii_case(address.email.trim()))
}

/// An entry of a typed list that is not an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRecipient {
    /// The entry as typed, kept so the user can correct it.
    pub text: String,
    pub reason: RecipientProblem,
}

/// Why a typed entry is not an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientProblem {
    /// The address part is malformed.
    Address(InvalidEmailAddress),
    /// A `<` without its `>`, or a `"` without its closing quote.
    Unclosed,
}

/// What a typed list holds: the good addresses and the entries to correct.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedList {
    pub addresses: Vec<Address>,
    pub invalid: Vec<InvalidRecipient>,
}

/// Parses "Name <a@b>, \"Last, First\" <c@d>; e@f" into addresses. Commas and
/// semicolons separate entries except inside quotes and angle brackets.
pub fn parse_list(text: &str) -> ParsedList {
    let mut parsed = ParsedList::default();
    for entry in split_entries(text) {
        match parse_entry(entry) {
            Ok(address) => parsed.addresses.push(address),
            Err(reason) => parsed.invalid.push(InvalidRecipient {
                text: entry.trim().to_owned(),
                reason,
            }),
        }
    }
    parsed
}

/// Whether `text` ends an entry (a separator typed after something), so the field can
/// turn what was typed into chips as the user goes.
pub fn ends_with_separator(text: &str) -> bool {
    let trimmed = text.trim_end();
    (trimmed.ends_with(',') || trimmed.ends_with(';'))
        && split_entries(trimmed).last().is_some()
        && !inside_open_group(trimmed)
}

fn inside_open_group(text: &str) -> bool {
    let mut quoted = false;
    let mut angle = false;
    for c in text.chars() {
        match c {
            '"' if !angle => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            _ => {}
        }
    }
    quoted || angle
}

fn split_entries(text: &str) -> Vec<&str> {
    let mut entries = Vec::new();
    let mut quoted = false;
    let mut angle = false;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '"' if !angle => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                entries.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    entries.push(&text[start..]);
    entries.retain(|e| !e.trim().is_empty());
    entries
}

fn parse_entry(entry: &str) -> Result<Address, RecipientProblem> {
    let entry = entry.trim();
    let (name, email) = match entry.rfind('<') {
        Some(open) if !in_quotes(&entry[..open]) => {
            let rest = &entry[open + 1..];
            let close = rest.find('>').ok_or(RecipientProblem::Unclosed)?;
            if !rest[close + 1..].trim().is_empty() {
                return Err(RecipientProblem::Address(
                    InvalidEmailAddress::ForbiddenCharacter,
                ));
            }
            (display_name(&entry[..open])?, &rest[..close])
        }
        _ if in_quotes(entry) => return Err(RecipientProblem::Unclosed),
        _ => (None, entry),
    };
    let email = EmailAddress::parse(email).map_err(RecipientProblem::Address)?;
    Ok(Address {
        name,
        email: email.as_str().to_owned(),
    })
}

fn in_quotes(text: &str) -> bool {
    text.chars().filter(|c| *c == '"').count() % 2 == 1
}

fn display_name(raw: &str) -> Result<Option<String>, RecipientProblem> {
    let raw = raw.trim();
    let name = match raw.strip_prefix('"') {
        Some(inner) => inner
            .strip_suffix('"')
            .ok_or(RecipientProblem::Unclosed)?
            .replace("\\\"", "\""),
        None => raw.to_owned(),
    };
    let name = name.trim();
    Ok((!name.is_empty()).then(|| name.to_owned()))
}

/// How an address is written back in a field: `Name <a@b>` or `a@b`.
pub fn written(address: &Address) -> String {
    match address.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => {
            if name.contains([',', ';', '"', '<', '>']) {
                format!("\"{}\" <{}>", name.replace('"', "\\\""), address.email)
            } else {
                format!("{name} <{}>", address.email)
            }
        }
        _ => address.email.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_messages;
    use facteur_model::Timestamp;
    use facteur_model::message::MessageSummary;

    fn addr(name: Option<&str>, email: &str) -> Address {
        Address {
            name: name.map(str::to_owned),
            email: email.to_owned(),
        }
    }

    fn message(
        from: Address,
        to: Vec<Address>,
        cc: Vec<Address>,
        reply_to: Vec<Address>,
    ) -> MessageDetail {
        MessageDetail {
            reply_to,
            message_id: Some("<m1@example.com>".into()),
            text: Some("Bonjour".into()),
            ..test_messages::detail(MessageSummary {
                from: Some(from),
                to,
                cc,
                subject: "Devis".into(),
                date: Some(Timestamp(0)),
                ..test_messages::summary(1)
            })
        }
    }

    fn emails(list: &[Address]) -> Vec<&str> {
        list.iter().map(|a| a.email.as_str()).collect()
    }

    const ME: &str = "marie@example.org";

    #[test]
    fn reply_goes_to_reply_to_else_the_sender() {
        let alice = addr(Some("Alice"), "alice@example.com");
        let list = addr(None, "list@example.com");
        let me = addr(None, ME);
        let plain = message(alice.clone(), vec![me.clone()], vec![], vec![]);
        let ids = [ME.to_owned()];
        assert_eq!(
            emails(&reply_recipients(&plain, &ids, false).to),
            ["alice@example.com"]
        );
        let with_reply_to = message(alice, vec![me], vec![], vec![list]);
        let r = reply_recipients(&with_reply_to, &ids, false);
        assert_eq!(emails(&r.to), ["list@example.com"]);
        assert!(r.cc.is_empty());
    }

    #[test]
    fn reply_all_copies_the_others_without_me_or_doubles() {
        let alice = addr(Some("Alice"), "alice@example.com");
        let bob = addr(Some("Bob"), "bob@example.com");
        let carol = addr(None, "carol@example.com");
        let me_upper = addr(Some("Marie"), "MARIE@example.org");
        let other_me = addr(None, "m.dupont@example.net");
        let msg = message(
            alice.clone(),
            vec![me_upper, bob.clone(), addr(None, "ALICE@example.com")],
            vec![carol.clone(), bob.clone(), other_me],
            vec![],
        );
        let ids = [ME.to_owned(), "m.dupont@example.net".to_owned()];
        let r = reply_recipients(&msg, &ids, true);
        assert_eq!(emails(&r.to), ["alice@example.com"]);
        assert_eq!(emails(&r.cc), ["bob@example.com", "carol@example.com"]);
        assert_eq!(r.cc[0].name.as_deref(), Some("Bob"));
        assert_eq!(reply_identity(&msg, &ids), 0);
    }

    #[test]
    fn replying_to_my_own_message_writes_to_its_recipients() {
        let me = addr(None, ME);
        let bob = addr(None, "bob@example.com");
        let carol = addr(None, "carol@example.com");
        let msg = message(me, vec![bob], vec![carol], vec![]);
        let ids = [ME.to_owned()];
        let r = reply_recipients(&msg, &ids, true);
        assert_eq!(emails(&r.to), ["bob@example.com"]);
        assert_eq!(emails(&r.cc), ["carol@example.com"]);
    }

    #[test]
    fn the_reply_comes_from_the_identity_written_to() {
        let msg = message(
            addr(None, "alice@example.com"),
            vec![addr(None, "team@example.com")],
            vec![addr(None, "M.Dupont@example.net")],
            vec![],
        );
        let ids = [ME.to_owned(), "m.dupont@example.net".to_owned()];
        assert_eq!(reply_identity(&msg, &ids), 1);
    }

    #[test]
    fn typed_lists_parse_names_quotes_and_separators() {
        let parsed = parse_list(
            "Alice Martin <alice@example.com>, \"Dupont, Marie\" <marie@example.org>; bob@example.com,",
        );
        assert!(parsed.invalid.is_empty(), "{parsed:?}");
        assert_eq!(
            parsed.addresses,
            [
                addr(Some("Alice Martin"), "alice@example.com"),
                addr(Some("Dupont, Marie"), "marie@example.org"),
                addr(None, "bob@example.com"),
            ]
        );
    }

    #[test]
    fn invalid_entries_are_reported_and_kept() {
        let parsed = parse_list(
            "alice@example.com, bob at example, Carol <carol@example.com, \"Dan <d@x.y>",
        );
        assert_eq!(emails(&parsed.addresses), ["alice@example.com"]);
        assert_eq!(
            parsed.invalid,
            [
                InvalidRecipient {
                    text: "bob at example".into(),
                    reason: RecipientProblem::Address(InvalidEmailAddress::ForbiddenCharacter),
                },
                InvalidRecipient {
                    text: "Carol <carol@example.com, \"Dan <d@x.y>".into(),
                    reason: RecipientProblem::Unclosed,
                },
            ]
        );
        let parsed = parse_list("nobody");
        assert_eq!(
            parsed.invalid[0].reason,
            RecipientProblem::Address(InvalidEmailAddress::NoSingleAt)
        );
        assert_eq!(parse_list(" , ;"), ParsedList::default());
    }

    #[test]
    fn separators_end_an_entry_only_outside_quotes_and_brackets() {
        assert!(ends_with_separator("bob@example.com,"));
        assert!(ends_with_separator("bob@example.com ; "));
        assert!(!ends_with_separator("bob@example.com"));
        assert!(!ends_with_separator("\"Dupont,"));
        assert!(!ends_with_separator(","));
    }

    #[test]
    fn addresses_are_written_back_parseably() {
        let tricky = addr(Some("Dupont, \"Marie\""), "marie@example.org");
        let text = written(&tricky);
        assert_eq!(parse_list(&text).addresses, [tricky]);
        assert_eq!(written(&addr(None, "a@b.c")), "a@b.c");
        assert_eq!(written(&addr(Some("Alice"), "a@b.c")), "Alice <a@b.c>");
    }
}
