//! Attachments: the file picker, files dropped on the composer, one row per file with
//! its upload progress, size, problem and a remove button.

use super::ComposeService;
use super::form::{AttachmentProblem, AttachmentRow, AttachmentState, ComposeForm};
use crate::api::compose::Upload;
use crate::components::icons::AttachmentIcon;
use crate::compose::size::exceeds_server_limit;
use crate::i18n::{self, ComposeText, Locale, Text};
use crate::state::{tr, use_locale};
use facteur_model::compose::{ComposeCapabilities, DraftAttachment};
use facteur_model::problem::ErrorCode;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use web_sys::{File, FileList};

/// Adds every file of `files` to the message, uploading those within the size limit.
pub fn add_files(form: ComposeForm, capabilities: Option<ComposeCapabilities>, files: FileList) {
    for index in 0..files.length() {
        if let Some(file) = files.get(index) {
            add_file(form, capabilities.as_ref(), file);
        }
    }
}

fn add_file(form: ComposeForm, capabilities: Option<&ComposeCapabilities>, file: File) {
    let key = form.new_key();
    let size = file.size() as u64;
    let mut row = AttachmentRow {
        key,
        filename: file.name(),
        size,
        state: AttachmentState::Uploading {
            sent: 0,
            total: size,
        },
        handle: None,
    };
    // Refused before a byte is sent: the bridge would refuse it after the whole upload.
    if let Some(limit) = capabilities.map(|c| c.max_attachment_bytes)
        && size > limit
    {
        row.state = AttachmentState::Failed(AttachmentProblem::TooLarge { limit });
        form.attachments.update(|rows| rows.push(row));
        return;
    }
    let update = move |state: AttachmentState| {
        form.attachments.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|r| r.key == key) {
                row.state = state;
            }
        });
    };
    let upload = Upload::start(&file, move |sent, total| {
        update(AttachmentState::Uploading { sent, total })
    });
    let upload = match upload {
        Ok(upload) => upload,
        Err(error) => {
            row.state = AttachmentState::Failed(AttachmentProblem::Bridge(error));
            form.attachments.update(|rows| rows.push(row));
            return;
        }
    };
    row.handle = Some(SendWrapper::new(upload.handle()));
    form.attachments.update(|rows| rows.push(row));
    spawn_local(async move {
        let result = upload.finish().await;
        // Not listed any more when the row was removed, or the composer closed (its
        // values disposed) while the file was on its way.
        let still_listed = form
            .attachments
            .try_with_untracked(|rows| rows.iter().any(|r| r.key == key))
            .unwrap_or(false);
        match result {
            Ok(file) if still_listed => {
                update(AttachmentState::Ready(DraftAttachment::Uploaded(file)));
                form.touch();
            }
            Ok(file) => {
                // Removed while uploading but finished anyway: the bridge may drop it.
                let _ = ComposeService::bridge().0.delete_upload(file.id).await;
            }
            Err(error) => {
                let problem = match (error.code(), &error) {
                    (
                        Some(ErrorCode::AttachmentTooLarge),
                        crate::api::ApiError::Bridge {
                            limit_bytes: Some(limit),
                            ..
                        },
                    ) => AttachmentProblem::TooLarge { limit: *limit },
                    _ => AttachmentProblem::Bridge(error),
                };
                update(AttachmentState::Failed(problem));
            }
        }
    });
}

fn problem_text(locale: Locale, filename: &str, problem: &AttachmentProblem) -> String {
    match problem {
        AttachmentProblem::TooLarge { limit } => i18n::file_too_large(locale, filename, *limit),
        AttachmentProblem::Bridge(error) => format!(
            "{} — {}",
            ComposeText::UploadFailed.get(locale),
            i18n::api_error(locale, error)
        ),
    }
}

/// The picker and the list of attachments.
#[component]
pub fn AttachmentList(
    form: ComposeForm,
    capabilities: RwSignal<Option<ComposeCapabilities>>,
) -> impl IntoView {
    let locale = use_locale();
    let service = ComposeService::current();
    let remove = Callback::new(move |key: u32| {
        let removed = form
            .attachments
            .with_untracked(|rows| rows.iter().find(|r| r.key == key).cloned());
        form.attachments
            .update(|rows| rows.retain(|r| r.key != key));
        let Some(row) = removed else { return };
        if let Some(handle) = &row.handle
            && matches!(row.state, AttachmentState::Uploading { .. })
        {
            handle.abort();
        }
        if let AttachmentState::Ready(DraftAttachment::Uploaded(file)) = row.state {
            let service = service.clone();
            spawn_local(async move {
                // Only frees the bridge's copy early; it forgets uploads with the session.
                let _ = service.0.delete_upload(file.id).await;
            });
        }
        form.touch();
    });
    let on_pick = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(files) = input.files() {
            add_files(form, capabilities.get_untracked(), files);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    let rows = move || {
        form.attachments
            .get()
            .into_iter()
            .map(|row| {
                let key = row.key;
                let state = row.state.name();
                let size = row.size;
                let progress = match row.state {
                    AttachmentState::Uploading { sent, total } => Some((sent, total)),
                    _ => None,
                };
                let problem = match &row.state {
                    AttachmentState::Failed(problem) => Some(problem.clone()),
                    _ => None,
                };
                let filename = row.filename.clone();
                view! {
                    <li class=format!("attachment-row {state}") data-testid="compose-attachment" data-state=state>
                        <span class="attachment-name">{row.filename.clone()}</span>
                        <span class="attachment-size">
                            {move || i18n::file_size(locale.get(), size)}
                        </span>
                        {progress
                            .map(|(sent, total)| {
                                view! {
                                    <progress
                                        class="attachment-progress"
                                        max=total.max(1).to_string()
                                        value=sent.to_string()
                                        aria-label=tr(ComposeText::Uploading)
                                    ></progress>
                                    <span class="attachment-percent">
                                        {move || i18n::upload_progress(locale.get(), sent, total)}
                                    </span>
                                }
                            })}
                        {problem
                            .map(|problem| {
                                view! {
                                    <p class="attachment-problem" role="alert">
                                        {move || problem_text(locale.get(), &filename, &problem)}
                                    </p>
                                }
                            })}
                        <button
                            type="button"
                            class="button icon-button attachment-remove"
                            title=tr(ComposeText::RemoveAttachment)
                            aria-label=tr(ComposeText::RemoveAttachment)
                            on:click=move |_| remove.run(key)
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="compose-attachments">
            <label class="button attach-button">
                <AttachmentIcon />
                {tr(ComposeText::Attach)}
                <input
                    type="file"
                    multiple
                    class="visually-hidden"
                    data-testid="compose-attach-input"
                    on:change=on_pick
                />
            </label>
            <ul class="attachment-list" aria-label=tr(Text::Attachments)>{rows}</ul>
            {move || {
                let limit = capabilities.with(|c| c.as_ref().and_then(|c| c.server_size_limit));
                let sizes: Vec<u64> = form.attachments.with(|rows| {
                    rows.iter()
                        .filter(|r| !matches!(r.state, AttachmentState::Failed(_)))
                        .map(|r| r.size)
                        .collect()
                });
                (exceeds_server_limit(sizes, limit))
                    .then(|| {
                        let limit = limit.unwrap_or_default();
                        view! {
                            <p class="notice notice-warning" role="alert" data-testid="compose-size-warning">
                                {move || i18n::message_over_limit(locale.get(), limit)}
                            </p>
                        }
                    })
            }}
        </div>
    }
}
