//! Creating, renaming and deleting folders, in a modal dialog. Deleting a folder that
//! holds messages asks what to do with them: to the Trash, or destroyed, never by default.

use crate::api::{self, ApiError};
use crate::components::dialog_buttons::{ButtonRow, DialogButtons};
use crate::components::error_notice::ErrorNotice;
use crate::folder_names::{self, check_create, check_rename};
use crate::i18n::{self, MailText};
use crate::owned_task::TaskOwner;
use crate::state::{tr, use_locale};
use facteur_model::FolderPath;
use facteur_model::folder::Folder;
use facteur_model::folder_ops::{CreateFolder, NonEmptyFolder, RenameFolder};
use facteur_model::problem::ErrorCode;
use leptos::html;
use leptos::prelude::*;

/// The dialog being shown.
#[derive(Debug, Clone, PartialEq)]
pub enum FolderDialog {
    Create,
    Rename(Folder),
    /// `count` is known when the server said the folder is not empty.
    Delete {
        folder: Folder,
        non_empty: bool,
        count: Option<u32>,
    },
}

/// What a dialog changed, for the mailbox to follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderChange {
    Created(FolderPath),
    Renamed { from: FolderPath, to: FolderPath },
    Deleted(FolderPath),
}

/// The modal for `dialog`, nothing when it is `None`.
#[component]
pub fn FolderDialogs(
    dialog: RwSignal<Option<FolderDialog>>,
    #[prop(into)] folders: Signal<Vec<Folder>>,
    on_changed: Callback<FolderChange>,
) -> impl IntoView {
    move || {
        dialog.get().map(|current| {
            let close = Callback::new(move |()| dialog.set(None));
            match current {
                FolderDialog::Create => {
                    view! { <CreateDialog folders close on_changed /> }.into_any()
                }
                FolderDialog::Rename(folder) => {
                    view! { <RenameDialog folder folders close on_changed /> }.into_any()
                }
                FolderDialog::Delete {
                    folder,
                    non_empty,
                    count,
                } => view! { <DeleteDialog folder non_empty count dialog close on_changed /> }
                    .into_any(),
            }
        })
    }
}

/// The frame of every dialog: title, Escape to close, first field focused.
#[component]
fn DialogFrame(title: MailText, close: Callback<()>, children: Children) -> impl IntoView {
    let locale = use_locale();
    let frame = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(frame) = frame.get()
            && let Ok(Some(first)) = frame.query_selector("input, select, button.button-primary")
            && let Ok(first) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(first)
        {
            let _ = first.focus();
        }
    });
    view! {
        <div class="dialog-backdrop" on:click=move |_| close.run(())>
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="dialog-title"
                data-testid="folder-dialog"
                node_ref=frame
                on:click=|ev| ev.stop_propagation()
                on:keydown=move |ev| {
                    if ev.key() == "Escape" {
                        ev.stop_propagation();
                        close.run(());
                    }
                }
            >
                <h2 id="dialog-title">{move || locale.text(title)}</h2>
                {children()}
            </div>
        </div>
    }
}

#[component]
fn CreateDialog(
    folders: Signal<Vec<Folder>>,
    close: Callback<()>,
    on_changed: Callback<FolderChange>,
) -> impl IntoView {
    let tasks = TaskOwner::current();
    let locale = use_locale();
    let name = RwSignal::new(String::new());
    let parent = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ErrorCode>);
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    // What the user changes makes the last complaint stale.
    let edited = move || {
        problem.set(None);
        error.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        edited();
        let parent = Some(parent.get_untracked())
            .filter(|p| !p.is_empty())
            .map(FolderPath);
        let typed = name.get_untracked();
        if let Err(code) =
            folders.with_untracked(|list| check_create(&typed, parent.as_ref(), list))
        {
            problem.set(Some(code));
            return;
        }
        pending.set(true);
        tasks.spawn(async move {
            let request = CreateFolder {
                path: None,
                parent,
                name: Some(typed.trim().to_owned()),
            };
            let result = api::create_folder(&request).await;
            pending.set(false);
            match result {
                Ok(created) => {
                    close.run(());
                    on_changed.run(FolderChange::Created(created.path));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let parents = move || {
        folders
            .get()
            .into_iter()
            .map(|f| {
                let label = folder_names::picker_label(locale.get(), &f);
                view! { <option value=f.path.as_str().to_owned()>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <DialogFrame title=MailText::NewFolder close>
            <form on:submit=submit novalidate=true>
                <div class="field">
                    <label for="new-folder-name">{tr(MailText::FolderName)}</label>
                    <input
                        id="new-folder-name"
                        type="text"
                        data-testid="folder-name-input"
                        autocomplete="off"
                        prop:value=move || name.get()
                        on:input=move |ev| {
                            name.set(event_target_value(&ev));
                            edited();
                        }
                    />
                </div>
                <div class="field">
                    <label for="new-folder-parent">{tr(MailText::ParentFolder)}</label>
                    <select
                        id="new-folder-parent"
                        data-testid="folder-parent"
                        prop:value=move || parent.get()
                        on:change=move |ev| {
                            parent.set(event_target_value(&ev));
                            edited();
                        }
                    >
                        <option value="">{tr(MailText::TopLevel)}</option>
                        {parents}
                    </select>
                </div>
                <NameProblem problem />
                <ErrorNotice error />
                <DialogButtons on_cancel=close>
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="folder-create-submit"
                        disabled=move || pending.get()
                    >
                        {tr(MailText::Create)}
                    </button>
                </DialogButtons>
            </form>
        </DialogFrame>
    }
}

#[component]
fn RenameDialog(
    folder: Folder,
    folders: Signal<Vec<Folder>>,
    close: Callback<()>,
    on_changed: Callback<FolderChange>,
) -> impl IntoView {
    let tasks = TaskOwner::current();
    let name = RwSignal::new(folder.name.clone());
    let problem = RwSignal::new(None::<ErrorCode>);
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let folder = StoredValue::new(folder);
    let edited = move || {
        problem.set(None);
        error.set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        edited();
        let folder = folder.get_value();
        let typed = name.get_untracked();
        let new_path = match folders.with_untracked(|list| check_rename(&folder, &typed, list)) {
            Ok(path) => path,
            Err(code) => {
                problem.set(Some(code));
                return;
            }
        };
        if new_path == folder.path {
            close.run(());
            return;
        }
        pending.set(true);
        tasks.spawn(async move {
            let result = api::rename_folder(&folder.path, &RenameFolder { new_path }).await;
            pending.set(false);
            match result {
                Ok(renamed) => {
                    close.run(());
                    on_changed.run(FolderChange::Renamed {
                        from: folder.path.clone(),
                        to: renamed.path,
                    });
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <DialogFrame title=MailText::RenameFolder close>
            <form on:submit=submit novalidate=true>
                <div class="field">
                    <label for="rename-folder-name">{tr(MailText::NewName)}</label>
                    <input
                        id="rename-folder-name"
                        type="text"
                        data-testid="folder-rename-input"
                        autocomplete="off"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
                <NameProblem problem />
                <ErrorNotice error />
                <DialogButtons on_cancel=close>
                    <button
                        type="submit"
                        class="button button-primary"
                        data-testid="folder-rename-submit"
                        disabled=move || pending.get()
                    >
                        {tr(MailText::Save)}
                    </button>
                </DialogButtons>
            </form>
        </DialogFrame>
    }
}

#[component]
fn DeleteDialog(
    folder: Folder,
    non_empty: bool,
    count: Option<u32>,
    dialog: RwSignal<Option<FolderDialog>>,
    close: Callback<()>,
    on_changed: Callback<FolderChange>,
) -> impl IntoView {
    let tasks = TaskOwner::current();
    let locale = use_locale();
    let error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let stored = StoredValue::new(folder.clone());
    let delete = move |policy: NonEmptyFolder| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let folder = stored.get_value();
        tasks.spawn(async move {
            let result = api::delete_folder(&folder.path, policy).await;
            pending.set(false);
            match result {
                Ok(deleted) => {
                    close.run(());
                    on_changed.run(FolderChange::Deleted(deleted.path));
                }
                Err(ApiError::Bridge {
                    code: ErrorCode::FolderNotEmpty,
                    message_count,
                    ..
                }) => dialog.set(Some(FolderDialog::Delete {
                    folder,
                    non_empty: true,
                    count: message_count,
                })),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let name = folder.name.clone();
    let question = move || {
        if non_empty {
            crate::i18n::folder_not_empty(locale.get(), count)
        } else {
            locale.text(MailText::DeleteEmptyQuestion).to_owned()
        }
    };
    let buttons = if non_empty {
        view! {
            <p class="hint">{tr(MailText::DestroyWarning)}</p>
            <DialogButtons on_cancel=close layout=ButtonRow::Choices>
                <button
                    type="button"
                    class="button"
                    data-testid="delete-move-to-trash"
                    disabled=move || pending.get()
                    on:click=move |_| delete(NonEmptyFolder::MoveToTrash)
                >
                    {tr(MailText::MoveMessagesToTrash)}
                </button>
                <button
                    type="button"
                    class="button button-danger"
                    data-testid="delete-destroy"
                    disabled=move || pending.get()
                    on:click=move |_| delete(NonEmptyFolder::Destroy)
                >
                    {tr(MailText::DestroyMessages)}
                </button>
            </DialogButtons>
        }
        .into_any()
    } else {
        view! {
            <DialogButtons on_cancel=close>
                <button
                    type="button"
                    class="button button-primary button-danger"
                    data-testid="folder-delete-confirm"
                    disabled=move || pending.get()
                    on:click=move |_| delete(NonEmptyFolder::Refuse)
                >
                    {tr(MailText::Delete)}
                </button>
            </DialogButtons>
        }
        .into_any()
    };
    view! {
        <DialogFrame title=MailText::DeleteFolder close>
            <p class="dialog-subject">
                <strong>{name}</strong>
            </p>
            <p data-testid="delete-question">{question}</p>
            <ErrorNotice error />
            {buttons}
        </DialogFrame>
    }
}

/// Why the typed folder name can't be used, checked before the bridge sees it.
#[component]
fn NameProblem(problem: RwSignal<Option<ErrorCode>>) -> impl IntoView {
    let locale = use_locale();
    move || {
        problem.get().map(|code| {
            view! {
                <p class="form-error" role="alert" data-testid="folder-name-problem">
                    {move || i18n::error_code(locale.get(), code)}
                </p>
            }
        })
    }
}
