//! Every route of the bridge's JSON API, defined once for both sides.
//!
//! [`Route`] names each route with its HTTP method and its path template (axum's
//! `{name}` syntax): the bridge builds its router from [`Route::ALL`], so a route it
//! serves is one listed here and the reverse. The browser never writes a URL: it calls
//! the typed builders below ([`message`], [`body_html`], ...), which fill the same
//! templates and give the method with the URL ([`Call`]). Each route's documentation
//! says what it takes and answers.
//!
//! `{folder}` is a folder path percent-encoded as one path segment ([`path_segment`]), so
//! a hierarchy delimiter inside it never splits the path.

mod calls;

pub use calls::*;

#[cfg(doc)]
use crate::{
    api::{FlagChange, FolderList, LoginRequest, MessagePage, SessionInfo, SessionStatus},
    compose::{
        AddressSuggestions, ComposeCapabilities, Draft, DraftSaved, ReceiptRequest, SaveDraft,
        SendRequest, SendResult, UploadedFile,
    },
    folder_ops::{
        CreateFolder, FolderChanged, FolderDeleted, MessageHeaders, MessageText, RenameFolder,
        Subscription, TransferRequest, TransferResult,
    },
    message::MessageDetail,
    search_results::SearchPage,
    settings::{SaveSettings, SettingsDocument, SettingsSaved},
    sieve::{InstallSieve, SieveInstalled, SieveStatus},
};

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    /// Every method, for checks that a route answers only its own.
    pub const ALL: [Method; 4] = [Method::Get, Method::Post, Method::Put, Method::Delete];

    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One route of the bridge's API: a method on a path template. Bodies are JSON unless
/// said otherwise; errors are [`crate::problem::Problem`] documents; every POST, PUT and
/// DELETE needs the `X-Facteur-Request: 1` header (CSRF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// [`LoginRequest`] → [`SessionInfo`]; sets the session cookie.
    SignIn,
    /// → [`SessionStatus`]: signed in with the account, or signed out (no cookie, or one
    /// that expired or was signed out) as an ordinary 200 answer, so the start-up probe
    /// is not an error.
    CurrentSession,
    /// Signs out (the session is revoked, the cookie cleared).
    SignOut,
    /// → [`FolderList`].
    ListFolders,
    /// [`CreateFolder`] → 201 [`FolderChanged`] (created and subscribed);
    /// `folder_exists` (409) when it is already there.
    CreateFolder,
    /// `?messages={refuse|move_to_trash|destroy}` → [`FolderDeleted`]; with `refuse` (the
    /// default) a folder holding messages or subfolders answers `folder_not_empty` (409,
    /// the problem's `message_count` says how many); `folder_protected` (403) for INBOX
    /// and special-use folders.
    DeleteFolder,
    /// [`RenameFolder`] → [`FolderChanged`]; `folder_protected` (403) for INBOX and
    /// special-use folders, `folder_exists` (409).
    RenameFolder,
    /// [`Subscription`] → 204.
    Subscription,
    /// [`TransferRequest`] → [`TransferResult`] with `moved`: one UID MOVE per request (or
    /// UID COPY then UID EXPUNGE of exactly those UIDs, or a copy only: said in `method`
    /// and `note`); UIDs already gone are not an error; `folder_not_found` (404) when
    /// `to` does not exist.
    MoveMessages,
    /// [`TransferRequest`] → [`TransferResult`] with `copied`.
    CopyMessages,
    /// `?before={uid}&limit={n}` → [`MessagePage`], newest first; or `?after={uid}` → the
    /// messages whose UID is above `after`, **oldest first** (arrival order, for the
    /// rules; `next_after` continues; `after=0` starts from the oldest).
    ListMessages,
    /// → [`MessageDetail`].
    Message,
    /// → [`MessageText`] (plain text, at most 64 KB, for rules that test the body).
    MessageText,
    /// → [`MessageHeaders`] (every header field, decoded, at most 64 KB, for rules that
    /// test any named header).
    MessageHeaders,
    /// → the delivery view of a sent message, per recipient (`facteur_delivery::DeliveryView`).
    Delivery,
    /// → the summary of a received delivery or read report (`facteur_delivery::ReportSummary`).
    Report,
    /// → the route a received message took and its authentication verdict, read from its
    /// `Received` and `Authentication-Results` fields (`facteur_delivery::TransitView`).
    Transit,
    /// `?images={blocked|shown}` → the sanitized HTML body as a document for a sandboxed
    /// iframe (its own strict CSP).
    BodyHtml,
    /// → the file, as a download.
    Attachment,
    /// [`FlagChange`] → 204; `invalid_input` (400) for a keyword that is not an IMAP atom.
    Flags,
    /// [`SendRequest`] → [`SendResult`], once per key; on failure a problem
    /// (`send_failed`, `recipient_refused`, `message_too_large`, `bad_credentials`, ...)
    /// whose `saved_draft` says where the message was kept.
    Send,
    /// → [`ComposeCapabilities`] (DSN offered, size limits).
    ComposeCapabilities,
    /// [`ReceiptRequest`] → 204: sends the read receipt once (`$MDNSent` marks it sent
    /// or declined).
    Receipt,
    /// The raw file as body (`Content-Type` its type, the `X-Facteur-Filename` header its
    /// percent-encoded name) → 201 [`UploadedFile`]; streamed to disk,
    /// `attachment_too_large` (413) past the limit.
    Upload,
    /// → 204.
    RemoveUpload,
    /// [`SaveDraft`] → [`DraftSaved`] (APPEND to Drafts, then the replaced draft
    /// expunged).
    SaveDraft,
    /// → [`Draft`]: a saved draft, to continue it.
    OpenDraft,
    /// `?q={text}&limit={n}` → [`AddressSuggestions`].
    Addresses,
    /// → [`SettingsDocument`].
    GetSettings,
    /// [`SaveSettings`] → [`SettingsSaved`]; `settings_conflict` (409, the problem's
    /// `current_settings` has the other device's version) when `base_revision` is stale;
    /// `settings_too_large` (413).
    PutSettings,
    /// `?port={n}` → [`SieveStatus`].
    SieveStatus,
    /// [`InstallSieve`] → [`SieveInstalled`]; `sieve_script_invalid` (422, `detail` has
    /// the server's reason), `sieve_unavailable` (409).
    InstallSieve,
    /// `?email={address}` → `facteur_providers::setup_api::DiscoveryReport`. No session needed;
    /// rate-limited per client (`rate_limited`, 429).
    Discover,
    /// [`LoginRequest`] → `facteur_providers::setup_api::ConnectionTestReport`. No session
    /// needed; rate-limited like sign-in; a failed check is a report (200), not an error.
    ConnectionTest,
    /// `?q={text}&folder={path}&sort={key}&order={asc|desc}&offset={n}&limit={n}` →
    /// [`SearchPage`]: the matches of the query text (`facteur_model::search`), in
    /// `folder` or, without it, in every folder; `invalid_search` (400, the problem's
    /// `search_error` says why) for a text that is no valid query.
    Search,
}

impl Route {
    /// Every route, in the order the bridge registers them.
    pub const ALL: [Route; 35] = [
        Route::SignIn,
        Route::CurrentSession,
        Route::SignOut,
        Route::ListFolders,
        Route::CreateFolder,
        Route::DeleteFolder,
        Route::RenameFolder,
        Route::Subscription,
        Route::MoveMessages,
        Route::CopyMessages,
        Route::ListMessages,
        Route::Message,
        Route::MessageText,
        Route::MessageHeaders,
        Route::Delivery,
        Route::Report,
        Route::Transit,
        Route::BodyHtml,
        Route::Attachment,
        Route::Flags,
        Route::Send,
        Route::ComposeCapabilities,
        Route::Receipt,
        Route::Upload,
        Route::RemoveUpload,
        Route::SaveDraft,
        Route::OpenDraft,
        Route::Addresses,
        Route::GetSettings,
        Route::PutSettings,
        Route::SieveStatus,
        Route::InstallSieve,
        Route::Discover,
        Route::ConnectionTest,
        Route::Search,
    ];

    /// The route's HTTP method.
    pub const fn method(self) -> Method {
        use Method::{Delete, Get, Post, Put};
        match self {
            Route::SignIn => Post,
            Route::CurrentSession => Get,
            Route::SignOut => Delete,
            Route::ListFolders => Get,
            Route::CreateFolder => Post,
            Route::DeleteFolder => Delete,
            Route::RenameFolder | Route::Subscription => Post,
            Route::MoveMessages | Route::CopyMessages => Post,
            Route::ListMessages | Route::Message | Route::MessageText => Get,
            Route::MessageHeaders | Route::Delivery | Route::Report | Route::Transit => Get,
            Route::BodyHtml | Route::Attachment => Get,
            Route::Flags | Route::Send | Route::Receipt | Route::Upload => Post,
            Route::ComposeCapabilities => Get,
            Route::RemoveUpload => Delete,
            Route::SaveDraft => Put,
            Route::OpenDraft | Route::Addresses | Route::GetSettings => Get,
            Route::PutSettings => Put,
            Route::SieveStatus => Get,
            Route::InstallSieve => Put,
            Route::Discover => Get,
            Route::ConnectionTest => Post,
            Route::Search => Get,
        }
    }

    /// The route's path template, `{name}` for each parameter (axum's syntax).
    pub const fn template(self) -> &'static str {
        match self {
            Route::SignIn | Route::CurrentSession | Route::SignOut => "/api/session",
            Route::ListFolders | Route::CreateFolder => "/api/folders",
            Route::DeleteFolder => "/api/folders/{folder}",
            Route::RenameFolder => "/api/folders/{folder}/rename",
            Route::Subscription => "/api/folders/{folder}/subscription",
            Route::MoveMessages => "/api/folders/{folder}/move",
            Route::CopyMessages => "/api/folders/{folder}/copy",
            Route::ListMessages => "/api/folders/{folder}/messages",
            Route::Message => "/api/folders/{folder}/messages/{uid}",
            Route::MessageText => "/api/folders/{folder}/messages/{uid}/text",
            Route::MessageHeaders => "/api/folders/{folder}/messages/{uid}/headers",
            Route::Delivery => "/api/folders/{folder}/messages/{uid}/delivery",
            Route::Report => "/api/folders/{folder}/messages/{uid}/report",
            Route::Transit => "/api/folders/{folder}/messages/{uid}/transit",
            Route::BodyHtml => "/api/folders/{folder}/messages/{uid}/body.html",
            Route::Attachment => "/api/folders/{folder}/messages/{uid}/attachments/{index}",
            Route::Flags => "/api/folders/{folder}/flags",
            Route::Send => "/api/send",
            Route::ComposeCapabilities => "/api/compose/capabilities",
            Route::Receipt => "/api/folders/{folder}/messages/{uid}/receipt",
            Route::Upload => "/api/uploads",
            Route::RemoveUpload => "/api/uploads/{id}",
            Route::SaveDraft => "/api/drafts",
            Route::OpenDraft => "/api/folders/{folder}/messages/{uid}/draft",
            Route::Addresses => "/api/addresses",
            Route::GetSettings | Route::PutSettings => "/api/settings",
            Route::SieveStatus | Route::InstallSieve => "/api/sieve",
            Route::Discover => "/api/setup/discover",
            Route::ConnectionTest => "/api/setup/test",
            Route::Search => "/api/search",
        }
    }
}

#[cfg(test)]
#[path = "routes_tests.rs"]
mod tests;
