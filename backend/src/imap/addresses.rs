//! The correspondents of recent mail, for recipient suggestions: the ENVELOPE (from,
//! to, cc) of the newest messages of INBOX and Sent.

use super::connect::ImapSession;
use super::error::{folder_error, imap_error};
use super::mutf7;
use super::special_folders::find;
use crate::error::Result;
use crate::mime::headers::decoded_value;
use async_imap::imap_proto::Address as WireAddress;
use async_imap::types::Fetch;
use facteur_model::FolderPath;
use facteur_model::folder::FolderRole;
use facteur_model::message::Address;
use futures::TryStreamExt;

/// Newest messages read per folder.
pub const SCAN: u32 = 500;

/// The addresses of the newest [`SCAN`] messages of INBOX and Sent, newest first.
pub async fn recent_addresses(session: &mut ImapSession) -> Result<Vec<Address>> {
    let mut folders = vec![FolderPath::inbox()];
    if let Some(sent) = find(session, FolderRole::Sent).await? {
        folders.push(sent);
    }
    let mut found = Vec::new();
    for folder in folders {
        let mailbox = session
            .examine(mutf7::encode(folder.as_str()))
            .await
            .map_err(|e| folder_error(folder.as_str(), e))?;
        if mailbox.exists == 0 {
            continue;
        }
        let first = mailbox.exists.saturating_sub(SCAN - 1).max(1);
        let mut fetches: Vec<Fetch> = session
            .fetch(format!("{first}:{}", mailbox.exists), "(ENVELOPE)")
            .await
            .map_err(imap_error)?
            .try_collect()
            .await
            .map_err(imap_error)?;
        fetches.sort_by_key(|fetch| std::cmp::Reverse(fetch.message));
        for fetch in &fetches {
            let Some(envelope) = fetch.envelope() else {
                continue;
            };
            for list in [&envelope.from, &envelope.to, &envelope.cc]
                .into_iter()
                .flatten()
            {
                found.extend(list.iter().filter_map(address));
            }
        }
    }
    Ok(found)
}

/// One ENVELOPE address; `None` for group markers and addresses without a host.
pub fn address(wire: &WireAddress<'_>) -> Option<Address> {
    let mailbox = String::from_utf8_lossy(wire.mailbox.as_deref()?).into_owned();
    let host = String::from_utf8_lossy(wire.host.as_deref()?).into_owned();
    if mailbox.is_empty() || host.is_empty() {
        return None;
    }
    let name = wire
        .name
        .as_deref()
        .map(|raw| {
            // The parser reads a header value up to its line end.
            let mut line = raw.to_vec();
            line.extend_from_slice(b"\r\n");
            decoded_value(&line)
        })
        .filter(|name| !name.is_empty());
    Some(Address {
        name,
        email: format!("{mailbox}@{host}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn envelope_addresses_are_decoded() {
        let wire = WireAddress {
            name: Some(Cow::Borrowed(b"=?UTF-8?B?SMOpbMOobmU=?= Ebrard")),
            adl: None,
            mailbox: Some(Cow::Borrowed(b"helene")),
            host: Some(Cow::Borrowed(b"example.test")),
        };
        let found = address(&wire).unwrap();
        assert_eq!(found.name.as_deref(), Some("Hélène Ebrard"));
        assert_eq!(found.email, "helene@example.test");
        let group = WireAddress {
            name: None,
            adl: None,
            mailbox: Some(Cow::Borrowed(b"undisclosed-recipients")),
            host: None,
        };
        assert_eq!(address(&group), None);
    }
}
