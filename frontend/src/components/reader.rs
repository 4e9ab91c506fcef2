//! The reading pane: headers, the sanitized HTML body in a locked-down iframe (or the
//! plain text), remote images on request, attachments, read/flag buttons, reply and
//! forward, the delivery status of sent mail, report summaries, read-receipt requests and
//! the route of received mail (« Parcours »).

use crate::api::{self, ApiError, ImagePolicy, routes};
use crate::components::delivery_status::DeliveryStatus;
use crate::components::error_notice::ErrorNotice;
use crate::components::icons::BackIcon;
use crate::components::reader_actions::ReaderActions;
use crate::components::receipt_prompt::ReceiptPrompt;
use crate::components::report_summary::ReportSummaryCard;
use crate::components::transit::TransitCard;
use crate::i18n::{self, ReaderText, Text};
use crate::settings::ReadReceiptPolicy;
use crate::state::{tr, use_locale, use_session};
use crate::stores::settings_store::SettingsStore;
use crate::time_zone::BrowserZone;
use facteur_model::day_groups::effective_time;
use facteur_model::folder::FolderRole;
use facteur_model::message::{Address, MessageDetail};
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;

/// What the iframe may do: open links in new, unsandboxed tabs. Never scripts, never
/// the app's origin, so the message cannot reach the session or the DOM of the app.
pub const FRAME_SANDBOX: &str = "allow-popups allow-popups-to-escape-sandbox";

/// The reading pane, fetching whichever message is open.
#[component]
pub fn Reader(
    /// The open message, if any.
    #[prop(into)]
    opened: Signal<Option<(FolderPath, Uid)>>,
    /// Whether the open message is flagged (the list holds the live flags).
    #[prop(into)]
    flagged: Signal<bool>,
    /// Back to the list.
    on_back: Callback<()>,
    /// Flag or unflag the open message.
    on_toggle_flag: Callback<()>,
    /// Mark the open message unread.
    on_mark_unread: Callback<()>,
    /// More toolbar controls (move to, copy to).
    #[prop(optional)]
    extra: Option<ViewFn>,
    /// The role of the open message's folder (Sent shows the delivery status, Drafts
    /// offers to continue writing).
    #[prop(into, default = Signal::stored(None))]
    folder_role: Signal<Option<FolderRole>>,
    /// Opens another message (a report's original in Sent).
    #[prop(optional)]
    on_open_message: Option<Callback<(FolderPath, Uid)>>,
) -> impl IntoView {
    let session = use_session();
    // Each answer carries the message it is for: while the next message loads, the
    // resource still holds the previous one, which must not be shown under the new
    // selection (re-rendering it would also send its iframe back to the old body while
    // the new one loads, and Chromium may finish those two loads in either order).
    let loaded = LocalResource::new(move || {
        let opened = opened.get();
        async move {
            match opened {
                Some((folder, uid)) => {
                    let result = api::message(&folder, uid).await;
                    Some(((folder, uid), result))
                }
                None => None,
            }
        }
    });
    let detail = Signal::derive(move || {
        let opened = opened.get();
        loaded.with(|loaded| match loaded {
            Some(Some((key, result))) if Some(key) == opened.as_ref() => Some(Some(result.clone())),
            Some(None) if opened.is_none() => Some(None),
            _ => None,
        })
    });
    Effect::new(move |_| {
        if let Some(Some(Err(error))) = detail.get()
            && error.ends_session()
        {
            session.expire();
        }
    });

    view! {
        <section class="reader" data-testid="reader" aria-label=tr(Text::MessageBody)>
            {move || match (opened.get(), detail.get()) {
                (None, _) => {
                    view! {
                        <div class="reader-empty">
                            <p>{tr(Text::NoMessageOpen)}</p>
                            <p class="hint">{tr(Text::KeyboardHint)}</p>
                        </div>
                    }
                        .into_any()
                }
                (Some(_), None | Some(None)) => {
                    view! { <p class="reader-loading" role="status">{tr(Text::Loading)}</p> }
                        .into_any()
                }
                (Some(_), Some(Some(Err(error)))) => {
                    let error = Signal::stored(Some::<ApiError>(error));
                    let extra = extra.clone();
                    view! {
                        <div class="reader-failed">
                            <ReaderToolbar flagged on_back on_toggle_flag on_mark_unread extra />
                            <ErrorNotice error />
                        </div>
                    }
                        .into_any()
                }
                (Some(_), Some(Some(Ok(message)))) => {
                    let extra = extra.clone();
                    view! {
                        <MessageView
                            message
                            flagged
                            on_back
                            on_toggle_flag
                            on_mark_unread
                            extra
                            folder_role
                            on_open_message
                        />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// One opened message, as loaded.
#[component]
pub fn MessageView(
    message: MessageDetail,
    #[prop(into)] flagged: Signal<bool>,
    on_back: Callback<()>,
    on_toggle_flag: Callback<()>,
    on_mark_unread: Callback<()>,
    /// More toolbar controls (move to, copy to).
    #[prop(default = None)]
    extra: Option<ViewFn>,
    /// The role of the message's folder.
    #[prop(into, default = Signal::stored(None))]
    folder_role: Signal<Option<FolderRole>>,
    /// Opens another message (a report's original in Sent).
    #[prop(default = None)]
    on_open_message: Option<Callback<(FolderPath, Uid)>>,
) -> impl IntoView {
    let locale = use_locale();
    let images_shown = RwSignal::new(false);
    let folder = message.folder.clone();
    let summary = message.summary.clone();
    let uid = summary.uid;
    let subject = summary.subject.clone();
    let sent_at = effective_time(&summary);
    let from = summary.from.iter().map(address_line).collect::<Vec<_>>();
    let to = summary.to.iter().map(address_line).collect::<Vec<_>>();
    let cc = summary.cc.iter().map(address_line).collect::<Vec<_>>();

    let body = if message.has_html {
        let frame_folder = folder.clone();
        let src = move || {
            let policy = if images_shown.get() {
                ImagePolicy::Shown
            } else {
                ImagePolicy::Blocked
            };
            routes::body_html(&frame_folder, uid, policy).url
        };
        let banner = message.has_remote_images.then(|| {
            view! {
                <Show when=move || !images_shown.get()>
                    <div class="images-banner" role="status" data-testid="images-banner">
                        <span>{tr(Text::RemoteImagesBlocked)}</span>
                        <button
                            type="button"
                            class="button"
                            data-testid="show-images"
                            on:click=move |_| images_shown.set(true)
                        >
                            {tr(Text::ShowImages)}
                        </button>
                    </div>
                </Show>
            }
        });
        view! {
            {banner}
            <iframe
                class="message-frame"
                data-testid="message-frame"
                sandbox=FRAME_SANDBOX
                referrerpolicy="no-referrer"
                title=tr(Text::MessageBody)
                src=src
            ></iframe>
        }
        .into_any()
    } else {
        let text = message.text.clone().unwrap_or_default();
        view! { <div class="message-text" data-testid="message-text">{text}</div> }.into_any()
    };
    // A report's own text is the server's prose, in the server's language: the summary
    // above says it in the reader's; the original stays one click away.
    let body = if message.report.is_some() {
        view! {
            <details class="report-original-text" data-testid="report-original-text">
                <summary>{tr(ReaderText::ReportOriginalText)}</summary>
                {body}
            </details>
        }
        .into_any()
    } else {
        body
    };

    let attachments = (!message.attachments.is_empty()).then(|| {
        let items = message
            .attachments
            .iter()
            .map(|attachment| {
                let href = routes::attachment(&folder, uid, attachment.index).url;
                let size = attachment.size;
                view! {
                    <li>
                        <a
                            class="attachment-link"
                            href=href
                            download=attachment.filename.clone()
                            data-testid="attachment"
                        >
                            {attachment.filename.clone()}
                        </a>
                        " "
                        <span class="attachment-size">{move || i18n::file_size(locale.get(), size)}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <section class="attachments" data-testid="attachments">
                <h3>{tr(Text::Attachments)}</h3>
                <ul role="list">{items}</ul>
            </section>
        }
    });

    let status = status_parts(&message, folder_role, on_open_message);
    let actions_message = message.clone();
    let actions = move || {
        let is_draft = folder_role.get() == Some(FolderRole::Drafts);
        view! { <ReaderActions message=actions_message.clone() is_draft /> }
    };

    view! {
        <article class="message" data-testid="message" data-uid=uid.0>
            <ReaderToolbar flagged on_back on_toggle_flag on_mark_unread extra />
            {actions}
            <header class="message-header">
                <h2 class="message-subject" data-testid="message-subject">
                    {move || {
                        if subject.trim().is_empty() {
                            locale.text(Text::NoSubject).to_owned()
                        } else {
                            subject.clone()
                        }
                    }}
                </h2>
                <dl class="message-meta">
                    <HeaderLine label=Text::From values=from />
                    <HeaderLine label=Text::To values=to />
                    <HeaderLine label=Text::Cc values=cc />
                    <dt>{tr(Text::Date)}</dt>
                    <dd>{move || i18n::full_date_time(locale.get(), sent_at, &BrowserZone)}</dd>
                </dl>
            </header>
            {status}
            {body}
            {attachments}
        </article>
    }
}

/// The read-receipt prompt, the report summary and the delivery status, whichever apply
/// to `message`.
fn status_parts(
    message: &MessageDetail,
    folder_role: Signal<Option<FolderRole>>,
    on_open_message: Option<Callback<(FolderPath, Uid)>>,
) -> impl IntoView + use<> {
    let folder = message.folder.clone();
    let uid = message.summary.uid;
    let store = use_context::<SettingsStore>();
    // Unknown until the settings arrive: an "always" or "never" must not be asked.
    let policy = Signal::derive(move || match store {
        Some(store) if store.is_ready() => Some(store.settings.with(|s| s.read_receipts)),
        Some(_) => None,
        None => Some(ReadReceiptPolicy::Ask),
    });
    // One's own sent mail and drafts ask nothing of the reader. A memo: the role is
    // derived from the folder list, which every refresh reloads, and rebuilding the
    // prompt then would answer an answered request again (« already answered »).
    let own = Memo::new(move |_| {
        matches!(
            folder_role.get(),
            Some(FolderRole::Sent | FolderRole::Drafts)
        )
    });
    let receipt = message.read_receipt_to.clone().map(|requester| {
        let folder = folder.clone();
        move || {
            (!own.get()).then(|| {
                view! {
                    <ReceiptPrompt
                        folder=folder.clone()
                        uid
                        requester=requester.clone()
                        policy
                    />
                }
            })
        }
    });
    let on_open = on_open_message.map(|open| {
        Callback::new(move |at: facteur_delivery::ReportLocation| open.run((at.folder, at.uid)))
    });
    let report = message
        .report
        .map(|_| view! { <ReportSummaryCard folder=folder.clone() uid on_open /> });
    let delivery_folder = folder.clone();
    let delivery = move || {
        (folder_role.get() == Some(FolderRole::Sent))
            .then(|| view! { <DeliveryStatus folder=delivery_folder.clone() uid on_open /> })
    };
    // Received mail only: one's own sent mail and drafts have no route worth reading.
    let transit = move || (!own.get()).then(|| view! { <TransitCard folder=folder.clone() uid /> });
    view! {
        {transit}
        {receipt}
        {report}
        {delivery}
    }
}

/// Back, mark unread and flag buttons above the message.
#[component]
fn ReaderToolbar(
    flagged: Signal<bool>,
    on_back: Callback<()>,
    on_toggle_flag: Callback<()>,
    on_mark_unread: Callback<()>,
    extra: Option<ViewFn>,
) -> impl IntoView {
    let locale = use_locale();
    view! {
        <div class="reader-toolbar" role="toolbar">
            <button
                type="button"
                class="button back-button"
                data-testid="reader-back"
                on:click=move |_| on_back.run(())
            >
                <BackIcon />
                <span class="back-label">{tr(Text::BackToList)}</span>
                <span class="close-label">{tr(Text::Close)}</span>
            </button>
            <span class="toolbar-spacer"></span>
            <button
                type="button"
                class="button"
                data-testid="mark-unread"
                on:click=move |_| on_mark_unread.run(())
            >
                {tr(Text::MarkUnread)}
            </button>
            <button
                type="button"
                class="button"
                class:active=move || flagged.get()
                data-testid="toggle-flag"
                aria-pressed=move || if flagged.get() { "true" } else { "false" }
                on:click=move |_| on_toggle_flag.run(())
            >
                {move || locale.text(if flagged.get() { Text::Unflag } else { Text::Flag })}
            </button>
            {extra.map(|extra| extra.run())}
        </div>
    }
}

/// One header line (From, To, Cc); nothing when the list is empty.
#[component]
fn HeaderLine(label: Text, values: Vec<String>) -> impl IntoView {
    let locale = use_locale();
    (!values.is_empty()).then(|| {
        view! {
            <dt>{move || locale.text(label)}</dt>
            <dd>{values.join(", ")}</dd>
        }
    })
}

/// "Name <address>", or the bare address.
fn address_line(address: &Address) -> String {
    match &address.name {
        Some(name) if !name.trim().is_empty() => format!("{name} <{}>", address.email),
        _ => address.email.clone(),
    }
}
