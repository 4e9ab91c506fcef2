//! The bridge calls the stores make, behind traits so component tests answer them
//! in-process, as [`super::compose::ComposeApi`] does for the composer.

use super::{
    Bridge, Pending, TransferKind, folders, message_headers, message_text, messages_after,
    messages_page, save_settings, set_flags, set_subscription, settings, transfer,
};
use facteur_model::api::{FlagChange, FolderList, MessagePage};
use facteur_model::folder_ops::{MessageHeaders, MessageText, TransferRequest, TransferResult};
use facteur_model::settings::{SaveSettings, SettingsDocument, SettingsSaved};
use facteur_model::{FolderPath, Uid};
use std::fmt;
use std::sync::Arc;

/// The calls of the mailbox store and of the rules runner.
pub trait MailboxApi {
    /// `GET /api/folders`
    fn folders(&self) -> Pending<FolderList>;
    /// A page of `folder`, newest first, older than `before`.
    fn messages_page(
        &self,
        folder: FolderPath,
        before: Option<Uid>,
        limit: u32,
    ) -> Pending<MessagePage>;
    /// The messages of `folder` above `after`, oldest first.
    fn messages_after(&self, folder: FolderPath, after: Uid, limit: u32) -> Pending<MessagePage>;
    /// Every header field of a message.
    fn message_headers(&self, folder: FolderPath, uid: Uid) -> Pending<MessageHeaders>;
    /// The plain text of a message.
    fn message_text(&self, folder: FolderPath, uid: Uid) -> Pending<MessageText>;
    /// Adds and removes flags.
    fn set_flags(&self, folder: FolderPath, change: FlagChange) -> Pending<()>;
    /// Moves or copies messages of `folder`.
    fn transfer(
        &self,
        folder: FolderPath,
        kind: TransferKind,
        request: TransferRequest,
    ) -> Pending<TransferResult>;
    /// Subscribes to a folder or unsubscribes from it.
    fn set_subscription(&self, folder: FolderPath, subscribed: bool) -> Pending<()>;
}

/// The calls of the settings store.
pub trait SettingsApi {
    /// `GET /api/settings`
    fn settings(&self) -> Pending<SettingsDocument>;
    /// `PUT /api/settings`
    fn save_settings(&self, request: SaveSettings) -> Pending<SettingsSaved>;
}

impl MailboxApi for Bridge {
    fn folders(&self) -> Pending<FolderList> {
        Box::pin(folders())
    }
    fn messages_page(
        &self,
        folder: FolderPath,
        before: Option<Uid>,
        limit: u32,
    ) -> Pending<MessagePage> {
        Box::pin(async move { messages_page(&folder, before, limit).await })
    }
    fn messages_after(&self, folder: FolderPath, after: Uid, limit: u32) -> Pending<MessagePage> {
        Box::pin(async move { messages_after(&folder, after, limit).await })
    }
    fn message_headers(&self, folder: FolderPath, uid: Uid) -> Pending<MessageHeaders> {
        Box::pin(async move { message_headers(&folder, uid).await })
    }
    fn message_text(&self, folder: FolderPath, uid: Uid) -> Pending<MessageText> {
        Box::pin(async move { message_text(&folder, uid).await })
    }
    fn set_flags(&self, folder: FolderPath, change: FlagChange) -> Pending<()> {
        Box::pin(async move { set_flags(&folder, &change).await })
    }
    fn transfer(
        &self,
        folder: FolderPath,
        kind: TransferKind,
        request: TransferRequest,
    ) -> Pending<TransferResult> {
        Box::pin(async move { transfer(&folder, kind, &request).await })
    }
    fn set_subscription(&self, folder: FolderPath, subscribed: bool) -> Pending<()> {
        Box::pin(async move { set_subscription(&folder, subscribed).await })
    }
}

impl SettingsApi for Bridge {
    fn settings(&self) -> Pending<SettingsDocument> {
        Box::pin(settings())
    }
    fn save_settings(&self, request: SaveSettings) -> Pending<SettingsSaved> {
        Box::pin(async move { save_settings(&request).await })
    }
}

/// The mailbox calls a store makes: the real bridge, or a test's fake.
#[derive(Clone)]
pub struct MailboxService(pub Arc<dyn MailboxApi + Send + Sync>);

impl MailboxService {
    /// The real bridge.
    pub fn bridge() -> MailboxService {
        MailboxService(Arc::new(Bridge))
    }
}

impl fmt::Debug for MailboxService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MailboxService")
    }
}

/// The settings calls of the settings store: the real bridge, or a test's fake.
#[derive(Clone)]
pub struct SettingsService(pub Arc<dyn SettingsApi + Send + Sync>);

impl SettingsService {
    /// The real bridge.
    pub fn bridge() -> SettingsService {
        SettingsService(Arc::new(Bridge))
    }
}

impl fmt::Debug for SettingsService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SettingsService")
    }
}
