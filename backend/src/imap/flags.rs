//! Adding and removing flags (UID STORE).

use super::connect::ImapSession;
use super::error::{folder_error, imap_error};
use super::messages::uid_set;
use super::mutf7;
use crate::error::{Error, Result};
use facteur_model::FolderPath;
use facteur_model::api::FlagChange;
use facteur_model::message::Flag;
use futures::TryStreamExt;

/// Most UIDs one request may change.
pub const MAX_UIDS: usize = 5000;

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
    if change.add.is_empty() && change.remove.is_empty() {
        return Err(Error::InvalidInput("add, remove: nothing to change".into()));
    }
    Ok(())
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
    for (sign, flags) in [('+', &change.add), ('-', &change.remove)] {
        if flags.is_empty() {
            continue;
        }
        let query = format!("{sign}FLAGS.SILENT ({})", flag_list(flags));
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
            remove: vec![],
        };
        assert!(validate(&change(vec![1, 2], vec![Flag::Seen])).is_ok());
        assert!(validate(&change(vec![], vec![Flag::Seen])).is_err());
        assert!(validate(&change(vec![0], vec![Flag::Seen])).is_err());
        assert!(validate(&change(vec![1], vec![])).is_err());
        assert_eq!(flag_list(&[Flag::Seen, Flag::Flagged]), "\\Seen \\Flagged");
    }
}
