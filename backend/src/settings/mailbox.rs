//! The settings as a message in the folder `Facteur`, for servers without METADATA: one
//! message, subject "Facteur settings", the document as a JSON attachment. A save
//! appends the new message first, then removes the old ones by UID (UID EXPUNGE of
//! exactly those with UIDPLUS; without it they stay flagged `\Deleted` and are ignored),
//! so a failure half-way leaves a readable version behind.

use crate::error::{Error, Result};
use crate::imap::ImapSession;
use crate::imap::capabilities::features;
use crate::imap::error::imap_error;
use crate::imap::folder_admin::{create_path, subscribe};
use crate::imap::messages::uid_set;
use crate::imap::raw;
use base64::Engine as _;
use futures::TryStreamExt;
use mail_parser::{MessageParser, MimeHeaders};

/// The folder holding the settings message.
pub const FOLDER: &str = "Facteur";
/// The subject of the settings message.
pub const SUBJECT: &str = "Facteur settings";
const FILE_NAME: &str = "facteur-settings.json";

/// What the folder holds now.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The newest settings document.
    pub bytes: Option<Vec<u8>>,
    /// UIDs of every settings message not yet flagged `\Deleted`, to remove on save.
    pub uids: Vec<u32>,
}

/// Reads the newest settings message.
pub async fn load(session: &mut ImapSession) -> Result<Loaded> {
    // No folder, no settings yet.
    if session.examine(FOLDER).await.is_err() {
        return Ok(Loaded::default());
    }
    let mut uids: Vec<u32> = session
        .uid_search("NOT DELETED")
        .await
        .map_err(imap_error)?
        .into_iter()
        .collect();
    uids.sort_unstable();
    let Some(newest) = uids.last().copied() else {
        return Ok(Loaded::default());
    };
    let fetches: Vec<_> = session
        .uid_fetch(newest.to_string(), "(UID BODY.PEEK[])")
        .await
        .map_err(imap_error)?
        .try_collect()
        .await
        .map_err(imap_error)?;
    let bytes = fetches
        .iter()
        .find(|fetch| fetch.uid == Some(newest))
        .and_then(|fetch| fetch.body())
        .and_then(settings_from_message);
    Ok(Loaded { bytes, uids })
}

/// Appends the new version, then removes `old`.
pub async fn store(
    session: &mut ImapSession,
    bytes: &[u8],
    old: &[u32],
    account_email: &str,
) -> Result<()> {
    match create_path(session, FOLDER).await {
        Ok(()) => {
            let _ = subscribe(session, FOLDER, true).await;
        }
        Err(Error::FolderExists(_)) => {}
        Err(other) => return Err(other),
    }
    let date = chrono::Utc::now().to_rfc2822();
    let message = settings_message(bytes, &date, account_email);
    // Through our own literal writer: async-imap's APPEND splits the command line, which
    // Dovecot answers, for large literals, by never sending the go-ahead.
    raw::run_with_literal(session, &format!("APPEND {FOLDER} (\\Seen) "), &message, "")
        .await?
        .ok()?;
    if old.is_empty() {
        return Ok(());
    }
    let uidplus = features(session).await?.uidplus;
    session.select(FOLDER).await.map_err(imap_error)?;
    let set = uid_set(old);
    raw::run(
        session,
        &format!("UID STORE {set} +FLAGS.SILENT (\\Deleted)"),
    )
    .await?
    .ok()?;
    if uidplus {
        raw::run(session, &format!("UID EXPUNGE {set}"))
            .await?
            .ok()?;
    }
    Ok(())
}

/// The settings message: a short explanation for whoever opens it in another client,
/// and the document as a base64 JSON attachment.
pub fn settings_message(json: &[u8], date: &str, account_email: &str) -> Vec<u8> {
    let boundary = format!("facteur-{}", &super::revision(Some(json))[..16]);
    let encoded = base64::engine::general_purpose::STANDARD.encode(json);
    let mut body = String::with_capacity(encoded.len() + 1024);
    let header_address: String = account_email
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>'))
        .collect();
    body.push_str(&format!(
        "From: Facteur <{header_address}>\r\nTo: <{header_address}>\r\n\
         Subject: {SUBJECT}\r\nDate: {date}\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         This message holds the settings of Facteur (rules, view settings).\r\n\
         Facteur reads and replaces it; please leave it in this folder.\r\n\r\n\
         --{boundary}\r\nContent-Type: application/json; name=\"{FILE_NAME}\"\r\n\
         Content-Disposition: attachment; filename=\"{FILE_NAME}\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n"
    ));
    for line in encoded.as_bytes().chunks(76) {
        body.push_str(&String::from_utf8_lossy(line));
        body.push_str("\r\n");
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    body.into_bytes()
}

/// The JSON document of a settings message, if it is one.
pub fn settings_from_message(raw: &[u8]) -> Option<Vec<u8>> {
    let message = MessageParser::default().parse(raw)?;
    message.attachments().find_map(|part| {
        let json = part.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("application")
                && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("json"))
        });
        json.then(|| part.contents().to_vec())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_survives_the_message() {
        let json = "{\"rules\":[{\"name\":\"Notes à moi-même\"}],\"pad\":\"".to_owned()
            + &"x".repeat(300)
            + "\"}";
        let raw = settings_message(
            json.as_bytes(),
            "Mon, 2 Mar 2026 10:00:00 +0000",
            "test1@example.test",
        );
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(text.contains("Subject: Facteur settings\r\n"));
        assert!(text.lines().all(|line| line.len() <= 998));
        assert_eq!(settings_from_message(&raw), Some(json.into_bytes()));
        assert_eq!(
            settings_from_message(b"Subject: hello\r\n\r\nno json"),
            None
        );
    }

    #[test]
    fn a_hostile_address_cannot_inject_headers() {
        let raw = settings_message(b"{}", "d", "a@b>\r\nBcc: x@y");
        let text = String::from_utf8(raw).unwrap();
        assert!(!text.contains("\r\nBcc:"));
    }
}
