//! Typed URL builders: one function per route, filling the route's template with
//! encoded parameters and giving its method with the URL.

use super::{Method, Route};
use crate::folder_ops::NonEmptyFolder;
use crate::message::ImagePolicy;
use crate::search_results::{SearchRequest, SearchScope};
use crate::{FolderPath, Uid};

impl Route {
    /// A call of this route: its template with `params` (already encoded) in the order
    /// they appear, then `query` (empty, or starting with `?`).
    pub(super) fn call(self, params: &[&str], query: &str) -> Call {
        let template = self.template();
        let mut url = String::with_capacity(template.len() + query.len() + 16);
        let mut params = params.iter();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            url.push_str(&rest[..open]);
            url.push_str(params.next().copied().unwrap_or_default());
            rest = rest[open..].split_once('}').map_or("", |(_, after)| after);
        }
        url.push_str(rest);
        url.push_str(query);
        Call {
            method: self.method(),
            url,
        }
    }
}

/// A request to make: the route's method and the filled URL (path and query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub method: Method,
    pub url: String,
}

/// `POST /api/session`
pub fn sign_in() -> Call {
    Route::SignIn.call(&[], "")
}

/// `GET /api/session`
pub fn current_session() -> Call {
    Route::CurrentSession.call(&[], "")
}

/// `DELETE /api/session`
pub fn sign_out() -> Call {
    Route::SignOut.call(&[], "")
}

/// `GET /api/folders`
pub fn list_folders() -> Call {
    Route::ListFolders.call(&[], "")
}

/// `POST /api/folders`
pub fn create_folder() -> Call {
    Route::CreateFolder.call(&[], "")
}

/// `DELETE /api/folders/{folder}?messages=`, with what to do about the messages inside.
pub fn delete_folder(folder: &FolderPath, messages: NonEmptyFolder) -> Call {
    let policy = match messages {
        NonEmptyFolder::Refuse => "refuse",
        NonEmptyFolder::MoveToTrash => "move_to_trash",
        NonEmptyFolder::Destroy => "destroy",
    };
    on_folder(Route::DeleteFolder, folder, &format!("?messages={policy}"))
}

/// `POST /api/folders/{folder}/rename`
pub fn rename_folder(folder: &FolderPath) -> Call {
    on_folder(Route::RenameFolder, folder, "")
}

/// `POST /api/folders/{folder}/subscription`
pub fn subscription(folder: &FolderPath) -> Call {
    on_folder(Route::Subscription, folder, "")
}

/// Whether a transfer moves or copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferKind {
    Move,
    Copy,
}

/// `POST /api/folders/{folder}/move` or `/copy`
pub fn transfer(folder: &FolderPath, kind: TransferKind) -> Call {
    let route = match kind {
        TransferKind::Move => Route::MoveMessages,
        TransferKind::Copy => Route::CopyMessages,
    };
    on_folder(route, folder, "")
}

/// `GET /api/folders/{folder}/messages?limit=..&before=..`: a page, newest first.
pub fn messages(folder: &FolderPath, before: Option<Uid>, limit: u32) -> Call {
    let query = match before {
        Some(uid) => format!("?limit={limit}&before={}", uid.0),
        None => format!("?limit={limit}"),
    };
    on_folder(Route::ListMessages, folder, &query)
}

/// `GET /api/folders/{folder}/messages?limit=..&after=..`: the messages above a UID,
/// oldest first.
pub fn messages_after(folder: &FolderPath, after: Uid, limit: u32) -> Call {
    let query = format!("?limit={limit}&after={}", after.0);
    on_folder(Route::ListMessages, folder, &query)
}

/// `GET /api/folders/{folder}/messages/{uid}`
pub fn message(folder: &FolderPath, uid: Uid) -> Call {
    on_message(Route::Message, folder, uid, "")
}

/// `GET /api/folders/{folder}/messages/{uid}/text`: the plain text, for body conditions.
pub fn message_text(folder: &FolderPath, uid: Uid) -> Call {
    on_message(Route::MessageText, folder, uid, "")
}

/// `GET /api/folders/{folder}/messages/{uid}/headers`: every header field.
pub fn message_headers(folder: &FolderPath, uid: Uid) -> Call {
    on_message(Route::MessageHeaders, folder, uid, "")
}

/// `GET /api/folders/{folder}/messages/{uid}/delivery`: a sent message's delivery status.
pub fn delivery(folder: &FolderPath, uid: Uid) -> Call {
    on_message(Route::Delivery, folder, uid, "")
}

/// `GET /api/folders/{folder}/messages/{uid}/report`: the summary of a received report.
pub fn report(folder: &FolderPath, uid: Uid) -> Call {
    on_message(Route::Report, folder, uid, "")
}

/// `GET /api/folders/{folder}/messages/{uid}/transit`: a received message's route and
/// authentication verdict.
pub fn transit(folder: &FolderPath, uid: Uid) -> Call {
    on_message(Route::Transit, folder, uid, "")
}

/// `GET /api/folders/{folder}/messages/{uid}/body.html?images=..`, for the sandboxed
/// iframe.
pub fn body_html(folder: &FolderPath, uid: Uid, images: ImagePolicy) -> Call {
    let query = format!("?images={}", images.query_value());
    on_message(Route::BodyHtml, folder, uid, &query)
}

/// `GET /api/folders/{folder}/messages/{uid}/attachments/{index}`, a download link.
pub fn attachment(folder: &FolderPath, uid: Uid, index: u32) -> Call {
    let folder = path_segment(folder.as_str());
    let (uid, index) = (uid.0.to_string(), index.to_string());
    Route::Attachment.call(&[&folder, &uid, &index], "")
}

/// `POST /api/folders/{folder}/flags`
pub fn flags(folder: &FolderPath) -> Call {
    on_folder(Route::Flags, folder, "")
}

/// `POST /api/send`
pub fn send() -> Call {
    Route::Send.call(&[], "")
}

/// `GET /api/compose/capabilities`
pub fn compose_capabilities() -> Call {
    Route::ComposeCapabilities.call(&[], "")
}

/// `POST /api/folders/{folder}/messages/{uid}/receipt`: answers a read-receipt request.
pub fn receipt(folder: &FolderPath, uid: Uid) -> Call {
    on_message(Route::Receipt, folder, uid, "")
}

/// `POST /api/uploads`: a file, streamed.
pub fn upload() -> Call {
    Route::Upload.call(&[], "")
}

/// `DELETE /api/uploads/{id}`
pub fn remove_upload(id: &str) -> Call {
    Route::RemoveUpload.call(&[&path_segment(id)], "")
}

/// `PUT /api/drafts`
pub fn save_draft() -> Call {
    Route::SaveDraft.call(&[], "")
}

/// `GET /api/folders/{folder}/messages/{uid}/draft`: a saved draft, to continue it.
pub fn open_draft(folder: &FolderPath, uid: Uid) -> Call {
    on_message(Route::OpenDraft, folder, uid, "")
}

/// `GET /api/addresses?q=..&limit=..`: suggestions for what was typed.
pub fn addresses(typed: &str, limit: u32) -> Call {
    let query = format!("?q={}&limit={limit}", path_segment(typed));
    Route::Addresses.call(&[], &query)
}

/// `GET /api/settings`
pub fn get_settings() -> Call {
    Route::GetSettings.call(&[], "")
}

/// `PUT /api/settings`
pub fn put_settings() -> Call {
    Route::PutSettings.call(&[], "")
}

/// `GET /api/sieve?port=..` (the account's server, on `port` or the standard one).
pub fn sieve_status(port: Option<u16>) -> Call {
    let query = port.map(|port| format!("?port={port}")).unwrap_or_default();
    Route::SieveStatus.call(&[], &query)
}

/// `PUT /api/sieve`
pub fn install_sieve() -> Call {
    Route::InstallSieve.call(&[], "")
}

/// `GET /api/setup/discover?email=..`: the settings discovery finds for an address.
pub fn discover(email: &str) -> Call {
    Route::Discover.call(&[], &format!("?email={}", path_segment(email)))
}

/// `POST /api/setup/test`: the connection test.
pub fn connection_test() -> Call {
    Route::ConnectionTest.call(&[], "")
}

/// `GET /api/search?q=..&folder=..&sort=..&order=..&offset=..&limit=..`: a page of
/// matches (no `folder`: every folder).
pub fn search(request: &SearchRequest) -> Call {
    let mut query = format!(
        "?q={}&sort={}&order={}&offset={}&limit={}",
        path_segment(&request.text),
        request.sort.key.query_value(),
        request.sort.direction.query_value(),
        request.offset,
        request.limit
    );
    if let SearchScope::Folder(folder) = &request.scope {
        query.push_str(&format!("&folder={}", path_segment(folder.as_str())));
    }
    Route::Search.call(&[], &query)
}

fn on_folder(route: Route, folder: &FolderPath, query: &str) -> Call {
    route.call(&[&path_segment(folder.as_str())], query)
}

fn on_message(route: Route, folder: &FolderPath, uid: Uid, query: &str) -> Call {
    route.call(&[&path_segment(folder.as_str()), &uid.0.to_string()], query)
}

/// Percent-encodes `text` as one path segment or query value: everything but RFC 3986
/// unreserved bytes, so a hierarchy delimiter (`/`), `?`, `#` or `&` never splits it.
pub fn path_segment(text: &str) -> String {
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
