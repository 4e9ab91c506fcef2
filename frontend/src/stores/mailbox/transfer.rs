//! Moving and copying messages by hand, and keeping the list true when the rules move
//! or flag messages (the changes that arrive through the [`MailboxLink`]).

use super::{ActionNotice, Load, Mailbox, selection};
use crate::api::TransferKind;
use crate::stores::mailbox_link::{MailboxChange, MailboxLink};
use facteur_model::api::FlagChange;
use facteur_model::folder_ops::{TransferMethod, TransferRequest};
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;
use std::collections::BTreeSet;

impl Mailbox {
    /// Ticks or unticks one message; it becomes the start of the next Shift+click range.
    pub fn toggle_checked(self, uid: Uid) {
        self.checked
            .update(|checked| selection::toggle(checked, uid));
        self.anchor.set_value(Some(uid));
    }

    /// Ticks every message from the range's start to `uid` (Shift+click).
    pub fn check_range(self, uid: Uid) {
        let order = self.display_order();
        let range = selection::range(&order, self.anchor.get_value(), uid);
        self.checked.update(|checked| checked.extend(range));
        self.anchor.set_value(Some(uid));
    }

    /// Unticks everything.
    pub fn clear_checked(self) {
        self.checked.set(BTreeSet::new());
        self.anchor.set_value(None);
    }

    /// The messages an action on "the selection" means: the ticked ones, else the open
    /// one, else the keyboard cursor.
    pub fn targets(self) -> Vec<Uid> {
        let checked = self.checked.get_untracked();
        if !checked.is_empty() {
            return checked.into_iter().collect();
        }
        let folder = self.folder.get_untracked();
        match self.opened.get_untracked() {
            Some((f, uid)) if f == folder => vec![uid],
            _ => self.selected.get_untracked().into_iter().collect(),
        }
    }

    /// Moves or copies messages of the folder shown to `to`. Moved rows leave the list
    /// at once; the server's answer says what really happened (a move the server could
    /// only carry out as a copy puts them back, with its note).
    pub fn transfer(self, uids: Vec<Uid>, to: FolderPath, kind: TransferKind) {
        let from = self.folder.get_untracked();
        if uids.is_empty() || to == from {
            return;
        }
        let saved = self.messages.get_untracked();
        if kind == TransferKind::Move {
            self.remove_rows(&from, &uids);
        }
        self.action_notice.set(None);
        let request = TransferRequest {
            uids,
            to: to.clone(),
        };
        let call = self.bridge().transfer(from.clone(), kind, request);
        self.tasks.spawn(async move {
            match call.await {
                Ok(result) => {
                    self.action_error.set(None);
                    if kind == TransferKind::Move
                        && result.method == TransferMethod::CopyOnly
                        && self.folder.get_untracked() == from
                    {
                        self.messages.set(saved);
                    }
                    let folder = self.folder_label(&to);
                    self.action_notice
                        .set(Some(ActionNotice::Transferred { result, folder }));
                    self.clear_checked();
                }
                Err(error) => {
                    if kind == TransferKind::Move && self.folder.get_untracked() == from {
                        self.messages.set(saved);
                    }
                    self.fail(error, |e| self.action_error.set(Some(e)));
                }
            }
            self.load_folders();
        });
    }

    /// Shows what the rules did (through the [`MailboxLink`] the runner holds).
    pub fn apply(self, change: MailboxChange) {
        match change {
            MailboxChange::Flags { folder, change } => self.apply_flag_change(&folder, &change),
            MailboxChange::Removed { folder, uids } => self.remove_rows(&folder, &uids),
            MailboxChange::FoldersChanged => self.load_folders(),
        }
    }

    /// The link the rules runner talks to this mailbox through.
    pub fn link(self) -> MailboxLink {
        MailboxLink {
            inbox_listed: self.inbox_listed.read_only().into(),
            trash: Signal::derive(move || self.trash_folder()),
            changes: Callback::new(move |change| self.apply(change)),
        }
    }

    /// Removes rows of `folder` from the list (moved elsewhere), if it is shown.
    fn remove_rows(self, folder: &FolderPath, uids: &[Uid]) {
        if self.folder.get_untracked() != *folder {
            return;
        }
        let gone: BTreeSet<Uid> = uids.iter().copied().collect();
        self.messages
            .update(|list| list.retain(|m| !gone.contains(&m.uid)));
        self.forget_missing();
    }

    /// Shows flags the rules changed on rows of `folder`, if it is shown.
    fn apply_flag_change(self, folder: &FolderPath, change: &FlagChange) {
        if self.folder.get_untracked() != *folder {
            return;
        }
        self.messages.update(|list| {
            for message in list.iter_mut().filter(|m| change.uids.contains(&m.uid)) {
                message.flags.retain(|f| !change.remove.contains(f));
                for flag in &change.add {
                    if !message.flags.contains(flag) {
                        message.flags.push(*flag);
                    }
                }
            }
        });
    }

    /// The name a folder is shown under (its last component; role folders by path).
    pub fn folder_label(self, path: &FolderPath) -> String {
        self.folders
            .with_untracked(|load| match load {
                Load::Ready(folders) => folders
                    .iter()
                    .find(|f| f.path == *path)
                    .map(|f| f.name.clone()),
                _ => None,
            })
            .unwrap_or_else(|| path.as_str().to_owned())
    }
}
