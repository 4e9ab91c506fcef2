//! « Move to… » and « Copy to… » side by side, as the list toolbar and the reader show
//! them.

use crate::api::TransferKind;
use crate::components::folder_picker::FolderPicker;
use crate::i18n::MailText;
use facteur_model::FolderPath;
use facteur_model::folder::Folder;
use leptos::prelude::*;

/// The two pickers; `testids` are the move's and the copy's `data-testid`.
#[component]
pub fn TransferPickers(
    folders: Signal<Vec<Folder>>,
    /// The folder shown, not offered.
    exclude: RwSignal<FolderPath>,
    #[prop(into)] enabled: Signal<bool>,
    testids: (&'static str, &'static str),
    on_pick: Callback<(FolderPath, TransferKind)>,
) -> impl IntoView {
    view! {
        <FolderPicker
            label=MailText::MoveTo
            folders
            exclude
            enabled
            testid=testids.0
            on_pick=Callback::new(move |to| on_pick.run((to, TransferKind::Move)))
        />
        <FolderPicker
            label=MailText::CopyTo
            folders
            exclude
            enabled
            testid=testids.1
            on_pick=Callback::new(move |to| on_pick.run((to, TransferKind::Copy)))
        />
    }
}
