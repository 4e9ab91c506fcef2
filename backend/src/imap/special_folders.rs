//! The folders a role is kept in (Drafts, Sent, ...): by special-use attribute (RFC
//! 6154), else by a usual name, else created.

use super::connect::ImapSession;
use super::folder_admin::{create_path, subscribe};
use super::folders::{ListedFolder, list_all};
use crate::error::{Error, Result};
use facteur_model::FolderPath;
use facteur_model::folder::FolderRole;

/// The folder holding `role`, when there is one.
pub async fn find(session: &mut ImapSession, role: FolderRole) -> Result<Option<FolderPath>> {
    let listed = list_all(session).await?;
    Ok(pick(&listed, role))
}

/// The folder holding `role`, created (and subscribed) under its English name when the
/// server has none.
pub async fn find_or_create(session: &mut ImapSession, role: FolderRole) -> Result<FolderPath> {
    let listed = list_all(session).await?;
    if let Some(found) = pick(&listed, role) {
        return Ok(found);
    }
    let name = names(role)
        .first()
        .ok_or_else(|| Error::invariant("a folder role without a name"))?;
    let path = path_for_new(&listed, name);
    match create_path(session, &path).await {
        // Someone made it meanwhile: fine.
        Ok(()) | Err(Error::FolderExists(_)) => {}
        Err(error) => return Err(error),
    }
    subscribe(session, &path, true).await?;
    Ok(FolderPath(path))
}

/// The folder with the special-use attribute, else the one with a usual name (top level
/// or directly under INBOX), selectable ones only.
pub fn pick(listed: &[ListedFolder], role: FolderRole) -> Option<FolderPath> {
    let selectable = || listed.iter().filter(|entry| entry.selectable);
    if let Some(entry) = selectable().find(|entry| entry.role == Some(role)) {
        return Some(FolderPath(entry.path.clone()));
    }
    for name in names(role) {
        let found = selectable().find(|entry| {
            let (parent, last) = split_last(entry);
            last.eq_ignore_ascii_case(name)
                && (parent.is_empty() || parent.eq_ignore_ascii_case("INBOX"))
        });
        if let Some(entry) = found {
            return Some(FolderPath(entry.path.clone()));
        }
    }
    None
}

/// Usual names, the one to create first.
fn names(role: FolderRole) -> &'static [&'static str] {
    match role {
        FolderRole::Drafts => &["Drafts", "Draft", "Brouillons"],
        FolderRole::Sent => &[
            "Sent",
            "Sent Items",
            "Sent Messages",
            "Sent Mail",
            "Envoyés",
            "Messages envoyés",
            "Éléments envoyés",
        ],
        FolderRole::Trash => &["Trash", "Deleted Items", "Deleted Messages", "Corbeille"],
        FolderRole::Junk => &["Junk", "Spam", "Indésirables"],
        FolderRole::Archive => &["Archive", "Archives"],
        FolderRole::Inbox => &["INBOX"],
        FolderRole::All | FolderRole::Flagged => &[],
    }
}

/// `name`, under INBOX when the server keeps every folder there (Courier-style
/// `INBOX.` namespaces refuse top-level folders).
fn path_for_new(listed: &[ListedFolder], name: &str) -> String {
    let others: Vec<&ListedFolder> = listed.iter().filter(|e| e.path != "INBOX").collect();
    let delimiter = listed.iter().find_map(|entry| entry.delimiter.clone());
    match delimiter {
        Some(delimiter)
            if !others.is_empty()
                && others
                    .iter()
                    .all(|entry| entry.path.starts_with(&format!("INBOX{delimiter}"))) =>
        {
            format!("INBOX{delimiter}{name}")
        }
        _ => name.to_owned(),
    }
}

fn split_last(entry: &ListedFolder) -> (&str, &str) {
    match entry.delimiter.as_deref() {
        Some(delimiter) => entry
            .path
            .rsplit_once(delimiter)
            .unwrap_or(("", entry.path.as_str())),
        None => ("", entry.path.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imap::folders::listed_folder;
    use async_imap::types::NameAttribute;

    fn plain(name: &str, delimiter: &str) -> ListedFolder {
        listed_folder(name, Some(delimiter), &[])
    }

    #[test]
    fn special_use_wins_over_names() {
        let listed = [
            plain("INBOX", "/"),
            plain("Drafts", "/"),
            listed_folder("Brouillons", Some("/"), &[NameAttribute::Drafts]),
        ];
        assert_eq!(
            pick(&listed, FolderRole::Drafts),
            Some(FolderPath("Brouillons".into()))
        );
    }

    #[test]
    fn usual_names_are_found_at_the_top_or_under_inbox() {
        let listed = [
            plain("INBOX", "."),
            plain("INBOX.Sent Items", "."),
            plain("Projets.Drafts", "."),
        ];
        assert_eq!(
            pick(&listed, FolderRole::Sent),
            Some(FolderPath("INBOX.Sent Items".into()))
        );
        assert_eq!(pick(&listed, FolderRole::Drafts), None);
        let unselectable = [listed_folder("Sent", Some("/"), &[NameAttribute::NoSelect])];
        assert_eq!(pick(&unselectable, FolderRole::Sent), None);
    }

    #[test]
    fn new_folders_follow_the_namespace() {
        let courier = [plain("INBOX", "."), plain("INBOX.Trash", ".")];
        assert_eq!(path_for_new(&courier, "Drafts"), "INBOX.Drafts");
        let dovecot = [plain("INBOX", "/"), plain("Trash", "/")];
        assert_eq!(path_for_new(&dovecot, "Drafts"), "Drafts");
        assert_eq!(path_for_new(&[plain("INBOX", "/")], "Sent"), "Sent");
    }
}
