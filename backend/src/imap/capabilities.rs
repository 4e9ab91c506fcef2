//! What the server can do, from CAPABILITY, for the commands that have safer or richer
//! forms on servers that offer them.

use super::connect::ImapSession;
use super::error::imap_error;
use crate::error::Result;

/// The capabilities the bridge chooses between commands by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Features {
    /// UID MOVE (RFC 6851).
    pub moves: bool,
    /// UID EXPUNGE and COPYUID (RFC 4315).
    pub uidplus: bool,
    /// GETMETADATA / SETMETADATA on server annotations (RFC 5464).
    pub metadata: bool,
    /// UNSELECT (RFC 3691): leave a folder without expunging.
    pub unselect: bool,
    /// Conditional STORE (RFC 7162), which lets concurrent movers claim messages.
    pub condstore: bool,
}

impl Features {
    /// From capability names as the server sent them.
    pub fn from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Features {
        let mut features = Features::default();
        for name in names {
            match name.to_ascii_uppercase().as_str() {
                "MOVE" => features.moves = true,
                "UIDPLUS" => features.uidplus = true,
                // METADATA-SERVER offers server annotations only, which is all we use.
                "METADATA" | "METADATA-SERVER" => features.metadata = true,
                "UNSELECT" => features.unselect = true,
                "CONDSTORE" | "QRESYNC" => features.condstore = true,
                _ => {}
            }
        }
        features
    }
}

/// Asks the server (once per operation: capabilities may change after login only).
pub async fn features(session: &mut ImapSession) -> Result<Features> {
    let capabilities = session.capabilities().await.map_err(imap_error)?;
    let names: Vec<String> = capabilities
        .iter()
        .filter_map(|capability| match capability {
            async_imap::types::Capability::Atom(atom) => Some(atom.to_string()),
            _ => None,
        })
        .collect();
    Ok(Features::from_names(names.iter().map(String::as_str)))
}

/// Leaves the selected folder without expunging anything (never CLOSE, which would
/// destroy every message flagged `\Deleted`, other clients' included), so the folder
/// can be renamed or deleted without the server dropping the connection.
pub async fn leave_folder(session: &mut ImapSession, features: Features) -> Result<()> {
    if features.unselect {
        // BAD when nothing is selected: nothing to leave then.
        let _ = super::raw::run(session, "UNSELECT").await?;
    } else {
        session.examine("INBOX").await.map_err(imap_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_come_from_capability_names() {
        let dovecot = Features::from_names([
            "IMAP4rev1",
            "UIDPLUS",
            "MOVE",
            "METADATA",
            "UNSELECT",
            "QRESYNC",
        ]);
        assert_eq!(
            dovecot,
            Features {
                moves: true,
                uidplus: true,
                metadata: true,
                unselect: true,
                condstore: true,
            }
        );
        let old = Features::from_names(["IMAP4rev1", "uidplus"]);
        assert!(old.uidplus && !old.moves && !old.metadata && !old.condstore);
    }
}
