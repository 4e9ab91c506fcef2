//! The bridge's URLs, built in one place so the UI never writes one by hand.

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

/// `/api/folders/{folder}/flags`
pub fn flags(folder: &FolderPath) -> String {
    format!("{}/flags", folder_base(folder))
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
    }
}
