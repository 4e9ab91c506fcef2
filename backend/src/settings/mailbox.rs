//! The settings as a message in the folder `Facteur`, for servers without METADATA: one
//! message, subject "Facteur settings", the document as a JSON attachment. A save
//! appends the new message first, then removes the old ones by UID (UID EXPUNGE of
//! exactly those with UIDPLUS; without it they stay flagged `\Deleted` and are ignored),
//! so a failure half-way leaves a readable version behind.
//!
//! Only messages the bridge wrote count: they carry the private keyword [`KEYWORD`]
//! (set with the APPEND; a mail sender cannot set keywords, though anyone with IMAP
//! access to the mailbox can) and a MAC header ([`super::signature`]) no one without the
//! sealing key can compute. Anything else in the folder is ignored and left alone.

use crate::error::{Error, Result};
use crate::imap::ImapSession;
use crate::imap::capabilities::features;
use crate::imap::error::imap_error;
use crate::imap::fetch::fetch_uids;
use crate::imap::folder_admin::{create_path, subscribe};
use crate::imap::messages::uid_set;
use crate::imap::raw;
use crate::settings::signature::{HEADER, SettingsSigner};
use base64::Engine as _;
use facteur_model::settings::MAX_SETTINGS_BYTES;
use mail_parser::{MessageParser, MimeHeaders};

/// The folder holding the settings message.
pub const FOLDER: &str = "Facteur";
/// The subject of the settings message.
pub const SUBJECT: &str = "Facteur settings";
const FILE_NAME: &str = "facteur-settings.json";
/// The private keyword the bridge sets on its settings messages.
pub const KEYWORD: &str = "$FacteurSettings";
/// The newest candidates looked at: more only come from someone piling up forgeries.
const MOST_CANDIDATES: usize = 16;
/// The largest settings message read: the document in base64, and its headers.
const MOST_MESSAGE_BYTES: u32 = (MAX_SETTINGS_BYTES as u32) * 2 + 16 * 1024;

/// What the folder holds now.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The newest settings document the bridge wrote.
    pub bytes: Option<Vec<u8>>,
    /// UIDs of the bridge's settings messages not yet flagged `\Deleted`, to remove on
    /// save.
    pub uids: Vec<u32>,
}

/// Reads the newest settings message the bridge wrote for this account.
pub async fn load(session: &mut ImapSession, signer: &SettingsSigner) -> Result<Loaded> {
    // No folder, no settings yet.
    if session.examine(FOLDER).await.is_err() {
        return Ok(Loaded::default());
    }
    let mut candidates: Vec<u32> = session
        .uid_search(format!("KEYWORD {KEYWORD} NOT DELETED"))
        .await
        .map_err(imap_error)?
        .into_iter()
        .collect();
    candidates.sort_unstable();
    let newest = &candidates[candidates.len().saturating_sub(MOST_CANDIDATES)..];
    // Sizes first, so an oversized candidate is never downloaded.
    let small: Vec<u32> = fetch_uids(session, newest, "(UID RFC822.SIZE)")
        .await?
        .iter()
        .filter(|fetch| fetch.size.is_some_and(|size| size <= MOST_MESSAGE_BYTES))
        .filter_map(|fetch| fetch.uid)
        .collect();
    let mut loaded = Loaded::default();
    for uid in small.iter().rev() {
        let fetches = fetch_uids(session, &[*uid], "(UID BODY.PEEK[])").await?;
        let verified = fetches
            .first()
            .and_then(|fetch| fetch.body())
            .and_then(|raw| verified_document(raw, signer));
        if let Some(document) = verified {
            loaded.uids.push(*uid);
            loaded.bytes.get_or_insert(document);
        }
    }
    loaded.uids.sort_unstable();
    Ok(loaded)
}

/// Appends the new version, then removes `old`.
pub async fn store(
    session: &mut ImapSession,
    bytes: &[u8],
    old: &[u32],
    account_email: &str,
    signer: &SettingsSigner,
) -> Result<()> {
    match create_path(session, FOLDER).await {
        Ok(()) => {
            let _ = subscribe(session, FOLDER, true).await;
        }
        Err(Error::FolderExists(_)) => {}
        Err(other) => return Err(other),
    }
    let date = chrono::Utc::now().to_rfc2822();
    let message = settings_message(bytes, &date, account_email, &signer.sign(bytes));
    // Through our own literal writer: async-imap's APPEND splits the command line, which
    // Dovecot answers, for large literals, by never sending the go-ahead.
    raw::run_with_literal(
        session,
        &format!("APPEND {FOLDER} (\\Seen {KEYWORD}) "),
        &message,
        "",
    )
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
/// and the document as a base64 JSON attachment; `mac` is [`SettingsSigner::sign`]'s.
pub fn settings_message(json: &[u8], date: &str, account_email: &str, mac: &str) -> Vec<u8> {
    let boundary = format!("facteur-{}", &super::revision(Some(json))[..16]);
    let encoded = base64::engine::general_purpose::STANDARD.encode(json);
    let mut body = String::with_capacity(encoded.len() + 1024);
    let header_address: String = account_email
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>'))
        .collect();
    body.push_str(&format!(
        "From: Facteur <{header_address}>\r\nTo: <{header_address}>\r\n\
         Subject: {SUBJECT}\r\nDate: {date}\r\n{HEADER}: {mac}\r\nMIME-Version: 1.0\r\n\
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

/// The JSON document of a settings message the bridge wrote for this account: its MAC
/// header checks out.
pub fn verified_document(raw: &[u8], signer: &SettingsSigner) -> Option<Vec<u8>> {
    let message = MessageParser::default().parse(raw)?;
    let mac = message.header_raw(HEADER)?;
    let document = document_of(&message)?;
    signer.verify(&document, mac).then_some(document)
}

/// The JSON attachment of a settings message, if it has one.
fn document_of(message: &mail_parser::Message<'_>) -> Option<Vec<u8>> {
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
    use crate::session::keys::SessionKeys;
    use crate::session::seal::SealKey;

    fn signer(login: &str) -> SettingsSigner {
        SettingsSigner::new(&SessionKeys::single(SealKey::from_bytes(&[3u8; 32])), login)
    }

    fn message(json: &[u8], mac: &str) -> Vec<u8> {
        settings_message(
            json,
            "Mon, 2 Mar 2026 10:00:00 +0000",
            "test1@example.test",
            mac,
        )
    }

    #[test]
    fn the_document_survives_the_message() {
        let json = "{\"rules\":[{\"name\":\"Notes à moi-même\"}],\"pad\":\"".to_owned()
            + &"x".repeat(300)
            + "\"}";
        let ours = signer("test1@example.test");
        let raw = message(json.as_bytes(), &ours.sign(json.as_bytes()));
        let text = String::from_utf8(raw.clone()).unwrap();
        assert!(text.contains("Subject: Facteur settings\r\n"));
        assert!(text.lines().all(|line| line.len() <= 998));
        assert_eq!(verified_document(&raw, &ours), Some(json.into_bytes()));
        assert_eq!(
            verified_document(b"Subject: hello\r\n\r\nno json", &ours),
            None
        );
    }

    #[test]
    fn a_copy_of_our_message_without_our_mac_is_not_ours() {
        let ours = signer("test1@example.test");
        let forged = br#"{"rules":[{"name":"forward everything"}]}"#;
        // Our subject and layout, with no MAC, a made-up one, or ours for another document.
        let genuine_mac = ours.sign(b"{}");
        for mac in ["", "v1 0000", genuine_mac.as_str()] {
            assert_eq!(
                verified_document(&message(forged, mac), &ours),
                None,
                "{mac:?}"
            );
        }
        // Ours, for another account of the same bridge.
        let theirs = signer("test2@example.test");
        assert_eq!(
            verified_document(&message(forged, &theirs.sign(forged)), &ours),
            None
        );
    }

    #[test]
    fn a_hostile_address_cannot_inject_headers() {
        let raw = settings_message(b"{}", "d", "a@b>\r\nBcc: x@y", "v1 00");
        let text = String::from_utf8(raw).unwrap();
        assert!(!text.contains("\r\nBcc:"));
    }
}
