//! "Move to…" / "Copy to…": a folder `<select>` that acts when a folder is chosen. It
//! works the same with a mouse, a keyboard and a touch screen.

use crate::folder_names;
use crate::i18n::MailText;
use crate::state::use_locale;
use facteur_model::FolderPath;
use facteur_model::folder::Folder;
use leptos::prelude::*;

/// A select of the selectable folders (but `exclude`) that calls `on_pick` with the
/// chosen one, then shows its label again.
#[component]
pub fn FolderPicker(
    /// The label, shown as the first option.
    label: MailText,
    #[prop(into)] folders: Signal<Vec<Folder>>,
    /// The folder the messages are in, not offered.
    #[prop(into)]
    exclude: Signal<FolderPath>,
    /// Whether there is something to move.
    #[prop(into)]
    enabled: Signal<bool>,
    testid: &'static str,
    on_pick: Callback<FolderPath>,
) -> impl IntoView {
    let locale = use_locale();
    let choice = RwSignal::new(String::new());
    let options = move || {
        let exclude = exclude.get();
        folders
            .get()
            .into_iter()
            .filter(|f| f.selectable && f.path != exclude)
            .map(|f| {
                let label = folder_names::picker_label(locale.get(), &f);
                view! { <option value=f.path.as_str().to_owned()>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <select
            class="folder-picker"
            data-testid=testid
            aria-label=move || locale.text(label)
            disabled=move || !enabled.get()
            prop:value=move || choice.get()
            on:change=move |ev| {
                let value = event_target_value(&ev);
                choice.set(value.clone());
                if !value.is_empty() {
                    on_pick.run(FolderPath(value));
                }
                choice.set(String::new());
            }
        >
            <option value="">{move || locale.text(label)}</option>
            {options}
        </select>
    }
}
