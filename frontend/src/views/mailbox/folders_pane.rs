//! The folders pane: the folder list (or why it is missing), a new folder, help links.

use super::controller::MailboxScreen;
use crate::api::TransferKind;
use crate::components::error_notice::ErrorNotice;
use crate::components::folder_dialog::FolderDialog;
use crate::components::folder_list::{FolderChoice, FolderList};
use crate::components::icons::BackIcon;
use crate::i18n::{MailText, Text};
use crate::state::tr;
use crate::stores::mailbox::{Load, Pane};
use crate::views::help::HelpLinks;
use facteur_model::folder::Folder;
use leptos::prelude::*;

/// The folders pane of the mailbox.
#[component]
pub fn FoldersPane(controller: MailboxScreen) -> impl IntoView {
    let mailbox = controller.mailbox;
    let dialog = controller.dialog;
    let on_menu = Callback::new(
        move |(folder, choice): (Folder, FolderChoice)| match choice {
            FolderChoice::Rename => dialog.set(Some(FolderDialog::Rename(folder))),
            FolderChoice::Delete => dialog.set(Some(FolderDialog::Delete {
                non_empty: folder.total > 0,
                count: (folder.total > 0).then_some(folder.total),
                folder,
            })),
            FolderChoice::ToggleSubscription => mailbox.toggle_subscription(folder),
        },
    );
    let on_drop = Callback::new(move |(to, uids)| mailbox.transfer(uids, to, TransferKind::Move));
    view! {
        <aside class="pane pane-folders" id="folders-pane" data-testid="folders-pane">
            <div class="pane-bar phone-only">
                <button
                    type="button"
                    class="button back-button"
                    on:click=move |_| mailbox.pane.set(Pane::List)
                >
                    <BackIcon />
                    {tr(Text::BackToList)}
                </button>
            </div>
            <div class="folders-header">
                <h2>{tr(Text::Folders)}</h2>
                <button
                    type="button"
                    class="button icon-button"
                    data-testid="new-folder"
                    title=tr(MailText::NewFolder)
                    on:click=move |_| dialog.set(Some(FolderDialog::Create))
                >
                    <span aria-hidden="true">"+"</span>
                    <span class="visually-hidden">{tr(MailText::NewFolder)}</span>
                </button>
            </div>
            {move || match mailbox.folders.get() {
                Load::Loading => {
                    view! { <p class="pane-status" role="status">{tr(Text::Loading)}</p> }
                        .into_any()
                }
                Load::Failed(error) => {
                    view! {
                        <ErrorNotice error=Signal::stored(Some(error)) />
                        <button type="button" class="button" on:click=move |_| mailbox.load_folders()>
                            {tr(Text::Retry)}
                        </button>
                    }
                        .into_any()
                }
                Load::Ready(folders) => {
                    view! {
                        <FolderList
                            folders=Signal::stored(folders)
                            current=mailbox.folder
                            on_select=Callback::new(move |path| mailbox.select_folder(path))
                            on_menu
                            on_drop
                        />
                    }
                        .into_any()
                }
            }}
            <footer class="folders-footer">
                <HelpLinks signed_in=true />
            </footer>
        </aside>
    }
}
