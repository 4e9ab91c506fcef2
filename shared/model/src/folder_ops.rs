//! Changing folders and moving messages between them: request and response bodies.
//!
//! The routes are in [`crate::routes`].

use crate::{FolderPath, Uid};
use serde::{Deserialize, Serialize};

/// `POST /api/folders`: a new folder, by full path or by parent and name.
///
/// With `path`, the path is used as given (the hierarchy delimiter of the server inside it
/// makes a nested folder). With `name`, the folder is made under `parent` (or at the top
/// level), and `name` must not contain the delimiter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateFolder {
    #[serde(default)]
    pub path: Option<FolderPath>,
    #[serde(default)]
    pub parent: Option<FolderPath>,
    #[serde(default)]
    pub name: Option<String>,
}

/// `POST /api/folders/{folder}/rename`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenameFolder {
    pub new_path: FolderPath,
}

/// What the bridge did to a folder: its path now (created or renamed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderChanged {
    pub path: FolderPath,
}

/// `DELETE /api/folders/{folder}?messages=`: what to do with the messages still inside.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NonEmptyFolder {
    /// Refuse with `folder_not_empty` (and the count) when the folder holds messages.
    #[default]
    Refuse,
    /// Move them to the Trash folder first (safely: MOVE, or COPY then UID EXPUNGE).
    MoveToTrash,
    /// Destroy them with the folder: only when the user explicitly chose it.
    Destroy,
}

/// The answer to a folder deletion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderDeleted {
    pub path: FolderPath,
    /// Messages moved to the Trash before the deletion (`move_to_trash`).
    pub moved_to_trash: u32,
    /// Messages destroyed with the folder (`destroy`).
    pub destroyed: u32,
}

/// `POST /api/folders/{folder}/subscription`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub subscribed: bool,
}

/// `POST /api/folders/{folder}/move` and `/copy`: messages of `{folder}` to `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    pub uids: Vec<Uid>,
    pub to: FolderPath,
}

/// How the server carried a move or a copy out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferMethod {
    /// One atomic UID MOVE (RFC 6851).
    Move,
    /// UID COPY, then `\Deleted` and UID EXPUNGE of exactly those UIDs (RFC 4315).
    CopyExpunge,
    /// UID COPY only: a copy (as asked), or a move the server cannot finish safely, in
    /// which case the originals stay where they were and `note` says so.
    CopyOnly,
}

/// The answer to a move or a copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferResult {
    /// Messages moved (for `/move`): gone from the source, present in the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved: Option<u32>,
    /// Messages copied (for `/copy`, or a move that could only copy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copied: Option<u32>,
    pub method: TransferMethod,
    /// UIDs asked for that were no longer in the folder (moved or deleted elsewhere):
    /// harmless, reported for the curious.
    pub already_gone: u32,
    /// Something the user should know, e.g. that the originals could not be removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `GET /api/folders/{folder}/messages/{uid}/text`: the plain text of a message, for
/// rules that test the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageText {
    pub uid: Uid,
    /// The text body (or the HTML body turned to text), at most [`MAX_TEXT_BYTES`].
    pub text: String,
    /// Whether the text was cut at [`MAX_TEXT_BYTES`] (or the message at the fetch limit).
    pub truncated: bool,
}

/// Most bytes of body text the bridge hands over for rules.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// `GET /api/folders/{folder}/messages/{uid}/headers`: every header field of a message,
/// decoded, in order, for rules that test any named header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageHeaders {
    pub uid: Uid,
    pub headers: Vec<HeaderField>,
    /// Whether fields were left out to stay within [`MAX_HEADER_BYTES`].
    pub truncated: bool,
}

/// One header field: its name as written, its value decoded (RFC 2047 resolved, lines
/// unfolded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeaderField {
    pub name: String,
    pub value: String,
}

/// Most bytes of header names and values the bridge hands over for one message.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_are_stable() {
        let result = TransferResult {
            moved: Some(2),
            copied: None,
            method: TransferMethod::CopyExpunge,
            already_gone: 1,
            note: None,
        };
        let value = serde_json::to_value(&result).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"moved": 2, "method": "copy_expunge", "already_gone": 1})
        );
        let policy: NonEmptyFolder = serde_json::from_str("\"move_to_trash\"").unwrap();
        assert_eq!(policy, NonEmptyFolder::MoveToTrash);
        let create: CreateFolder =
            serde_json::from_str(r#"{"parent": "Projets", "name": "Réunions"}"#).unwrap();
        assert_eq!(create.path, None);
        assert_eq!(create.name.as_deref(), Some("Réunions"));
    }
}
