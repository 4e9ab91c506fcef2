//! The folder tree: role folders under their translated names, unread counts, nesting.

use crate::i18n::{self, Text};
use crate::state::use_locale;
use facteur_model::FolderPath;
use facteur_model::folder::Folder;
use leptos::prelude::*;

/// Deepest indentation drawn; deeper folders line up with it.
const MAX_INDENT: u16 = 6;

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
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <nav class="folder-list" aria-label=move || locale.text(Text::FolderListLabel)>
            <ul role="list">
                <For
                    each=move || folders.get()
                    key=|folder| (folder.path.clone(), folder.unread, folder.role)
                    children=move |folder| view! { <FolderItem folder current on_select /> }
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
) -> impl IntoView {
    let locale = use_locale();
    let role = folder.role;
    let raw_name = folder.name.clone();
    let name = move || match role {
        Some(role) => i18n::folder_role(locale.get(), role).to_owned(),
        None => raw_name.clone(),
    };
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

    if !folder.selectable {
        return view! {
            <li class=format!("folder-item folder-group {depth_class}")>
                <span class="folder-name">{name}</span>
            </li>
        }
        .into_any();
    }

    let select_path = path.clone();
    let button_class = if unread > 0 {
        "folder-button has-unread"
    } else {
        "folder-button"
    };
    view! {
        <li class=format!("folder-item {depth_class}")>
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
                {badge}
            </button>
        </li>
    }
    .into_any()
}
