//! The narrow link between the mailbox and the rules runner: events in (the inbox was
//! listed, where Trash is), changes out (what the rules did to messages). Neither store
//! calls the other's methods; the signed-in screen wires them together.

use facteur_model::api::FlagChange;
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;

/// What the rules did that the mailbox shows.
#[derive(Debug, Clone, PartialEq)]
pub enum MailboxChange {
    /// Flags changed on messages of `folder`.
    Flags {
        folder: FolderPath,
        change: FlagChange,
    },
    /// Messages left `folder` (moved elsewhere).
    Removed { folder: FolderPath, uids: Vec<Uid> },
    /// Messages went from folder to folder: the folders' counts are stale.
    FoldersChanged,
}

/// What the rules runner hears from the mailbox and tells it.
#[derive(Debug, Clone, Copy)]
pub struct MailboxLink {
    /// Bumped each time the inbox's newest page arrives: new mail may be there.
    pub inbox_listed: Signal<u32>,
    /// Where the rules' « delete » sends mail: the account's Trash.
    pub trash: Signal<FolderPath>,
    /// Receives what the rules did.
    pub changes: Callback<MailboxChange>,
}
