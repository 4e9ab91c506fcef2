//! The composer: a dialog beside the list on desktops, the whole screen on phones and
//! tablets. It writes new messages, replies and forwards, continues saved drafts, saves
//! the draft as the user writes and on close, and sends with an idempotency key.
//! `controller.rs` holds its state and actions; the parts below only render them.

pub mod attachments;
pub mod controller;
pub mod editor_html;
pub mod fields;
mod focus_trap;
pub mod footer;
pub mod form;
pub mod header;
pub mod recipient_field;
pub mod rich_editor;
pub mod start;

use crate::api::Bridge;
use crate::api::compose::ComposeApi;
use crate::compose::identities::identities;
use crate::i18n::ComposeText;
use crate::settings::Settings;
use crate::state::{Session, SessionState, tr, use_locale};
use crate::stores::compose_start::ComposeStart;
use crate::stores::settings_store::SettingsStore;
use attachments::{AttachmentList, add_files};
use controller::ComposeController;
use facteur_model::compose::SendResult;
use fields::HeaderFields;
use footer::{ComposeErrorNotice, ComposeOptions, ComposerFooter};
use form::ComposeForm;
use header::ComposerHeader;
use leptos::ev;
use leptos::prelude::*;
use rich_editor::RichEditor;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The bridge calls of the composer, as a context so component tests can answer them.
#[derive(Clone)]
pub struct ComposeService(pub Arc<dyn ComposeApi + Send + Sync>);

impl ComposeService {
    /// The real bridge.
    pub fn bridge() -> ComposeService {
        ComposeService(Arc::new(Bridge))
    }

    /// The service provided above, else the real bridge.
    pub fn current() -> ComposeService {
        use_context::<ComposeService>().unwrap_or_else(ComposeService::bridge)
    }
}

/// The open composer. `on_closed` runs once it may disappear (its draft saved);
/// `on_sent` once the message went.
#[component]
pub fn ComposerView(
    start: ComposeStart,
    on_closed: Callback<()>,
    on_sent: Callback<SendResult>,
) -> impl IntoView {
    let settings = use_context::<SettingsStore>()
        .map(|store| store.settings)
        .unwrap_or_else(|| RwSignal::new(Settings::default()));
    let account = use_context::<Session>()
        .and_then(|session| match session.0.get_untracked() {
            SessionState::SignedIn(info) => Some(info.email.to_string()),
            _ => None,
        })
        .unwrap_or_default();
    // Every address of the user, for taking them out of a reply's recipients.
    let own_addresses: Vec<String> = settings.with_untracked(|s| {
        let mut all = s.identities(&account);
        all.extend(
            s.sending_identities
                .iter()
                .map(|i| i.email.trim().to_owned()),
        );
        all
    });
    let identity_list = Signal::derive(move || settings.with(|s| identities(&account, s)));
    let form = ComposeForm::new(
        identity_list,
        settings.with_untracked(|s| s.request_dsn_by_default),
    );
    let controller = ComposeController::new(
        form,
        ComposeService::current(),
        use_locale(),
        on_closed,
        on_sent,
    );

    // Replies start in the text, other messages with their recipients.
    let first_field = match &start {
        ComposeStart::Reply { .. } => "compose-body-editor",
        _ => "compose-to-input",
    };
    start::begin(controller, start, &own_addresses);
    request_animation_frame(move || {
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(first_field))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(field) = field {
            let _ = field.focus();
        }
    });

    // Each edit of the user (not the filling above) restarts the autosave delay.
    Effect::new(move |previous: Option<()>| {
        form.revision.track();
        if previous.is_some() {
            controller.edited();
        }
    });
    on_cleanup(move || controller.taken_away());

    let dialog = NodeRef::<leptos::html::Section>::new();
    let on_keydown = move |event: ev::KeyboardEvent| {
        // The mailbox's own shortcuts (j, k, u...) do not apply inside the composer.
        event.stop_propagation();
        match event.key().as_str() {
            "Tab" => {
                if let Some(dialog) = dialog.get_untracked() {
                    focus_trap::keep_tab_inside(&dialog, &event);
                }
            }
            "Escape" => {
                event.prevent_default();
                controller.close();
            }
            "Enter" if event.ctrl_key() || event.meta_key() => {
                event.prevent_default();
                controller.send();
            }
            _ => {}
        }
    };
    let dragging = RwSignal::new(false);
    let on_drop = move |event: ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        if let Some(files) = event.data_transfer().and_then(|d| d.files())
            && files.length() > 0
        {
            add_files(form, controller.capabilities.get_untracked(), files);
        }
    };

    view! {
        <section
            class="composer"
            node_ref=dialog
            class:dragging=move || dragging.get()
            role="dialog"
            aria-modal="false"
            aria-labelledby="composer-title"
            data-testid="composer"
            on:keydown=on_keydown
            on:dragover=move |event: ev::DragEvent| {
                event.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |event: ev::DragEvent| {
                // Only when leaving the composer itself, not moving between its children.
                let inside = event
                    .related_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                    .zip(event.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()))
                    .is_some_and(|(to, me)| me.contains(Some(&to)));
                if !inside {
                    dragging.set(false);
                }
            }
            on:drop=on_drop
        >
            <ComposerHeader controller />
            <Show when=move || controller.loading.get()>
                <p class="pane-status" role="status">{tr(ComposeText::LoadingDraft)}</p>
            </Show>
            <HeaderFields form />
            <RichEditor form />
            <AttachmentList form capabilities=controller.capabilities />
            <p class="drop-hint" aria-hidden="true">{tr(ComposeText::DropHere)}</p>
            <ComposeOptions controller />
            <ComposeErrorNotice controller />
            <ComposerFooter controller />
        </section>
    }
}
