//! Names in the upload store: session directories, file ids, and the file name and type
//! a browser declared, cleaned.

use crate::error::{Error, Result};
use crate::mime::download::safe_filename;
use crate::security::limit_keys::LoginKey;
use crate::session::SessionId;
use facteur_model::compose::UploadId;

/// Hex digits of a file id (128 random bits).
const ID_DIGITS: usize = 32;

/// The directory name of a session: a hash of its id, so the id never appears on disk.
pub fn session_dir_name(session: SessionId) -> String {
    let id = serde_json::to_string(&session).unwrap_or_default();
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        format!("facteur-uploads:{id}").as_bytes(),
    );
    hex(&digest.as_ref()[..16])
}

/// The directory name of an account: a hash of its login name (folded as the rate limits
/// fold it) and its IMAP server, so every session of one mail account shares it.
pub fn account_dir_name(login: &str, imap_host: &str, imap_port: u16) -> String {
    let login = LoginKey::of(login);
    let host = imap_host.trim().trim_end_matches('.').to_ascii_lowercase();
    let digest = ring::digest::digest(
        &ring::digest::SHA256,
        format!(
            "facteur-uploads-account:{}\n{host}\n{imap_port}",
            login.as_str()
        )
        .as_bytes(),
    );
    hex(&digest.as_ref()[..16])
}

/// A fresh unguessable file id.
pub fn random_id() -> Result<UploadId> {
    let mut bytes = [0u8; ID_DIGITS / 2];
    getrandom::fill(&mut bytes).map_err(|e| Error::internal("randomness", e.to_string()))?;
    Ok(UploadId(hex(&bytes)))
}

/// Whether `id` has the shape of an id we made (and so is safe in a path).
pub fn is_valid_id(id: &UploadId) -> bool {
    id.0.len() == ID_DIGITS
        && id
            .0
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The declared file name, without path parts or control characters; `attachment` when
/// nothing is left.
pub fn clean_filename(name: &str) -> String {
    // Browsers on Windows may send a whole path: keep its last part.
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    safe_filename(last)
}

/// The declared type as `type/subtype` (lower case, parameters dropped), or
/// `application/octet-stream` when it is missing or malformed.
pub fn clean_content_type(declared: &str) -> String {
    let essence = declared
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let token = |s: &str| {
        !s.is_empty()
            && s.len() <= 100
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    match essence.split_once('/') {
        Some((kind, sub)) if token(kind) && token(sub) => essence,
        _ => "application/octet-stream".to_owned(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_random_and_well_formed() {
        let a = random_id().unwrap();
        let b = random_id().unwrap();
        assert_ne!(a, b);
        assert!(is_valid_id(&a));
        assert!(!is_valid_id(&UploadId("../x".into())));
        assert!(!is_valid_id(&UploadId(a.0.to_ascii_uppercase())));
    }

    #[test]
    fn session_dirs_differ_and_hide_the_id() {
        let one = SessionId::random().unwrap();
        let two = SessionId::random().unwrap();
        assert_ne!(session_dir_name(one), session_dir_name(two));
        assert_eq!(session_dir_name(one), session_dir_name(one));
        let raw = serde_json::to_string(&one).unwrap();
        assert!(!session_dir_name(one).contains(raw.trim_matches('"')));
    }

    #[test]
    fn an_account_dir_is_shared_by_spellings_of_the_same_login() {
        let dir = account_dir_name("demo@example.test", "mail.example.test", 993);
        assert_eq!(
            dir,
            account_dir_name(" Demo@Example.test ", "Mail.Example.TEST.", 993)
        );
        // Another login, server or port is another account.
        for (login, host, port) in [
            ("demo2@example.test", "mail.example.test", 993),
            ("demo@example.test", "other.example.test", 993),
            ("demo@example.test", "mail.example.test", 143),
        ] {
            assert_ne!(
                dir,
                account_dir_name(login, host, port),
                "{login} {host}:{port}"
            );
        }
        assert!(!dir.contains("demo"));
    }

    #[test]
    fn declared_names_and_types_are_cleaned() {
        assert_eq!(
            clean_filename("C:\\Users\\zoé\\Photo été.jpg"),
            "Photo été.jpg"
        );
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("a\r\nb.txt"), "a__b.txt");
        assert_eq!(clean_filename(""), "attachment");
        assert_eq!(clean_content_type("Image/PNG; x=y"), "image/png");
        assert_eq!(
            clean_content_type("text/html\r\nX-Evil: 1"),
            "application/octet-stream"
        );
        assert_eq!(clean_content_type(""), "application/octet-stream");
    }
}
