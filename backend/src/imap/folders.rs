//! The folder list: LIST with special-use attributes, the hierarchy from the delimiter,
//! and STATUS counts.

use super::connect::ImapSession;
use super::error::{folder_error, imap_error};
use super::mutf7;
use crate::error::Result;
use async_imap::types::NameAttribute;
use facteur_model::FolderPath;
use facteur_model::api::FolderList;
use facteur_model::folder::{Folder, FolderRole, display_order};
use futures::TryStreamExt;

/// One LIST line, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedFolder {
    /// The name as sent on the wire (modified UTF-7), for STATUS.
    pub wire_name: String,
    pub path: String,
    pub delimiter: Option<String>,
    pub role: Option<FolderRole>,
    pub selectable: bool,
}

/// Lists every folder with its role, place in the tree, subscription and counts.
pub async fn list_folders(session: &mut ImapSession) -> Result<FolderList> {
    let listed = list_all(session).await?;
    let subscribed = subscribed_names(session).await?;
    let mut folders = Vec::with_capacity(listed.len());
    for entry in &listed {
        let (total, unread) = if entry.selectable {
            let status = session
                .status(&entry.wire_name, "(MESSAGES UNSEEN)")
                .await
                .map_err(|e| folder_error(&entry.path, e))?;
            (status.exists, status.unseen.unwrap_or(0))
        } else {
            (0, 0)
        };
        let mut folder = to_folder(entry, total, unread);
        folder.subscribed = entry.role == Some(FolderRole::Inbox)
            || subscribed.iter().any(|name| name == &entry.wire_name);
        folders.push(folder);
    }
    display_order(&mut folders);
    Ok(FolderList { folders })
}

/// Every folder as LIST gives it, decoded.
pub async fn list_all(session: &mut ImapSession) -> Result<Vec<ListedFolder>> {
    let names: Vec<_> = session
        .list(Some(""), Some("\"*\""))
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    Ok(names
        .iter()
        .map(|name| listed_folder(name.name(), name.delimiter(), name.attributes()))
        .collect())
}

/// The wire names of the subscribed folders (LSUB).
async fn subscribed_names(session: &mut ImapSession) -> Result<Vec<String>> {
    let names: Vec<_> = session
        .lsub(Some(""), Some("*"))
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    Ok(names.iter().map(|name| name.name().to_owned()).collect())
}

/// The server's hierarchy delimiter (`LIST "" ""`), `None` for a flat server.
pub async fn hierarchy_delimiter(session: &mut ImapSession) -> Result<Option<String>> {
    let names: Vec<_> = session
        .list(Some(""), Some("\"\""))
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    Ok(names.iter().find_map(|name| {
        name.delimiter()
            .filter(|d| !d.is_empty())
            .map(str::to_owned)
    }))
}

/// Decodes one LIST response.
pub fn listed_folder(
    wire_name: &str,
    delimiter: Option<&str>,
    attributes: &[NameAttribute<'_>],
) -> ListedFolder {
    // A name that is not valid modified UTF-7 is shown as sent rather than hidden.
    let mut path = mutf7::decode(wire_name).unwrap_or_else(|| wire_name.to_owned());
    if path.eq_ignore_ascii_case("INBOX") {
        path = "INBOX".to_owned();
    }
    let mut role = attributes.iter().find_map(|attribute| match attribute {
        NameAttribute::All => Some(FolderRole::All),
        NameAttribute::Archive => Some(FolderRole::Archive),
        NameAttribute::Drafts => Some(FolderRole::Drafts),
        NameAttribute::Flagged => Some(FolderRole::Flagged),
        NameAttribute::Junk => Some(FolderRole::Junk),
        NameAttribute::Sent => Some(FolderRole::Sent),
        NameAttribute::Trash => Some(FolderRole::Trash),
        _ => None,
    });
    if path == "INBOX" {
        role = Some(FolderRole::Inbox);
    }
    let selectable = !attributes.iter().any(|attribute| {
        matches!(attribute, NameAttribute::NoSelect)
            || matches!(attribute, NameAttribute::Extension(ext) if ext.eq_ignore_ascii_case("\\NonExistent"))
    });
    ListedFolder {
        wire_name: wire_name.to_owned(),
        path,
        delimiter: delimiter.filter(|d| !d.is_empty()).map(str::to_owned),
        role,
        selectable,
    }
}

/// Places a listed folder in the tree.
pub fn to_folder(entry: &ListedFolder, total: u32, unread: u32) -> Folder {
    let (name, parent, depth) = match entry.delimiter.as_deref() {
        Some(delimiter) if entry.path.contains(delimiter) => {
            let depth = entry.path.matches(delimiter).count();
            let (parent, name) = entry
                .path
                .rsplit_once(delimiter)
                .unwrap_or(("", entry.path.as_str()));
            (
                name.to_owned(),
                (!parent.is_empty()).then(|| FolderPath(parent.to_owned())),
                u16::try_from(depth).unwrap_or(u16::MAX),
            )
        }
        _ => (entry.path.clone(), None, 0),
    };
    Folder {
        path: FolderPath(entry.path.clone()),
        name,
        parent,
        depth,
        role: entry.role,
        selectable: entry.selectable,
        unread,
        total,
        subscribed: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn roles_come_from_special_use_and_inbox() {
        let sent = listed_folder("Envoy&AOk-s", Some("/"), &[NameAttribute::Sent]);
        assert_eq!(sent.path, "Envoyés");
        assert_eq!(sent.role, Some(FolderRole::Sent));
        let inbox = listed_folder("inbox", Some("/"), &[]);
        assert_eq!(inbox.path, "INBOX");
        assert_eq!(inbox.role, Some(FolderRole::Inbox));
        let plain = listed_folder(
            "Projets",
            Some("/"),
            &[NameAttribute::Extension(Cow::Borrowed("\\HasChildren"))],
        );
        assert_eq!(plain.role, None);
        assert!(plain.selectable);
        let parent_only = listed_folder("Old", Some("/"), &[NameAttribute::NoSelect]);
        assert!(!parent_only.selectable);
    }

    #[test]
    fn hierarchy_follows_the_delimiter() {
        let entry = listed_folder("Projets/2026/Q1", Some("/"), &[]);
        let folder = to_folder(&entry, 5, 2);
        assert_eq!(folder.name, "Q1");
        assert_eq!(folder.parent, Some(FolderPath("Projets/2026".into())));
        assert_eq!(folder.depth, 2);
        assert_eq!((folder.total, folder.unread), (5, 2));
        let dotted = to_folder(&listed_folder("INBOX.Work", Some("."), &[]), 0, 0);
        assert_eq!(dotted.name, "Work");
        assert_eq!(dotted.parent, Some(FolderPath("INBOX".into())));
        let flat = to_folder(&listed_folder("A/B", None, &[]), 0, 0);
        assert_eq!((flat.name.as_str(), flat.depth), ("A/B", 0));
    }
}
