//! The composer: a dialog beside the list on desktops, the whole screen on phones and
//! tablets. It writes new messages, replies and forwards, continues saved drafts, saves
//! the draft as the user writes and on close, and sends with an idempotency key.

pub mod attachments;
pub mod editor_html;
mod focus_trap;
pub mod form;
pub mod recipient_field;
pub mod rich_editor;

use crate::api::ApiError;
use crate::api::compose::{Bridge, ComposeApi, new_send_key};
use crate::compose::attempt::SendAttempt;
use crate::compose::autosave::{Autosave, CloseStep, DEBOUNCE_MS, SaveStep};
use crate::compose::identities::{Identity, identities};
use crate::compose::quote::{forward_html, reply_html};
use crate::compose::recipients::{reply_identity, reply_recipients};
use crate::compose::signature::{
    SIGNATURE_ATTRIBUTE, initial_html, replace_in_text, signature_inner_html,
};
use crate::compose::subject::{SubjectKind, derived_subject};
use crate::compose_start::ComposeStart;
use crate::i18n::glossary_text::Term;
use crate::i18n::{self, ComposeText, Text};
use crate::settings::Settings;
use crate::settings_store::SettingsStore;
use crate::state::{Session, SessionState, tr, use_locale};
use crate::time_zone::{self, BrowserZone};
use crate::views::glossary::GlossaryHint;
use attachments::{AttachmentList, add_files};
use facteur_model::compose::{
    ComposeCapabilities, DraftAttachment, SaveDraft, SendRequest, SendResult,
};
use facteur_model::{FolderPath, Timestamp, Uid};
use form::{AttachmentRow, AttachmentState, ComposeForm};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use recipient_field::RecipientField;
use rich_editor::RichEditor;
use std::sync::Arc;
use std::time::Duration;
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

/// Where saving the draft stands, for the line under the title.
#[derive(Debug, Clone, PartialEq)]
enum SaveState {
    Unsaved,
    Saving,
    SavedAt(Timestamp),
    Failed(ApiError),
}

/// Why the message could not be sent.
#[derive(Debug, Clone, PartialEq)]
enum ComposeError {
    /// Found before asking the bridge (no recipient, uploads running...).
    Local(ComposeText),
    /// The bridge's answer; `kept` when it saved the message in Drafts.
    Bridge { error: ApiError, kept: bool },
}

/// The open composer. `on_closed` runs once it may disappear (its draft saved);
/// `on_sent` once the message went.
#[component]
pub fn ComposerView(
    start: ComposeStart,
    on_closed: Callback<()>,
    on_sent: Callback<SendResult>,
) -> impl IntoView {
    let locale = use_locale();
    let service = ComposeService::current();
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
    let capabilities = RwSignal::new(None::<ComposeCapabilities>);
    let autosave = StoredValue::new(Autosave::default());
    let attempt = StoredValue::new(SendAttempt::default());
    let draft_uid = RwSignal::new(None::<Uid>);
    let save_state = RwSignal::new(SaveState::Unsaved);
    let sending = RwSignal::new(false);
    let send_queued = StoredValue::new(false);
    let error = RwSignal::new(None::<ComposeError>);
    let loading = RwSignal::new(false);
    let dragging = RwSignal::new(false);

    {
        let service = service.clone();
        spawn_local(async move {
            if let Ok(found) = service.0.capabilities().await {
                capabilities.set(Some(found));
            }
        });
    }
    // Replies start in the text, other messages with their recipients.
    let first_field = match &start {
        ComposeStart::Reply { .. } => "compose-body-editor",
        _ => "compose-to-input",
    };
    begin(
        form,
        start,
        &own_addresses,
        &service,
        draft_uid,
        loading,
        error,
    );
    request_animation_frame(move || {
        let field = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(first_field))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(field) = field {
            let _ = field.focus();
        }
    });

    // Saving: the draft as it is now, replacing the previous save.
    let save = StoredValue::new(None::<Callback<()>>);
    let send = StoredValue::new(None::<Callback<()>>);
    let after_save = move |ok: bool| {
        let step = autosave
            .try_update_value(|a| a.save_finished(ok))
            .unwrap_or(SaveStep::Wait);
        if step != SaveStep::Wait
            && let Some(save) = save.get_value()
        {
            save.run(());
            return;
        }
        if autosave.with_value(Autosave::may_close) {
            on_closed.run(());
        } else if send_queued.get_value() {
            send_queued.set_value(false);
            if let Some(send) = send.get_value() {
                send.run(());
            }
        }
    };
    {
        let service = service.clone();
        save.set_value(Some(Callback::new(move |()| {
            let request = SaveDraft {
                draft: form.draft(),
                replaces: draft_uid.get_untracked(),
            };
            save_state.set(SaveState::Saving);
            let service = service.clone();
            spawn_local(async move {
                match service.0.save_draft(request).await {
                    Ok(saved) => {
                        draft_uid.set(saved.uid);
                        save_state.set(SaveState::SavedAt(time_zone::now()));
                        after_save(true);
                    }
                    Err(failure) => {
                        save_state.set(SaveState::Failed(failure));
                        after_save(false);
                    }
                }
            });
        })));
    }
    let run_save = move |step: SaveStep| {
        if let SaveStep::Save(_) = step
            && let Some(save) = save.get_value()
        {
            save.run(());
        }
    };

    // Each edit: a new revision, saved when no other edit follows within the delay.
    Effect::new(move |previous: Option<()>| {
        form.revision.track();
        if previous.is_none() {
            return;
        }
        let revision = autosave.try_update_value(|a| a.edit()).unwrap_or_default();
        set_timeout(
            move || {
                // Not while sending: the bridge keeps the draft itself if sending fails.
                if sending.get_untracked() {
                    return;
                }
                let step = autosave
                    .try_update_value(|a| a.timer_fired(revision))
                    .unwrap_or(SaveStep::Wait);
                run_save(step);
            },
            Duration::from_millis(DEBOUNCE_MS),
        );
    });

    let close = move || {
        if sending.get_untracked() {
            return;
        }
        // A message never written is not kept.
        if draft_uid.get_untracked().is_none() && form.is_empty() {
            autosave.update_value(Autosave::settled);
            on_closed.run(());
            return;
        }
        if matches!(save_state.get_untracked(), SaveState::Failed(_))
            && !autosave.with_value(Autosave::is_saving)
        {
            // The bridge could not keep the draft: closing would lose it unless the user
            // says so.
            let confirmed = web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(ComposeText::CloseUnsaved.get(locale.0.get_untracked()))
                        .ok()
                })
                .unwrap_or(false);
            if confirmed {
                autosave.update_value(Autosave::settled);
                on_closed.run(());
                return;
            }
        }
        match autosave
            .try_update_value(|a| a.close())
            .unwrap_or(CloseStep::Close)
        {
            CloseStep::Close => on_closed.run(()),
            CloseStep::SaveThenClose(revision) => run_save(SaveStep::Save(revision)),
            CloseStep::WaitForSave => {}
        }
    };

    {
        let service = service.clone();
        send.set_value(Some(Callback::new(move |()| {
            if sending.get_untracked() {
                return;
            }
            let lists = [form.to, form.cc, form.bcc];
            // Every field commits its typed text, so each shows its own problem.
            let invalid = lists.iter().filter(|list| !list.commit()).count();
            if invalid > 0 {
                error.set(Some(ComposeError::Local(ComposeText::FixRecipients)));
                return;
            }
            if lists
                .iter()
                .all(|list| list.addresses.with_untracked(Vec::is_empty))
            {
                error.set(Some(ComposeError::Local(ComposeText::NoRecipient)));
                return;
            }
            if form.uploading() {
                error.set(Some(ComposeError::Local(ComposeText::WaitForUploads)));
                return;
            }
            error.set(None);
            sending.set(true);
            if autosave.with_value(Autosave::is_saving) {
                // Sending now would leave the copy being saved behind in Drafts.
                send_queued.set_value(true);
                return;
            }
            let revision = autosave.with_value(Autosave::revision);
            let key = attempt
                .try_update_value(|a| a.key_for(revision, new_send_key))
                .unwrap_or_else(new_send_key);
            let request = SendRequest {
                key,
                draft: form.draft(),
                draft_uid: draft_uid.get_untracked(),
            };
            let service = service.clone();
            spawn_local(async move {
                let result = service.0.send(request).await;
                sending.set(false);
                match result {
                    Ok(sent) => {
                        autosave.update_value(Autosave::settled);
                        on_sent.run(sent);
                        on_closed.run(());
                    }
                    Err(failure) => {
                        let kept = match &failure {
                            ApiError::Bridge {
                                saved_draft: Some(saved),
                                ..
                            } => {
                                if saved.uid.is_some() {
                                    draft_uid.set(saved.uid);
                                }
                                true
                            }
                            _ => false,
                        };
                        error.set(Some(ComposeError::Bridge {
                            error: failure,
                            kept,
                        }));
                    }
                }
            });
        })));
    }
    // Replaced by another composer (or the mailbox left) with edits unsaved: save them
    // on the way out, as the close button would have.
    {
        let service = service.clone();
        on_cleanup(move || {
            let owed = autosave
                .try_with_value(|a| a.is_dirty() && !a.is_saving())
                .unwrap_or(false);
            if !owed || sending.try_get_untracked().unwrap_or(true) {
                return;
            }
            let replaces = draft_uid.try_get_untracked().flatten();
            if replaces.is_none() && form.is_empty() {
                return;
            }
            let request = SaveDraft {
                draft: form.draft(),
                replaces,
            };
            spawn_local(async move {
                let _ = service.0.save_draft(request).await;
            });
        });
    }
    let send_now = move || {
        if let Some(send) = send.get_value() {
            send.run(());
        }
    };

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
                close();
            }
            "Enter" if event.ctrl_key() || event.meta_key() => {
                event.prevent_default();
                send_now();
            }
            _ => {}
        }
    };
    let on_drop = move |event: ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        if let Some(files) = event.data_transfer().and_then(|d| d.files())
            && files.length() > 0
        {
            add_files(form, capabilities.get_untracked(), files);
        }
    };
    let on_identity = move |event: ev::Event| {
        let Ok(index) = event_target_value(&event).parse::<usize>() else {
            return;
        };
        let old = form.identity().map(|i| i.signature).unwrap_or_default();
        form.from.set(index);
        let new = form.identity().map(|i| i.signature).unwrap_or_default();
        swap_signature(form, &old, &new);
        form.touch();
    };

    let title = move || {
        let subject = form.subject.get();
        if subject.trim().is_empty() {
            tr(ComposeText::NewMessage)().to_owned()
        } else {
            subject
        }
    };
    let draft_state = move || match save_state.get() {
        SaveState::Unsaved => String::new(),
        SaveState::Saving => tr(ComposeText::Saving)().to_owned(),
        SaveState::SavedAt(at) => {
            i18n::saved_at(locale.get(), &i18n::time_of_day(at, &BrowserZone))
        }
        SaveState::Failed(_) => tr(ComposeText::NotSaved)().to_owned(),
    };
    let identity_options = move || {
        identity_list
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, identity): (usize, Identity)| {
                view! {
                    <option value=index.to_string() prop:selected=move || form.from.get() == index>
                        {identity.label()}
                    </option>
                }
            })
            .collect_view()
    };
    let dsn_missing = move || capabilities.with(|c| c.as_ref().is_some_and(|c| !c.dsn));
    let error_view = move || {
        error.get().map(|shown| {
            let (text, detail, kept) = match &shown {
                ComposeError::Local(text) => (text.get(locale.get()).to_owned(), None, false),
                ComposeError::Bridge { error, kept } => (
                    i18n::api_error(locale.get(), error).to_owned(),
                    error.detail().map(str::to_owned),
                    *kept,
                ),
            };
            view! {
                <div class="notice notice-error compose-error" role="alert" data-testid="compose-error">
                    <p class="notice-text">{text}</p>
                    {detail
                        .map(|detail| {
                            view! {
                                <p class="notice-detail">
                                    {tr(Text::ServerSaid)}" "<q>{detail}</q>
                                </p>
                            }
                        })}
                    {kept
                        .then(|| view! { <p class="compose-kept">{tr(ComposeText::KeptInDrafts)}</p> })}
                </div>
            }
        })
    };
    let to_change = Callback::new(move |()| form.touch());

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
            <header class="composer-header">
                <h2 id="composer-title" class="composer-title">{title}</h2>
                <span class="composer-draft-state" role="status" data-testid="compose-draft-state">
                    {draft_state}
                </span>
                <button
                    type="button"
                    class="button icon-button composer-close"
                    data-testid="compose-close"
                    title=tr(ComposeText::Close)
                    aria-label=tr(ComposeText::Close)
                    on:click=move |_| close()
                >
                    <span aria-hidden="true">"×"</span>
                </button>
            </header>
            <Show when=move || loading.get()>
                <p class="pane-status" role="status">{tr(ComposeText::LoadingDraft)}</p>
            </Show>
            <div class="composer-fields">
                <div class="compose-row">
                    <label class="recipient-label" for="compose-from">{tr(ComposeText::FromLabel)}</label>
                    <select id="compose-from" class="compose-from" data-testid="compose-from" on:change=on_identity>
                        {identity_options}
                    </select>
                </div>
                <RecipientField label=ComposeText::ToLabel testid="compose-to" list=form.to on_change=to_change />
                <RecipientField label=ComposeText::CcLabel testid="compose-cc" list=form.cc on_change=to_change />
                <RecipientField label=ComposeText::BccLabel testid="compose-bcc" list=form.bcc on_change=to_change />
                <div class="compose-row">
                    <label class="recipient-label" for="compose-subject">{tr(ComposeText::SubjectLabel)}</label>
                    <input
                        id="compose-subject"
                        type="text"
                        class="compose-subject"
                        data-testid="compose-subject"
                        prop:value=move || form.subject.get()
                        on:input=move |event| {
                            form.subject.set(event_target_value(&event));
                            form.touch();
                        }
                    />
                </div>
            </div>
            <RichEditor form />
            <AttachmentList form capabilities />
            <p class="drop-hint" aria-hidden="true">{tr(ComposeText::DropHere)}</p>
            <fieldset class="compose-options">
                // The hint sits beside the label, not inside it, so the checkbox's
                // accessible name stays the label alone.
                <div class="compose-option">
                    <label class="checkbox">
                        <input
                            type="checkbox"
                            data-testid="compose-dsn"
                            prop:checked=move || form.request_dsn.get()
                            on:change=move |event| {
                                form.request_dsn.set(event_target_checked(&event));
                                form.touch();
                            }
                        />
                        {tr(ComposeText::RequestDsn)}
                    </label>
                    <GlossaryHint term=Term::Dsn />
                </div>
                <Show when=dsn_missing>
                    <p class="notice notice-warning compose-dsn-warning" data-testid="compose-dsn-warning">
                        {tr(ComposeText::DsnUnavailable)}
                    </p>
                </Show>
                <label class="checkbox">
                    <input
                        type="checkbox"
                        data-testid="compose-read-receipt"
                        prop:checked=move || form.request_read_receipt.get()
                        on:change=move |event| {
                            form.request_read_receipt.set(event_target_checked(&event));
                            form.touch();
                        }
                    />
                    {tr(ComposeText::RequestReadReceipt)}
                </label>
            </fieldset>
            {error_view}
            <footer class="composer-footer">
                <button
                    type="button"
                    class="button button-primary compose-send"
                    data-testid="compose-send"
                    disabled=move || sending.get() || loading.get()
                    aria-busy=move || if sending.get() { "true" } else { "false" }
                    on:click=move |_| send_now()
                >
                    {move || {
                        if sending.get() { tr(ComposeText::Sending)() } else { tr(ComposeText::Send)() }
                    }}
                </button>
                <span class="compose-hint">{tr(ComposeText::ShortcutHint)}</span>
            </footer>
        </section>
    }
}

/// Fills the form for how the composer was opened.
fn begin(
    form: ComposeForm,
    start: ComposeStart,
    own_addresses: &[String],
    service: &ComposeService,
    draft_uid: RwSignal<Option<Uid>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ComposeError>>,
) {
    let locale = use_locale().0.get_untracked();
    let emails: Vec<String> = form
        .identities
        .with_untracked(|list| list.iter().map(|i| i.address.email.clone()).collect());
    let signature_of = |index: usize| {
        form.identities
            .with_untracked(|list| list.get(index).map(|i| i.signature.clone()))
            .unwrap_or_default()
    };
    match start {
        ComposeStart::New => form.set_body_html(initial_html(&signature_of(0), "")),
        ComposeStart::Reply { message, all } => {
            let recipients = reply_recipients(&message, own_addresses, all);
            let from = reply_identity(&message, &emails);
            form.from.set(from);
            form.to.addresses.set(recipients.to);
            form.cc.addresses.set(recipients.cc);
            form.subject.set(derived_subject(
                &message.summary.subject,
                SubjectKind::Reply,
                locale,
            ));
            let mut references = message.references.clone();
            if references.is_empty()
                && let Some(parent) = &message.in_reply_to
            {
                references.push(parent.clone());
            }
            if let Some(id) = &message.message_id {
                if !references.contains(id) {
                    references.push(id.clone());
                }
                form.in_reply_to.set(Some(id.clone()));
            }
            form.references.set(references);
            let quote = reply_html(locale, &message, &BrowserZone);
            form.set_body_html(initial_html(&signature_of(from), &quote));
        }
        ComposeStart::Forward {
            message,
            as_attachment,
        } => {
            form.subject.set(derived_subject(
                &message.summary.subject,
                SubjectKind::Forward,
                locale,
            ));
            let attached: Vec<DraftAttachment> = if as_attachment {
                vec![DraftAttachment::Message {
                    folder: message.folder.clone(),
                    uid: message.summary.uid,
                    subject: message.summary.subject.clone(),
                    size: u64::from(message.summary.size),
                }]
            } else {
                message
                    .attachments
                    .iter()
                    .map(|a| DraftAttachment::FromMessage {
                        folder: message.folder.clone(),
                        uid: message.summary.uid,
                        index: a.index,
                        filename: a.filename.clone(),
                        content_type: a.content_type.clone(),
                        size: a.size,
                    })
                    .collect()
            };
            let rows = attached
                .into_iter()
                .map(|attachment| {
                    let (filename, size) = form::attachment_name_and_size(&attachment);
                    AttachmentRow {
                        key: form.new_key(),
                        filename,
                        size,
                        state: AttachmentState::Ready(attachment),
                        handle: None,
                    }
                })
                .collect();
            form.attachments.set(rows);
            let quote = if as_attachment {
                String::new()
            } else {
                forward_html(locale, &message, &BrowserZone)
            };
            form.set_body_html(initial_html(&signature_of(0), &quote));
        }
        ComposeStart::Draft { folder, uid } => {
            loading.set(true);
            let service = service.clone();
            spawn_local(async move {
                reopen(service, form, folder, uid, draft_uid, error).await;
                loading.set(false);
            });
        }
    }
}

async fn reopen(
    service: ComposeService,
    form: ComposeForm,
    folder: FolderPath,
    uid: Uid,
    draft_uid: RwSignal<Option<Uid>>,
    error: RwSignal<Option<ComposeError>>,
) {
    match service.0.reopen_draft(folder, uid).await {
        Ok(mut draft) => {
            // Why the last send failed shows as it did then, until the next try.
            let failure = draft.last_failure.take();
            form.fill(draft);
            draft_uid.set(Some(uid));
            if let Some(failure) = failure {
                error.set(Some(ComposeError::Bridge {
                    error: ApiError::Bridge {
                        code: failure.code,
                        detail: failure.detail,
                        message_count: None,
                        current_settings: None,
                        limit_bytes: None,
                        saved_draft: None,
                    },
                    kept: true,
                }));
            }
        }
        Err(failure) => error.set(Some(ComposeError::Bridge {
            error: failure,
            kept: false,
        })),
    }
}

/// Puts the new identity's signature where the old one was (or adds it).
fn swap_signature(form: ComposeForm, old: &str, new: &str) {
    if let Some(text) = form.plain.get_untracked() {
        form.plain.set(Some(replace_in_text(&text, old, new)));
        return;
    }
    let Some(editor) = form.editor.get_untracked() else {
        return;
    };
    let inner = signature_inner_html(new);
    let selector = format!("[{SIGNATURE_ATTRIBUTE}]");
    match editor.query_selector(&selector).ok().flatten() {
        Some(block) if inner.is_empty() => block.remove(),
        Some(block) => editor_html::load(&block, &inner),
        None if inner.is_empty() => {}
        None => {
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let Ok(block) = document.create_element("div") else {
                return;
            };
            let _ = block.set_attribute(SIGNATURE_ATTRIBUTE, "");
            editor_html::load(&block, &inner);
            // Above the quote of a reply, else at the end.
            let quote = editor.query_selector("blockquote").ok().flatten();
            let _ = editor.insert_before(&block, quote.as_ref().map(|q| q.unchecked_ref()));
        }
    }
    form.html.set(editor.inner_html());
}
