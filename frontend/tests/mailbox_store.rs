//! Component tests of the mailbox store in a real browser, its bridge calls answered
//! in-process by a fake mail account: listing, refreshing, the selection, and a move
//! whose rows come back when the server refuses it or could only copy.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p facteur-frontend --target
//! wasm32-unknown-unknown --test mailbox_store`.
#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{container, settle};
use facteur_frontend::api::stores::{MailboxApi, MailboxService};
use facteur_frontend::api::{ApiError, PAGE_SIZE, Pending, TransferKind};
use facteur_frontend::i18n::Locale;
use facteur_frontend::state::{SessionState, provide_app_contexts};
use facteur_frontend::stores::mailbox::{ActionNotice, ListStatus, Load, Mailbox};
use facteur_frontend::stores::mailbox_link::MailboxChange;
use facteur_model::api::{FlagChange, FolderList, MessagePage};
use facteur_model::folder::{Folder, FolderRole};
use facteur_model::folder_ops::{
    MessageHeaders, MessageText, TransferMethod, TransferRequest, TransferResult,
};
use facteur_model::message::{Address, Flag, MessageSummary};
use facteur_model::problem::ErrorCode;
use facteur_model::{FolderPath, Timestamp, Uid, UidValidity};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The fake account: folders of messages, what was asked, and a held move.
#[derive(Default)]
struct Account {
    folders: BTreeMap<String, Vec<MessageSummary>>,
    flag_calls: Vec<(FolderPath, FlagChange)>,
    transfers: Vec<(FolderPath, TransferKind, TransferRequest)>,
    /// The resolver of the move waiting for the test.
    release: Option<js_sys::Function>,
    /// What the waiting move answers once released.
    outcome: Option<Result<TransferResult, ApiError>>,
}

struct FakeBridge {
    account: SendWrapper<Rc<RefCell<Account>>>,
}

impl FakeBridge {
    /// An account with `inbox` UIDs in INBOX and empty Archives and Trash.
    fn new(inbox: impl IntoIterator<Item = u32>) -> Arc<FakeBridge> {
        let mut account = Account::default();
        account
            .folders
            .insert("INBOX".into(), inbox.into_iter().map(summary).collect());
        account.folders.insert("Archives".into(), Vec::new());
        account.folders.insert("Trash".into(), Vec::new());
        Arc::new(FakeBridge {
            account: SendWrapper::new(Rc::new(RefCell::new(account))),
        })
    }

    fn deliver(&self, uid: u32) {
        self.account
            .borrow_mut()
            .folders
            .entry("INBOX".into())
            .or_default()
            .push(summary(uid));
    }

    fn expunge(&self, uid: u32) {
        if let Some(list) = self.account.borrow_mut().folders.get_mut("INBOX") {
            list.retain(|m| m.uid != Uid(uid));
        }
    }

    /// Answers the waiting move with `outcome`.
    fn release(&self, outcome: Result<TransferResult, ApiError>) {
        let release = {
            let mut account = self.account.borrow_mut();
            account.outcome = Some(outcome);
            account.release.take().expect("a move is waiting")
        };
        release.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    }
}

fn ready<T: 'static>(value: Result<T, ApiError>) -> Pending<T> {
    Box::pin(async move { value })
}

fn folder(path: &str, role: Option<FolderRole>) -> Folder {
    Folder {
        path: FolderPath(path.into()),
        name: path.into(),
        parent: None,
        depth: 0,
        role,
        selectable: true,
        unread: 0,
        total: 0,
        subscribed: true,
    }
}

impl MailboxApi for FakeBridge {
    fn folders(&self) -> Pending<FolderList> {
        let account = self.account.borrow();
        let folders = account
            .folders
            .iter()
            .map(|(path, list)| {
                let role = match path.as_str() {
                    "INBOX" => Some(FolderRole::Inbox),
                    "Trash" => Some(FolderRole::Trash),
                    _ => None,
                };
                Folder {
                    unread: list.iter().filter(|m| !m.has_flag(Flag::Seen)).count() as u32,
                    total: list.len() as u32,
                    ..folder(path, role)
                }
            })
            .collect();
        ready(Ok(FolderList { folders }))
    }

    fn messages_page(
        &self,
        folder: FolderPath,
        before: Option<Uid>,
        limit: u32,
    ) -> Pending<MessagePage> {
        let account = self.account.borrow();
        let mut list: Vec<MessageSummary> = account
            .folders
            .get(folder.as_str())
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|m| before.is_none_or(|b| m.uid < b))
            .collect();
        list.sort_by_key(|m| std::cmp::Reverse(m.uid));
        let total = list.len() as u32;
        let more = list.len() > limit as usize;
        list.truncate(limit as usize);
        let next_before = more.then(|| list.last().map(|m| m.uid)).flatten();
        ready(Ok(MessagePage {
            folder,
            uid_validity: UidValidity(1),
            uid_next: None,
            total,
            messages: list,
            next_before,
            next_after: None,
        }))
    }

    fn messages_after(
        &self,
        _folder: FolderPath,
        _after: Uid,
        _limit: u32,
    ) -> Pending<MessagePage> {
        ready(Err(ApiError::Network))
    }

    fn message_headers(&self, _folder: FolderPath, _uid: Uid) -> Pending<MessageHeaders> {
        ready(Err(ApiError::Network))
    }

    fn message_text(&self, _folder: FolderPath, _uid: Uid) -> Pending<MessageText> {
        ready(Err(ApiError::Network))
    }

    fn set_flags(&self, folder: FolderPath, change: FlagChange) -> Pending<()> {
        self.account.borrow_mut().flag_calls.push((folder, change));
        ready(Ok(()))
    }

    fn transfer(
        &self,
        folder: FolderPath,
        kind: TransferKind,
        request: TransferRequest,
    ) -> Pending<TransferResult> {
        let account = Rc::clone(&self.account);
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let mut waiting = account.borrow_mut();
            waiting
                .transfers
                .push((folder.clone(), kind, request.clone()));
            waiting.release = Some(resolve);
        });
        Box::pin(async move {
            let _ = JsFuture::from(promise).await;
            account
                .borrow_mut()
                .outcome
                .take()
                .expect("an outcome was set")
        })
    }

    fn set_subscription(&self, _folder: FolderPath, _subscribed: bool) -> Pending<()> {
        ready(Ok(()))
    }
}

/// Message `uid`, received `uid` hours after a fixed instant, unread.
fn summary(uid: u32) -> MessageSummary {
    let at = 1_795_683_600 + i64::from(uid) * 3600;
    MessageSummary {
        uid: Uid(uid),
        from: Some(Address {
            name: None,
            email: format!("s{uid}@example.test"),
        }),
        to: vec![],
        cc: vec![],
        subject: format!("Subject {uid}"),
        date: Some(Timestamp(at)),
        received: Timestamp(at),
        flags: vec![],
        size: 1000,
        has_attachments: false,
        preview: String::new(),
        list_id: None,
        keywords: vec![],
    }
}

/// A mailbox over `bridge`, mounted (the mount runs its tasks and keeps its owner
/// alive while the test holds the handle).
fn start(bridge: &Arc<FakeBridge>) -> (Box<dyn std::any::Any>, Mailbox) {
    let made = Rc::new(RefCell::new(None));
    let slot = Rc::clone(&made);
    let service = MailboxService(bridge.clone());
    let handle = leptos::mount::mount_to(container(), move || {
        // The session's state does not matter to the store; only an ended one is read.
        let (session, _) = provide_app_contexts(Locale::En, SessionState::Checking);
        *slot.borrow_mut() = Some(Mailbox::start(session, service.clone()));
    });
    let mailbox = made
        .borrow_mut()
        .take()
        .expect("the mount made the mailbox");
    (Box::new(handle), mailbox)
}

fn listed(mailbox: Mailbox) -> Vec<u32> {
    mailbox
        .messages
        .with_untracked(|list| list.iter().map(|m| m.uid.0).collect())
}

fn moved(count: u32, method: TransferMethod) -> TransferResult {
    TransferResult {
        moved: (method != TransferMethod::CopyOnly).then_some(count),
        copied: (method == TransferMethod::CopyOnly).then_some(count),
        method,
        already_gone: 0,
        note: None,
    }
}

#[wasm_bindgen_test]
async fn the_inbox_lists_newest_first_and_pages_older_mail() {
    let count = PAGE_SIZE + 10;
    let bridge = FakeBridge::new(1..=count);
    let (_owner, mailbox) = start(&bridge);
    settle().await;
    let first = listed(mailbox);
    assert_eq!(first.len(), PAGE_SIZE as usize);
    assert_eq!(first[0], count, "newest first");
    assert!(mailbox.first_page_loaded.get_untracked());
    assert!(mailbox.has_more());
    let folders = mailbox.folders.with_untracked(|load| match load {
        Load::Ready(folders) => folders.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
        _ => Vec::new(),
    });
    assert_eq!(folders.len(), 3, "{folders:?}");
    assert_eq!(mailbox.trash_folder(), FolderPath("Trash".into()));

    mailbox.load_more();
    settle().await;
    let all = listed(mailbox);
    assert_eq!(all.len(), count as usize);
    assert_eq!(all.last(), Some(&1));
    assert!(!mailbox.has_more());
    assert_eq!(mailbox.status.get_untracked(), ListStatus::Idle);
    // Grouped by day for the list, in the same order.
    let shown: Vec<u32> = mailbox.display_order().iter().map(|u| u.0).collect();
    assert_eq!(shown, all);
}

#[wasm_bindgen_test]
async fn a_refresh_shows_new_mail_and_drops_mail_gone_elsewhere() {
    let bridge = FakeBridge::new(1..=5);
    let (_owner, mailbox) = start(&bridge);
    let inbox_listed = mailbox.link().inbox_listed;
    settle().await;
    assert_eq!(listed(mailbox), [5, 4, 3, 2, 1]);
    assert_eq!(inbox_listed.get_untracked(), 1);
    mailbox.open(Uid(3));
    assert_eq!(
        mailbox.opened.get_untracked(),
        Some((FolderPath::inbox(), Uid(3)))
    );

    bridge.deliver(6);
    bridge.expunge(3);
    mailbox.refresh();
    settle().await;
    assert_eq!(listed(mailbox), [6, 5, 4, 2, 1]);
    assert_eq!(
        inbox_listed.get_untracked(),
        2,
        "the rules hear of the new page"
    );
    assert_eq!(
        mailbox.opened.get_untracked(),
        None,
        "the reader closed on mail gone"
    );
    assert!(!mailbox.refreshing.get_untracked());
}

#[wasm_bindgen_test]
async fn ticks_ranges_and_what_the_selection_means() {
    let bridge = FakeBridge::new(1..=6);
    let (_owner, mailbox) = start(&bridge);
    settle().await;
    mailbox.selected.set(Some(Uid(2)));
    assert_eq!(mailbox.targets(), [Uid(2)], "the cursor without ticks");
    mailbox.toggle_checked(Uid(5));
    mailbox.check_range(Uid(3));
    assert_eq!(mailbox.targets(), [Uid(3), Uid(4), Uid(5)]);
    mailbox.toggle_checked(Uid(4));
    assert_eq!(mailbox.targets(), [Uid(3), Uid(5)]);
    mailbox.clear_checked();
    mailbox.open(Uid(6));
    assert_eq!(mailbox.targets(), [Uid(6)], "the open message");
    settle().await;
    let seen = bridge.account.borrow().flag_calls.clone();
    assert_eq!(seen.len(), 1, "opening marks read once: {seen:?}");
    assert_eq!(seen[0].1.add, [Flag::Seen]);
}

#[wasm_bindgen_test]
async fn a_move_leaves_at_once_and_comes_back_when_refused_or_only_copied() {
    let bridge = FakeBridge::new(1..=4);
    let (_owner, mailbox) = start(&bridge);
    settle().await;
    let archives = FolderPath("Archives".into());

    // Refused: the rows come back, the error shows.
    mailbox.toggle_checked(Uid(2));
    mailbox.toggle_checked(Uid(3));
    mailbox.transfer(mailbox.targets(), archives.clone(), TransferKind::Move);
    assert_eq!(listed(mailbox), [4, 1], "gone before the server answers");
    settle().await;
    bridge.release(Err(ApiError::bridge(ErrorCode::ServerRefused, None)));
    settle().await;
    assert_eq!(listed(mailbox), [4, 3, 2, 1]);
    assert!(mailbox.action_error.get_untracked().is_some());
    assert_eq!(mailbox.action_notice.get_untracked(), None);

    // Only copied: back again, and the notice says what happened.
    mailbox.transfer(vec![Uid(2)], archives.clone(), TransferKind::Move);
    assert_eq!(listed(mailbox), [4, 3, 1]);
    settle().await;
    bridge.release(Ok(moved(1, TransferMethod::CopyOnly)));
    settle().await;
    assert_eq!(listed(mailbox), [4, 3, 2, 1]);
    assert_eq!(mailbox.action_error.get_untracked(), None);
    assert_eq!(
        mailbox.action_notice.get_untracked(),
        Some(ActionNotice::Transferred {
            result: moved(1, TransferMethod::CopyOnly),
            folder: "Archives".into(),
        })
    );

    assert!(
        mailbox.checked.get_untracked().is_empty(),
        "a done move unticks"
    );

    // Moved: the rows stay gone and the ticks are cleared.
    mailbox.toggle_checked(Uid(2));
    mailbox.check_range(Uid(3));
    mailbox.transfer(mailbox.targets(), archives.clone(), TransferKind::Move);
    settle().await;
    bridge.release(Ok(moved(2, TransferMethod::Move)));
    settle().await;
    assert_eq!(listed(mailbox), [4, 1]);
    assert!(mailbox.checked.get_untracked().is_empty());
    let asked = bridge.account.borrow().transfers.clone();
    assert_eq!(asked.len(), 3);
    assert_eq!(asked[2].2.uids, [Uid(2), Uid(3)]);
    assert!(asked.iter().all(|(from, kind, request)| {
        *from == FolderPath::inbox() && *kind == TransferKind::Move && request.to == archives
    }));
}

#[wasm_bindgen_test]
async fn what_the_rules_did_arrives_through_the_link() {
    let bridge = FakeBridge::new(1..=3);
    let (_owner, mailbox) = start(&bridge);
    settle().await;
    let link = mailbox.link();
    link.changes.run(MailboxChange::Flags {
        folder: FolderPath::inbox(),
        change: FlagChange {
            uids: vec![Uid(1)],
            add: vec![Flag::Flagged],
            ..FlagChange::default()
        },
    });
    link.changes.run(MailboxChange::Removed {
        folder: FolderPath::inbox(),
        uids: vec![Uid(2)],
    });
    // A change in a folder not shown leaves the list alone.
    link.changes.run(MailboxChange::Removed {
        folder: FolderPath("Archives".into()),
        uids: vec![Uid(3)],
    });
    assert_eq!(listed(mailbox), [3, 1]);
    assert!(
        mailbox
            .summary(Uid(1))
            .is_some_and(|m| m.has_flag(Flag::Flagged))
    );
    assert_eq!(link.trash.get_untracked(), FolderPath("Trash".into()));
}
