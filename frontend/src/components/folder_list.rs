//! The folder tree: role folders under their translated names, unread counts, nesting,
//! a menu per folder (rename, delete, subscription) and drop targets for dragged rows.

use crate::components::message_list::{DRAG_TYPE, parse_drag_data};
use crate::i18n::{MailText, Text};
use crate::state::{tr, use_locale};
use facteur_model::folder::{Folder, FolderRole};
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;

/// Deepest indentation drawn; deeper folders line up with it.
const MAX_INDENT: u16 = 6;

/// What the user chose in a folder's menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderChoice {
    Rename,
    Delete,
    ToggleSubscription,
}

/// The account's folders, in display order.
#[component]
pub fn FolderList(
    /// Folders in display order.
    #[prop(into)]
    folders: Signal<Vec<Folder>>,
    /// The folder being shown.
    #[prop(into)]
    current: Signal<FolderPath>,
    /// A folder was chosen.
    on_select: Callback<FolderPath>,
    /// A choice in a folder's menu (no menus when absent).
    #[prop(optional)]
    on_menu: Option<Callback<(Folder, FolderChoice)>>,
    /// Messages were dropped on a folder (no drop targets when absent).
    #[prop(optional)]
    on_drop: Option<Callback<(FolderPath, Vec<Uid>)>>,
) -> impl IntoView {
    view! {
        <nav class="folder-list" aria-label=tr(Text::FolderListLabel)>
            <ul role="list">
                <For
                    each=move || folders.get()
                    key=|folder| {
                        (folder.path.clone(), folder.unread, folder.role, folder.subscribed)
                    }
                    children=move |folder| {
                        view! { <FolderItem folder current on_select on_menu on_drop /> }
                    }
                />
            </ul>
        </nav>
    }
}

#[component]
fn FolderItem(
    folder: Folder,
    current: Signal<FolderPath>,
    on_select: Callback<FolderPath>,
    on_menu: Option<Callback<(Folder, FolderChoice)>>,
    on_drop: Option<Callback<(FolderPath, Vec<Uid>)>>,
) -> impl IntoView {
    let locale = use_locale();
    let role = folder.role;
    let shown = folder.clone();
    let name = move || crate::folder_names::display_name(locale.get(), &shown);
    let unread = folder.unread;
    let unread_label = move || format!("{unread} {}", locale.text(Text::Unread));
    let depth_class = format!("depth-{}", folder.depth.min(MAX_INDENT));
    let path = folder.path.clone();
    let is_current = {
        let path = path.clone();
        move || current.get() == path
    };
    let badge = (unread > 0).then(|| {
        view! {
            <span class="unread-count" aria-label=unread_label>
                {unread}
            </span>
        }
    });
    let unsubscribed = (!folder.subscribed).then(|| {
        view! {
            <span class="folder-unsubscribed">{tr(MailText::NotSubscribed)}</span>
        }
    });

    if !folder.selectable {
        return view! {
            <li class=format!("folder-item folder-group {depth_class}")>
                <span class="folder-name">{name}</span>
            </li>
        }
        .into_any();
    }

    let drop_hover = RwSignal::new(false);
    let drop_path = path.clone();
    let accepts = move |ev: &leptos::ev::DragEvent| {
        on_drop.is_some()
            && ev
                .data_transfer()
                .is_some_and(|t| t.types().includes(&DRAG_TYPE.into(), 0))
    };
    let menu = on_menu
        .filter(|_| role != Some(FolderRole::Inbox))
        .map(|on_menu| view! { <FolderMenu folder=folder.clone() on_menu /> });

    let select_path = path.clone();
    let button_class = if unread > 0 {
        "folder-button has-unread"
    } else {
        "folder-button"
    };
    view! {
        <li
            class=format!("folder-item {depth_class}")
            class:drop-target=move || drop_hover.get()
            on:dragover=move |ev| {
                if accepts(&ev) {
                    ev.prevent_default();
                    if let Some(transfer) = ev.data_transfer() {
                        transfer.set_drop_effect("move");
                    }
                    drop_hover.set(true);
                }
            }
            on:dragleave=move |_| drop_hover.set(false)
            on:drop=move |ev| {
                drop_hover.set(false);
                let (Some(on_drop), Some(transfer)) = (on_drop, ev.data_transfer()) else {
                    return;
                };
                ev.prevent_default();
                let uids = parse_drag_data(&transfer.get_data(DRAG_TYPE).unwrap_or_default());
                if !uids.is_empty() {
                    on_drop.run((drop_path.clone(), uids));
                }
            }
        >
            <button
                type="button"
                class=button_class
                class:current=is_current.clone()
                data-testid="folder-item"
                data-folder=path.as_str().to_owned()
                data-role=role.map(|r| format!("{r:?}").to_lowercase())
                aria-current=move || if is_current() { Some("page") } else { None }
                on:click=move |_| on_select.run(select_path.clone())
            >
                <span class="folder-name">{name}</span>
                {unsubscribed}
                {badge}
            </button>
            {menu}
        </li>
    }
    .into_any()
}

/// The "⋯" button of a folder and its choices; role folders can only change subscription.
#[component]
fn FolderMenu(folder: Folder, on_menu: Callback<(Folder, FolderChoice)>) -> impl IntoView {
    let locale = use_locale();
    let open = RwSignal::new(false);
    let editable = folder.role.is_none();
    let subscribed = folder.subscribed;
    let menu_id = format!(
        "folder-menu-{}",
        folder
            .path
            .as_str()
            .replace(|c: char| !c.is_alphanumeric(), "-")
    );
    let choose = move |choice: FolderChoice, folder: Folder| {
        open.set(false);
        on_menu.run((folder, choice));
    };
    let (rename_folder, delete_folder, subscription_folder) =
        (folder.clone(), folder.clone(), folder.clone());
    let container = NodeRef::<leptos::html::Div>::new();
    view! {
        <div
            class="folder-menu"
            node_ref=container
            on:keydown=move |ev| {
                if ev.key() == "Escape" && open.try_get_untracked() == Some(true) {
                    ev.stop_propagation();
                    open.set(false);
                }
            }
            on:focusout=move |ev: leptos::ev::FocusEvent| {
                // Chromium sends `focusout` when it removes a focused element, and the
                // folder list is rebuilt (its menus disposed first) whenever folders
                // reload: the menu may be gone already, with nothing left to close.
                let Some(menu) = container.try_get_untracked() else {
                    return;
                };
                // Only when focus went somewhere else (Tab): some browsers do not focus a
                // clicked button, and closing then would swallow the click.
                let elsewhere = match (menu, ev.related_target()) {
                    (Some(menu), Some(next)) => {
                        !wasm_bindgen::JsCast::dyn_ref::<web_sys::Node>(&next)
                            .is_some_and(|node| menu.contains(Some(node)))
                    }
                    _ => false,
                };
                if elsewhere {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                class="button icon-button folder-menu-button"
                data-testid="folder-menu"
                aria-haspopup="menu"
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-controls=menu_id.clone()
                title=tr(MailText::FolderActions)
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">"⋯"</span>
                <span class="visually-hidden">{tr(MailText::FolderActions)}</span>
            </button>
            <Show when=move || open.get()>
                <ul class="menu" role="menu" id=menu_id.clone()>
                    {editable
                        .then(|| {
                            let (rename_folder, delete_folder) = (
                                rename_folder.clone(),
                                delete_folder.clone(),
                            );
                            view! {
                                <li role="none">
                                    <button
                                        type="button"
                                        role="menuitem"
                                        data-testid="folder-rename"
                                        on:click=move |_| choose(FolderChoice::Rename, rename_folder.clone())
                                    >
                                        {tr(MailText::Rename)}
                                    </button>
                                </li>
                                <li role="none">
                                    <button
                                        type="button"
                                        role="menuitem"
                                        data-testid="folder-delete"
                                        on:click=move |_| choose(FolderChoice::Delete, delete_folder.clone())
                                    >
                                        {tr(MailText::Delete)}
                                    </button>
                                </li>
                            }
                        })}
                    <li role="none">
                        <button
                            type="button"
                            role="menuitem"
                            data-testid="folder-subscribe"
                            on:click={
                                let folder = subscription_folder.clone();
                                move |_| choose(FolderChoice::ToggleSubscription, folder.clone())
                            }
                        >
                            {move || {
                                locale.text(if subscribed { MailText::Unsubscribe } else { MailText::Subscribe })
                            }}
                        </button>
                    </li>
                </ul>
            </Show>
        </div>
    }
}
