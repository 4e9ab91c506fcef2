//! Adding and removing flags and keywords (UID STORE).

use super::claim::CLAIM;
use super::connect::ImapSession;
use super::error::{folder_error, imap_error};
use super::messages::uid_set;
use super::mutf7;
use crate::error::{Error, Result};
use facteur_model::FolderPath;
use facteur_model::api::{FlagChange, MAX_KEYWORD_LEN};
use facteur_model::message::Flag;
use futures::TryStreamExt;

/// Most UIDs one request may change.
pub const MAX_UIDS: usize = 5000;

/// Most keywords one request may add and remove.
pub const MAX_KEYWORDS: usize = 50;

/// Checks a flag change before any command is sent.
pub fn validate(change: &FlagChange) -> Result<()> {
    if change.uids.is_empty() || change.uids.len() > MAX_UIDS {
        return Err(Error::InvalidInput(format!(
            "uids: between 1 and {MAX_UIDS} UIDs"
        )));
    }
    if change.uids.iter().any(|uid| uid.0 == 0) {
        return Err(Error::InvalidInput("uids: 0 is not a UID".into()));
    }
    if change.add.is_empty()
        && change.remove.is_empty()
        && change.add_keywords.is_empty()
        && change.remove_keywords.is_empty()
    {
        return Err(Error::InvalidInput("add, remove: nothing to change".into()));
    }
    if change.add_keywords.len() + change.remove_keywords.len() > MAX_KEYWORDS {
        return Err(Error::InvalidInput(format!(
            "add_keywords, remove_keywords: at most {MAX_KEYWORDS} keywords"
        )));
    }
    for keyword in change.add_keywords.iter().chain(&change.remove_keywords) {
        if !is_keyword(keyword) {
            return Err(Error::InvalidInput(format!(
                "keywords: {keyword:?} is not an IMAP keyword (1 to {MAX_KEYWORD_LEN} ASCII \
                 letters, digits or $-_.&!#'+,/:;<=>?@^`|~ characters)"
            )));
        }
    }
    Ok(())
}

/// Whether `keyword` is a keyword the browser may set: an IMAP atom (RFC 3501 §9:
/// printable ASCII but `( ) { % * " \ ]` and space), so never a system flag, at most
/// [`MAX_KEYWORD_LEN`] bytes, and not the bridge's own claim of a move.
pub fn is_keyword(keyword: &str) -> bool {
    !keyword.is_empty()
        && keyword.len() <= MAX_KEYWORD_LEN
        && keyword
            .bytes()
            .all(|b| (0x21..0x7f).contains(&b) && !b"(){%*\"\\]".contains(&b))
        && !keyword.eq_ignore_ascii_case(CLAIM)
}

/// Applies `change` to messages of `folder`.
pub async fn change_flags(
    session: &mut ImapSession,
    folder: &FolderPath,
    change: &FlagChange,
) -> Result<()> {
    session
        .select(mutf7::encode(folder.as_str()))
        .await
        .map_err(|e| folder_error(folder.as_str(), e))?;
    let mut uids: Vec<u32> = change.uids.iter().map(|uid| uid.0).collect();
    uids.sort_unstable();
    uids.dedup();
    let set = uid_set(&uids);
    for (sign, flags, keywords) in [
        ('+', &change.add, &change.add_keywords),
        ('-', &change.remove, &change.remove_keywords),
    ] {
        if flags.is_empty() && keywords.is_empty() {
            continue;
        }
        let mut items = flag_list(flags);
        for keyword in keywords {
            if !items.is_empty() {
                items.push(' ');
            }
            items.push_str(keyword);
        }
        let query = format!("{sign}FLAGS.SILENT ({items})");
        // The stream must be drained for the command to complete.
        let _: Vec<_> = session
            .uid_store(&set, &query)
            .await
            .map_err(imap_error)?
            .try_collect()
            .await
            .map_err(imap_error)?;
    }
    Ok(())
}

/// `\Seen \Flagged` for STORE.
pub fn flag_list(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|flag| match flag {
            Flag::Seen => "\\Seen",
            Flag::Answered => "\\Answered",
            Flag::Flagged => "\\Flagged",
            Flag::Draft => "\\Draft",
            Flag::Deleted => "\\Deleted",
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::Uid;

    #[test]
    fn changes_are_validated() {
        let change = |uids: Vec<u32>, add: Vec<Flag>| FlagChange {
            uids: uids.into_iter().map(Uid).collect(),
            add,
            ..FlagChange::default()
        };
        assert!(validate(&change(vec![1, 2], vec![Flag::Seen])).is_ok());
        assert!(validate(&change(vec![], vec![Flag::Seen])).is_err());
        assert!(validate(&change(vec![0], vec![Flag::Seen])).is_err());
        assert!(validate(&change(vec![1], vec![])).is_err());
        assert_eq!(flag_list(&[Flag::Seen, Flag::Flagged]), "\\Seen \\Flagged");
        let keywords = |add: &[&str], remove: &[&str]| FlagChange {
            uids: vec![Uid(1)],
            add_keywords: add.iter().map(|k| (*k).to_owned()).collect(),
            remove_keywords: remove.iter().map(|k| (*k).to_owned()).collect(),
            ..FlagChange::default()
        };
        assert!(validate(&keywords(&["$Label1", "Travail"], &[])).is_ok());
        assert!(validate(&keywords(&[], &["NonJunk"])).is_ok());
        for bad in [
            "",
            "\\Seen",
            "two words",
            "a(b",
            "a\"b",
            "a]b",
            "50%",
            "a*",
            "été",
            "a\r\nb",
            "$FacteurMoving",
            "$facteurmoving",
        ] {
            assert!(
                matches!(
                    validate(&keywords(&[bad], &[])),
                    Err(Error::InvalidInput(_))
                ),
                "{bad:?}"
            );
        }
        assert!(validate(&keywords(&[&"k".repeat(MAX_KEYWORD_LEN)], &[])).is_ok());
        assert!(validate(&keywords(&[&"k".repeat(MAX_KEYWORD_LEN + 1)], &[])).is_err());
        let many: Vec<String> = (0..=MAX_KEYWORDS).map(|n| format!("k{n}")).collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(validate(&keywords(&refs, &[])).is_err());
    }
}
