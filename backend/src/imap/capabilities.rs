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
    /// `SORT` (RFC 5256): the server orders search results.
    pub sort: bool,
    /// `SORT=DISPLAY` (RFC 5957): sort by the sender's display name.
    pub sort_display: bool,
    /// `LITERAL+` or `LITERAL-` (RFC 7888): literals without waiting for `+` (`LITERAL-`
    /// up to 4096 bytes, which a search value never passes).
    pub literal_plus: bool,
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
                "SORT" => features.sort = true,
                "SORT=DISPLAY" => features.sort_display = true,
                "LITERAL+" | "LITERAL-" => features.literal_plus = true,
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
            "sort",
            "SORT=DISPLAY",
            "LITERAL+",
        ]);
        assert_eq!(
            dovecot,
            Features {
                moves: true,
                uidplus: true,
                metadata: true,
                unselect: true,
                condstore: true,
                sort: true,
                sort_display: true,
                literal_plus: true,
            }
        );
        let old = Features::from_names(["IMAP4rev1", "uidplus", "THREAD=REFERENCES"]);
        assert!(old.uidplus && !old.moves && !old.metadata && !old.condstore);
        assert!(!old.sort && !old.sort_display && !old.literal_plus);
    }
}
