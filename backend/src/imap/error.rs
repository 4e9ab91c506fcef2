//! Turning async-imap's errors into the bridge's.

use crate::error::Error;
use crate::transport::dial::io_error;
use async_imap::error::Error as ImapError;

/// Maps an error of an IMAP command.
pub fn imap_error(error: ImapError) -> Error {
    match error {
        ImapError::Io(e) => io_error(&e),
        ImapError::No(text) | ImapError::Bad(text) => Error::ServerRefused(text),
        ImapError::ConnectionLost => {
            Error::ConnectionLost("the server closed the connection".into())
        }
        ImapError::Parse(e) => Error::Protocol(e.to_string()),
        ImapError::Validate(e) => Error::InvalidInput(e.to_string()),
        ImapError::Append => Error::ServerRefused("APPEND refused".into()),
        other => Error::Protocol(other.to_string()),
    }
}

/// Maps an error of SELECT/EXAMINE/STATUS, where NO means the folder is not there.
pub fn folder_error(folder: &str, error: ImapError) -> Error {
    match error {
        ImapError::No(_) => Error::FolderNotFound(folder.to_owned()),
        other => imap_error(other),
    }
}
