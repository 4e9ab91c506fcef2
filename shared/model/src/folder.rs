//! Folders (IMAP mailboxes) as the browser sees them.

use crate::FolderPath;
use serde::{Deserialize, Serialize};

/// What a folder is for, from the server's SPECIAL-USE attributes (RFC 6154) or `INBOX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FolderRole {
    Inbox,
    Drafts,
    Sent,
    Trash,
    Junk,
    Archive,
    All,
    Flagged,
}

impl FolderRole {
    /// Where folders with this role sort in the folder list: the inbox first, the bin last.
    pub fn rank(self) -> u8 {
        match self {
            FolderRole::Inbox => 0,
            FolderRole::Flagged => 1,
            FolderRole::Drafts => 2,
            FolderRole::Sent => 3,
            FolderRole::Archive => 4,
            FolderRole::All => 5,
            FolderRole::Junk => 6,
            FolderRole::Trash => 7,
        }
    }
}

/// One folder of the account, with its place in the hierarchy and its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    /// Full server name, used to address the folder in every request.
    pub path: FolderPath,
    /// The last component of the path, for display.
    pub name: String,
    /// The parent's path, if the folder is nested.
    pub parent: Option<FolderPath>,
    /// Nesting depth: 0 for top-level folders.
    pub depth: u16,
    /// The special-use role, if any.
    pub role: Option<FolderRole>,
    /// Whether messages can be listed in it (`\Noselect` folders only hold others).
    pub selectable: bool,
    /// Messages not yet read.
    pub unread: u32,
    /// All messages.
    pub total: u32,
    /// Whether the folder is in the account's subscription list (LSUB).
    #[serde(default = "subscribed_by_default")]
    pub subscribed: bool,
}

/// Folders listed by a bridge that did not say are taken as subscribed.
fn subscribed_by_default() -> bool {
    true
}

/// Orders folders for display: by role rank (role folders first), then as a tree in
/// case-insensitive name order, every child right after its parent.
pub fn display_order(folders: &mut [Folder]) {
    fn key(folder: &Folder) -> (u8, String) {
        let rank = folder.role.map_or(u8::MAX, FolderRole::rank);
        (rank, folder.path.as_str().to_lowercase())
    }
    // Top-level role folders go first; everything else keeps tree order by path, which
    // puts each child after its parent because a child's path extends its parent's.
    folders.sort_by(|a, b| {
        let a_top = if a.depth == 0 {
            key(a)
        } else {
            (u8::MAX, a.path.as_str().to_lowercase())
        };
        let b_top = if b.depth == 0 {
            key(b)
        } else {
            (u8::MAX, b.path.as_str().to_lowercase())
        };
        a_top.cmp(&b_top)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(path: &str, depth: u16, role: Option<FolderRole>) -> Folder {
        Folder {
            path: FolderPath(path.into()),
            name: path.rsplit('/').next().unwrap().into(),
            parent: None,
            depth,
            role,
            selectable: true,
            unread: 0,
            total: 0,
            subscribed: true,
        }
    }

    #[test]
    fn role_folders_come_first_then_the_tree() {
        let mut folders = vec![
            folder("Trash", 0, Some(FolderRole::Trash)),
            folder("Projets", 0, None),
            folder("Projets/2026", 1, None),
            folder("INBOX", 0, Some(FolderRole::Inbox)),
            folder("archives", 0, None),
            folder("Sent", 0, Some(FolderRole::Sent)),
        ];
        display_order(&mut folders);
        let order: Vec<_> = folders.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            order,
            [
                "INBOX",
                "Sent",
                "Trash",
                "archives",
                "Projets",
                "Projets/2026"
            ]
        );
    }
}
