//! The reading pane: the open message with its flag, unread, move and copy actions.

use super::transfer_pickers::TransferPickers;
use crate::components::reader::Reader;
use crate::stores::mailbox::Mailbox;
use facteur_model::folder::Folder;
use facteur_model::message::Flag;
use leptos::prelude::*;

/// The reading pane of the mailbox; `folders` is the folder list, for the pickers.
#[component]
pub fn ReaderPane(mailbox: Mailbox, folders: Signal<Vec<Folder>>) -> impl IntoView {
    let opened_uid = Signal::derive(move || mailbox.opened.get().map(|(_, uid)| uid));
    let flagged = Signal::derive(move || {
        opened_uid.get().is_some_and(|uid| {
            mailbox.messages.with(|list| {
                list.iter()
                    .any(|m| m.uid == uid && m.has_flag(Flag::Flagged))
            })
        })
    });
    view! {
        <div class="pane pane-reader">
            <Reader
                opened=mailbox.opened
                flagged
                folder_role=Signal::derive(move || mailbox.current_role())
                on_open_message=Callback::new(move |(folder, uid)| {
                    mailbox.select_folder(folder);
                    mailbox.open(uid);
                })
                on_back=Callback::new(move |()| mailbox.close())
                on_toggle_flag=Callback::new(move |()| {
                    if let Some(uid) = opened_uid.get_untracked() {
                        mailbox.change_flag(uid, Flag::Flagged, !flagged.get_untracked());
                    }
                })
                on_mark_unread=Callback::new(move |()| {
                    if let Some(uid) = opened_uid.get_untracked() {
                        mailbox.change_flag(uid, Flag::Seen, false);
                    }
                })
                extra=ViewFn::from(move || {
                    view! {
                        <TransferPickers
                            folders
                            exclude=mailbox.folder
                            enabled=Signal::stored(true)
                            testids=("reader-move-to", "reader-copy-to")
                            on_pick=Callback::new(move |(to, kind)| {
                                if let Some(uid) = opened_uid.get_untracked() {
                                    mailbox.transfer(vec![uid], to, kind);
                                }
                            })
                        />
                    }
                })
            />
        </div>
    }
}
