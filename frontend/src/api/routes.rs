//! The bridge's URLs, built in one place so the UI never writes one by hand.

use facteur_model::folder_ops::NonEmptyFolder;
use facteur_model::{FolderPath, Uid};

/// Whether the sanitized HTML body may load remote images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImagePolicy {
    Blocked,
    Shown,
}

impl ImagePolicy {
    fn query_value(self) -> &'static str {
        match self {
            ImagePolicy::Blocked => "blocked",
            ImagePolicy::Shown => "shown",
        }
    }
}

/// `/api/session`
pub fn session() -> String {
    "/api/session".to_owned()
}

/// `/api/folders`
pub fn folders() -> String {
    "/api/folders".to_owned()
}

/// `/api/folders/{folder}` (DELETE), with what to do about the messages still inside.
pub fn folder(folder: &FolderPath, messages: NonEmptyFolder) -> String {
    let policy = match messages {
        NonEmptyFolder::Refuse => "refuse",
        NonEmptyFolder::MoveToTrash => "move_to_trash",
        NonEmptyFolder::Destroy => "destroy",
    };
    format!("{}?messages={policy}", folder_base(folder))
}

/// `/api/folders/{folder}/rename`
pub fn rename_folder(folder: &FolderPath) -> String {
    format!("{}/rename", folder_base(folder))
}

/// `/api/folders/{folder}/subscription`
pub fn subscription(folder: &FolderPath) -> String {
    format!("{}/subscription", folder_base(folder))
}

/// Whether a transfer moves or copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferKind {
    Move,
    Copy,
}

/// `/api/folders/{folder}/move` or `/copy`
pub fn transfer(folder: &FolderPath, kind: TransferKind) -> String {
    let verb = match kind {
        TransferKind::Move => "move",
        TransferKind::Copy => "copy",
    };
    format!("{}/{verb}", folder_base(folder))
}

/// `/api/folders/{folder}/messages?after=..&limit=..`: the messages above a UID, oldest
/// first.
pub fn messages_after(folder: &FolderPath, after: Uid, limit: u32) -> String {
    format!(
        "{}/messages?limit={limit}&after={}",
        folder_base(folder),
        after.0
    )
}

/// `/api/folders/{folder}/messages/{uid}/text`: the plain text, for body conditions.
pub fn message_text(folder: &FolderPath, uid: Uid) -> String {
    format!("{}/text", message(folder, uid))
}

/// `/api/folders/{folder}/messages/{uid}/headers`: every header field, for header
/// conditions.
pub fn message_headers(folder: &FolderPath, uid: Uid) -> String {
    format!("{}/headers", message(folder, uid))
}

/// `/api/settings`
pub fn settings() -> String {
    "/api/settings".to_owned()
}

/// `/api/sieve` (PUT), or `/api/sieve?port=..` (GET).
pub fn sieve(port: Option<u16>) -> String {
    match port {
        Some(port) => format!("/api/sieve?port={port}"),
        None => "/api/sieve".to_owned(),
    }
}

/// `/api/folders/{folder}/messages?before=..&limit=..`
pub fn messages(folder: &FolderPath, before: Option<Uid>, limit: u32) -> String {
    let base = format!("{}/messages?limit={limit}", folder_base(folder));
    match before {
        Some(uid) => format!("{base}&before={}", uid.0),
        None => base,
    }
}

/// `/api/folders/{folder}/messages/{uid}`
pub fn message(folder: &FolderPath, uid: Uid) -> String {
    format!("{}/messages/{}", folder_base(folder), uid.0)
}

/// `/api/folders/{folder}/messages/{uid}/body.html?images=..`, for the sandboxed iframe.
pub fn body_html(folder: &FolderPath, uid: Uid, images: ImagePolicy) -> String {
    format!(
        "{}/body.html?images={}",
        message(folder, uid),
        images.query_value()
    )
}

/// `/api/folders/{folder}/messages/{uid}/attachments/{index}`, a download link.
pub fn attachment(folder: &FolderPath, uid: Uid, index: u32) -> String {
    format!("{}/attachments/{index}", message(folder, uid))
}

/// `/api/folders/{folder}/messages/{uid}/delivery`: the delivery status of a sent message.
pub fn delivery(folder: &FolderPath, uid: Uid) -> String {
    format!("{}/delivery", message(folder, uid))
}

/// `/api/folders/{folder}/messages/{uid}/report`: the summary of a received report.
pub fn report(folder: &FolderPath, uid: Uid) -> String {
    format!("{}/report", message(folder, uid))
}

/// `/api/folders/{folder}/messages/{uid}/receipt`: answer a read-receipt request.
pub fn receipt(folder: &FolderPath, uid: Uid) -> String {
    format!("{}/receipt", message(folder, uid))
}

/// `/api/folders/{folder}/flags`
pub fn flags(folder: &FolderPath) -> String {
    format!("{}/flags", folder_base(folder))
}

/// `/api/setup/discover?email=`: the settings discovery finds for an address.
pub fn setup_discover(email: &str) -> String {
    format!(
        "{}?email={}",
        providers::setup_api::DISCOVER_PATH,
        path_segment(email)
    )
}

/// `/api/setup/test`: the connection test.
pub fn setup_test() -> String {
    providers::setup_api::CONNECTION_TEST_PATH.to_owned()
}

/// `/api/compose/capabilities`
pub fn compose_capabilities() -> String {
    "/api/compose/capabilities".to_owned()
}

/// `/api/uploads` (POST a file).
pub fn uploads() -> String {
    "/api/uploads".to_owned()
}

/// `/api/uploads/{id}` (DELETE).
pub fn upload(id: &str) -> String {
    format!("/api/uploads/{}", path_segment(id))
}

/// The `X-Facteur-Filename` header of an upload: the file name percent-encoded, since
/// header values are ASCII.
pub fn upload_filename(name: &str) -> String {
    path_segment(name)
}

/// `/api/drafts` (PUT).
pub fn drafts() -> String {
    "/api/drafts".to_owned()
}

/// `/api/folders/{folder}/messages/{uid}/draft`: a saved draft, to continue it.
pub fn draft(folder: &FolderPath, uid: Uid) -> String {
    format!("{}/draft", message(folder, uid))
}

/// `/api/send`
pub fn send() -> String {
    "/api/send".to_owned()
}

/// `/api/addresses?q=..&limit=..`: address suggestions for what was typed.
pub fn addresses(typed: &str, limit: u32) -> String {
    format!("/api/addresses?q={}&limit={limit}", path_segment(typed))
}

fn folder_base(folder: &FolderPath) -> String {
    format!("/api/folders/{}", path_segment(folder.as_str()))
}

/// Percent-encodes `text` as one path segment: everything but RFC 3986 unreserved bytes,
/// so a hierarchy delimiter (`/` or `.`-free names alike) never splits the segment.
fn path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> FolderPath {
        FolderPath(name.to_owned())
    }

    #[test]
    fn folder_paths_are_one_encoded_segment() {
        assert_eq!(
            messages(&folder("INBOX"), None, 50),
            "/api/folders/INBOX/messages?limit=50"
        );
        assert_eq!(
            messages(&folder("Projets/2026 été"), Some(Uid(42)), 50),
            "/api/folders/Projets%2F2026%20%C3%A9t%C3%A9/messages?limit=50&before=42"
        );
        assert_eq!(flags(&folder("a?b#c")), "/api/folders/a%3Fb%23c/flags");
    }

    #[test]
    fn folder_administration_urls() {
        let projects = folder("Projets/Été");
        assert_eq!(
            super::folder(&projects, NonEmptyFolder::MoveToTrash),
            "/api/folders/Projets%2F%C3%89t%C3%A9?messages=move_to_trash"
        );
        assert_eq!(
            super::folder(&projects, NonEmptyFolder::Refuse),
            "/api/folders/Projets%2F%C3%89t%C3%A9?messages=refuse"
        );
        assert_eq!(rename_folder(&folder("A")), "/api/folders/A/rename");
        assert_eq!(subscription(&folder("A")), "/api/folders/A/subscription");
        assert_eq!(
            transfer(&folder("INBOX"), TransferKind::Move),
            "/api/folders/INBOX/move"
        );
        assert_eq!(
            transfer(&folder("INBOX"), TransferKind::Copy),
            "/api/folders/INBOX/copy"
        );
        assert_eq!(
            messages_after(&folder("INBOX"), Uid(12), 200),
            "/api/folders/INBOX/messages?limit=200&after=12"
        );
        assert_eq!(
            message_text(&folder("INBOX"), Uid(3)),
            "/api/folders/INBOX/messages/3/text"
        );
        assert_eq!(
            message_headers(&folder("Listes/été"), Uid(3)),
            "/api/folders/Listes%2F%C3%A9t%C3%A9/messages/3/headers"
        );
        assert_eq!(sieve(Some(4190)), "/api/sieve?port=4190");
        assert_eq!(sieve(None), "/api/sieve");
        assert_eq!(settings(), "/api/settings");
    }

    #[test]
    fn message_urls() {
        let inbox = folder("INBOX");
        assert_eq!(message(&inbox, Uid(7)), "/api/folders/INBOX/messages/7");
        assert_eq!(
            body_html(&inbox, Uid(7), ImagePolicy::Blocked),
            "/api/folders/INBOX/messages/7/body.html?images=blocked"
        );
        assert_eq!(
            body_html(&inbox, Uid(7), ImagePolicy::Shown),
            "/api/folders/INBOX/messages/7/body.html?images=shown"
        );
        assert_eq!(
            attachment(&inbox, Uid(7), 2),
            "/api/folders/INBOX/messages/7/attachments/2"
        );
        let sent = folder("Sent");
        assert_eq!(
            delivery(&sent, Uid(4)),
            "/api/folders/Sent/messages/4/delivery"
        );
        assert_eq!(
            report(&inbox, Uid(5)),
            "/api/folders/INBOX/messages/5/report"
        );
        assert_eq!(
            receipt(&inbox, Uid(6)),
            "/api/folders/INBOX/messages/6/receipt"
        );
    }
}
