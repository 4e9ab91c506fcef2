//! The mailbox store: folders, the loaded pages of the current folder, the selection, the
//! open message and which pane a small screen shows, with the operations on them.

mod day_groups;
pub mod refresh;
pub mod selection;
mod transfer;

pub use day_groups::{DayGroupView, GroupKey, group_by_day};

use crate::api::stores::{MailboxApi, MailboxService};
use crate::api::{ApiError, PAGE_SIZE};
use crate::owned_task::TaskOwner;
use crate::state::Session;
use crate::time_zone::{self, BrowserZone};
use facteur_model::api::FlagChange;
use facteur_model::compose::SentCopy;
use facteur_model::folder::{Folder, FolderRole, display_order};
use facteur_model::folder_ops::TransferResult;
use facteur_model::message::{Flag, MessageSummary};
use facteur_model::{FolderPath, Timestamp, Uid};
use leptos::prelude::*;
use refresh::merge_newest_page;
use std::collections::{BTreeSet, HashSet};

/// Data that arrives from the bridge.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

/// Where the message list's loading stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ListStatus {
    Loading,
    Idle,
    Failed(ApiError),
}

/// Which pane a narrow screen shows (wide screens show all of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Folders,
    List,
    Reader,
}

impl Pane {
    /// The class the layout styles key on.
    pub fn class(self) -> &'static str {
        match self {
            Pane::Folders => "show-folders",
            Pane::List => "show-list",
            Pane::Reader => "show-reader",
        }
    }
}

/// What the last action did, when the user should read it (the view words it).
#[derive(Debug, Clone, PartialEq)]
pub enum ActionNotice {
    /// Messages moved or copied to the folder named `folder`.
    Transferred {
        result: TransferResult,
        folder: String,
    },
    /// A message went; where its Sent copy stands.
    Sent(SentCopy),
}

/// All the signals of the mailbox screen; cheap to copy into closures.
#[derive(Debug, Clone, Copy)]
pub struct Mailbox {
    pub session: Session,
    pub folders: RwSignal<Load<Vec<Folder>>>,
    pub folder: RwSignal<FolderPath>,
    pub messages: RwSignal<Vec<MessageSummary>>,
    pub next_before: RwSignal<Option<Uid>>,
    pub status: RwSignal<ListStatus>,
    /// Whether the first page of the current folder has arrived.
    pub first_page_loaded: RwSignal<bool>,
    pub selected: RwSignal<Option<Uid>>,
    pub opened: RwSignal<Option<(FolderPath, Uid)>>,
    pub pane: RwSignal<Pane>,
    pub now: RwSignal<Timestamp>,
    /// The last failed action (a flag change), shown until the next one succeeds.
    pub action_error: RwSignal<Option<ApiError>>,
    /// What the last move or copy did, when the user should read it.
    pub action_notice: RwSignal<Option<ActionNotice>>,
    pub groups: Memo<Vec<DayGroupView>>,
    /// The messages ticked for moving or copying several at once.
    pub checked: RwSignal<BTreeSet<Uid>>,
    /// Where a Shift+click range starts: the last message ticked by hand.
    pub anchor: StoredValue<Option<Uid>>,
    /// The newest page of the list is being fetched again.
    pub refreshing: RwSignal<bool>,
    /// Bumped each time the inbox's newest page arrives (first load or refresh): the
    /// rules look for new mail then (through [`Mailbox::link`]).
    inbox_listed: RwSignal<u32>,
    /// Bumped on every folder change, so late answers for the old folder are dropped.
    generation: StoredValue<u32>,
    /// The signed-in screen: the mailbox's requests end with it.
    tasks: TaskOwner,
    /// The bridge, or a component test's fake.
    service: StoredValue<MailboxService>,
}

impl Mailbox {
    /// Creates the state and starts loading folders and the inbox through `service`.
    pub fn start(session: Session, service: MailboxService) -> Mailbox {
        let messages = RwSignal::new(Vec::new());
        let now = RwSignal::new(time_zone::now());
        let groups = Memo::new(move |_| {
            messages.with(|list: &Vec<MessageSummary>| group_by_day(list, now.get(), &BrowserZone))
        });
        let mailbox = Mailbox {
            session,
            folders: RwSignal::new(Load::Loading),
            folder: RwSignal::new(FolderPath::inbox()),
            messages,
            next_before: RwSignal::new(None),
            status: RwSignal::new(ListStatus::Idle),
            first_page_loaded: RwSignal::new(false),
            selected: RwSignal::new(None),
            opened: RwSignal::new(None),
            pane: RwSignal::new(Pane::List),
            now,
            action_error: RwSignal::new(None),
            action_notice: RwSignal::new(None),
            groups,
            checked: RwSignal::new(BTreeSet::new()),
            anchor: StoredValue::new(None),
            refreshing: RwSignal::new(false),
            inbox_listed: RwSignal::new(0),
            generation: StoredValue::new(0),
            tasks: TaskOwner::current(),
            service: StoredValue::new(service),
        };
        mailbox.load_folders();
        mailbox.load_more();
        mailbox
    }

    /// The calls this mailbox makes.
    fn bridge(self) -> std::sync::Arc<dyn MailboxApi + Send + Sync> {
        self.service.with_value(|service| service.0.clone())
    }

    /// (Re)loads the folder list.
    pub fn load_folders(self) {
        let folders = self.bridge().folders();
        self.tasks.spawn(async move {
            match folders.await {
                Ok(list) => {
                    let mut folders = list.folders;
                    display_order(&mut folders);
                    self.folders.set(Load::Ready(folders));
                }
                Err(error) => self.fail(error, |e| self.folders.set(Load::Failed(e))),
            }
        });
    }

    /// Subscribes to `folder` or unsubscribes from it, then lists the folders again.
    pub fn toggle_subscription(self, folder: Folder) {
        let call = self
            .bridge()
            .set_subscription(folder.path, !folder.subscribed);
        self.tasks.spawn(async move {
            match call.await {
                Ok(()) => self.load_folders(),
                Err(error) => self.fail(error, |e| self.action_error.set(Some(e))),
            }
        });
    }

    /// A message went: says so (and where its Sent copy stands) and refreshes the list.
    pub fn sent(self, copy: SentCopy) {
        self.action_notice.set(Some(ActionNotice::Sent(copy)));
        self.refresh();
    }

    /// Shows another folder from its newest message.
    pub fn select_folder(self, path: FolderPath) {
        self.pane.set(Pane::List);
        if self.folder.get_untracked() == path && self.first_page_loaded.get_untracked() {
            return;
        }
        self.generation.update_value(|g| *g += 1);
        self.folder.set(path);
        self.messages.set(Vec::new());
        self.next_before.set(None);
        self.first_page_loaded.set(false);
        self.status.set(ListStatus::Idle);
        self.selected.set(None);
        self.opened.set(None);
        self.checked.set(BTreeSet::new());
        self.anchor.set_value(None);
        self.action_notice.set(None);
        self.load_more();
    }

    /// Fetches the newest page again: new mail appears on top, mail moved elsewhere
    /// disappears, the older rows already loaded stay.
    pub fn refresh(self) {
        if !self.first_page_loaded.get_untracked() {
            self.load_more();
            return;
        }
        if self.refreshing.get_untracked() {
            return;
        }
        let generation = self.generation.get_value();
        let folder = self.folder.get_untracked();
        self.refreshing.set(true);
        let page = self.bridge().messages_page(folder.clone(), None, PAGE_SIZE);
        self.tasks.spawn(async move {
            let result = page.await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            self.refreshing.set(false);
            match result {
                Ok(page) => {
                    let complete = page.next_before.is_none();
                    self.messages.update(|list| {
                        *list = merge_newest_page(list, page.messages, complete);
                    });
                    if complete {
                        self.next_before.set(None);
                    }
                    self.forget_missing();
                    self.status.set(ListStatus::Idle);
                    if folder == FolderPath::inbox() {
                        self.inbox_listed.update(|n| *n += 1);
                    }
                }
                Err(error) => self.fail(error, |e| self.status.set(ListStatus::Failed(e))),
            }
        });
        self.load_folders();
    }

    /// Drops ticks, the cursor and the reader for messages no longer listed.
    fn forget_missing(self) {
        let listed: HashSet<Uid> = self
            .messages
            .with_untracked(|list| list.iter().map(|m| m.uid).collect());
        self.checked
            .update(|checked| checked.retain(|u| listed.contains(u)));
        if self
            .selected
            .get_untracked()
            .is_some_and(|u| !listed.contains(&u))
        {
            self.selected.set(None);
        }
        let folder = self.folder.get_untracked();
        if self
            .opened
            .get_untracked()
            .is_some_and(|(f, u)| f == folder && !listed.contains(&u))
        {
            self.close();
        }
    }

    /// The account's Trash folder (by role), else a folder named `Trash` (tracked).
    pub fn trash_folder(self) -> FolderPath {
        self.folders
            .with(|load| match load {
                Load::Ready(folders) => folders
                    .iter()
                    .find(|f| f.role == Some(FolderRole::Trash))
                    .map(|f| f.path.clone()),
                _ => None,
            })
            .unwrap_or_else(|| FolderPath("Trash".to_owned()))
    }

    /// The folders, once loaded (tracked).
    pub fn folder_list(self) -> Vec<Folder> {
        self.folders.with(|load| match load {
            Load::Ready(folders) => folders.clone(),
            _ => Vec::new(),
        })
    }

    /// Whether older messages remain to be fetched.
    pub fn has_more(self) -> bool {
        !self.first_page_loaded.get() || self.next_before.get().is_some()
    }

    /// Fetches the next (older) page, unless one is on its way or none is left.
    pub fn load_more(self) {
        if self.status.get_untracked() == ListStatus::Loading {
            return;
        }
        let before = self.next_before.get_untracked();
        if self.first_page_loaded.get_untracked() && before.is_none() {
            return;
        }
        let generation = self.generation.get_value();
        let folder = self.folder.get_untracked();
        self.status.set(ListStatus::Loading);
        let page = self
            .bridge()
            .messages_page(folder.clone(), before, PAGE_SIZE);
        self.tasks.spawn(async move {
            let result = page.await;
            if self.generation.try_get_value() != Some(generation) {
                return;
            }
            match result {
                Ok(page) => {
                    self.messages.update(|list| {
                        let known: HashSet<Uid> = list.iter().map(|m| m.uid).collect();
                        list.extend(
                            page.messages
                                .into_iter()
                                .filter(|m| !known.contains(&m.uid)),
                        );
                    });
                    self.next_before.set(page.next_before);
                    self.first_page_loaded.set(true);
                    self.status.set(ListStatus::Idle);
                    if before.is_none() && folder == FolderPath::inbox() {
                        self.inbox_listed.update(|n| *n += 1);
                    }
                }
                Err(error) => self.fail(error, |e| self.status.set(ListStatus::Failed(e))),
            }
        });
    }

    /// The messages in the order the list shows them.
    pub fn display_order(self) -> Vec<Uid> {
        self.groups.with_untracked(|groups| {
            groups
                .iter()
                .flat_map(|g| g.messages.iter().map(|m| m.uid))
                .collect()
        })
    }

    /// Opens a message in the reader and marks it read.
    pub fn open(self, uid: Uid) {
        let folder = self.folder.get_untracked();
        self.selected.set(Some(uid));
        self.opened.set(Some((folder, uid)));
        self.pane.set(Pane::Reader);
        if self.summary(uid).is_some_and(|m| !m.has_flag(Flag::Seen)) {
            self.change_flag(uid, Flag::Seen, true);
        }
    }

    /// Closes the reader and shows the list.
    pub fn close(self) {
        self.opened.set(None);
        self.pane.set(Pane::List);
    }

    /// The summary of a loaded message.
    pub fn summary(self, uid: Uid) -> Option<MessageSummary> {
        self.messages
            .with_untracked(|list| list.iter().find(|m| m.uid == uid).cloned())
    }

    /// The role of the folder being shown.
    pub fn current_role(self) -> Option<FolderRole> {
        let path = self.folder.get();
        self.folders.with(|load| match load {
            Load::Ready(folders) => folders.iter().find(|f| f.path == path).and_then(|f| f.role),
            _ => None,
        })
    }

    /// Adds or removes a flag, at once on screen, then on the server.
    pub fn change_flag(self, uid: Uid, flag: Flag, on: bool) {
        let folder = self.folder.get_untracked();
        let Some(summary) = self.summary(uid) else {
            return;
        };
        if summary.has_flag(flag) == on {
            return;
        }
        self.apply_flag(uid, flag, on);
        let change = FlagChange {
            uids: vec![uid],
            add: if on { vec![flag] } else { vec![] },
            remove: if on { vec![] } else { vec![flag] },
            ..FlagChange::default()
        };
        let call = self.bridge().set_flags(folder.clone(), change);
        self.tasks.spawn(async move {
            match call.await {
                Ok(()) => self.action_error.set(None),
                Err(error) => {
                    // Undo on screen what the server did not do.
                    if self.folder.get_untracked() == folder {
                        self.apply_flag(uid, flag, !on);
                    }
                    self.fail(error, |e| self.action_error.set(Some(e)));
                }
            }
        });
    }

    fn apply_flag(self, uid: Uid, flag: Flag, on: bool) {
        self.messages.update(|list| {
            if let Some(message) = list.iter_mut().find(|m| m.uid == uid) {
                message.flags.retain(|f| *f != flag);
                if on {
                    message.flags.push(flag);
                }
            }
        });
        if flag == Flag::Seen {
            let path = self.folder.get_untracked();
            self.folders.update(|load| {
                if let Load::Ready(folders) = load
                    && let Some(folder) = folders.iter_mut().find(|f| f.path == path)
                {
                    folder.unread = if on {
                        folder.unread.saturating_sub(1)
                    } else {
                        folder.unread + 1
                    };
                }
            });
        }
    }

    /// Routes an error: a dead session goes back to sign-in, anything else to `show`.
    fn fail(self, error: ApiError, show: impl FnOnce(ApiError)) {
        if error.ends_session() {
            self.session.expire();
        } else {
            show(error);
        }
    }
}
