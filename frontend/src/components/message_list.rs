//! The message list: messages grouped under day headers, newest first, with keyboard
//! selection and loading of older pages as the end of the list comes into view.

use crate::components::icons::{AttachmentIcon, FlagIcon};
use crate::i18n::{self, MailText, Text};
use crate::state::{tr, use_locale};
use crate::stores::mailbox::DayGroupView;
use crate::time_zone::BrowserZone;
use facteur_model::Uid;
use facteur_model::day_groups::effective_time;
use facteur_model::message::{Flag, MessageSummary};
use leptos::html;
use leptos::prelude::*;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// The drag-and-drop data type carrying dragged UIDs ("4,7,9") onto a folder.
pub const DRAG_TYPE: &str = "application/x-facteur-uids";

/// The UIDs a drag carries, as [`DRAG_TYPE`] data.
pub fn drag_data(uids: &[Uid]) -> String {
    uids.iter()
        .map(|u| u.0.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// The UIDs of [`DRAG_TYPE`] data.
pub fn parse_drag_data(data: &str) -> Vec<Uid> {
    data.split(',')
        .filter_map(|part| part.trim().parse().ok())
        .map(Uid)
        .collect()
}

/// Ticking messages for actions on several at once.
#[derive(Debug, Clone, Copy)]
pub struct Ticks {
    /// The ticked messages.
    pub checked: Signal<BTreeSet<Uid>>,
    /// A tick box was clicked (`true` with Shift: tick the range up to it).
    pub on_check: Callback<(Uid, bool)>,
}

/// The DOM id of a message's row, for `aria-activedescendant` and scrolling.
pub fn row_id(uid: Uid) -> String {
    format!("message-{}", uid.0)
}

/// The list of one folder's loaded messages.
#[component]
pub fn MessageList(
    /// Loaded messages grouped by day.
    #[prop(into)]
    groups: Signal<Vec<DayGroupView>>,
    /// The keyboard/cursor selection.
    selected: RwSignal<Option<Uid>>,
    /// The message open in the reader.
    #[prop(into)]
    opened: Signal<Option<Uid>>,
    /// Whether a page is being fetched.
    #[prop(into)]
    loading: Signal<bool>,
    /// Whether older messages remain on the server.
    #[prop(into)]
    has_more: Signal<bool>,
    /// Show recipients instead of senders (Sent, Drafts).
    #[prop(into)]
    show_recipients: Signal<bool>,
    /// A row was clicked or tapped.
    on_open: Callback<Uid>,
    /// The end of the list is near the viewport: fetch older messages.
    on_near_end: Callback<()>,
    /// Tick boxes, Shift+click ranges and dragging rows onto folders (off when absent).
    #[prop(optional)]
    ticks: Option<Ticks>,
) -> impl IntoView {
    let locale = use_locale();
    let scroller = NodeRef::<html::Div>::new();
    let sentinel = NodeRef::<html::Div>::new();

    watch_list_end(scroller, sentinel, loading, has_more, on_near_end);
    keep_selection_visible(scroller, selected);

    let is_empty = move || groups.with(Vec::is_empty) && !loading.get() && !has_more.get();
    let active = move || selected.get().map(row_id);

    view! {
        <div
            class="message-list"
            role="listbox"
            tabindex="0"
            data-testid="message-list"
            aria-label=tr(Text::MessageListLabel)
            aria-activedescendant=active
            aria-busy=move || if loading.get() { "true" } else { "false" }
            node_ref=scroller
        >
            <For
                each=move || groups.get()
                key=DayGroupView::key
                children=move |group| {
                    let heading_id = group.element_id();
                    let labelled_by = heading_id.clone();
                    let label = group.label;
                    let date = group.date;
                    let rows = group
                        .messages
                        .into_iter()
                        .map(|message| {
                            view! {
                                <MessageRow
                                    message
                                    selected
                                    opened
                                    show_recipients
                                    on_open
                                    ticks
                                />
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="day-group" role="group" aria-labelledby=labelled_by>
                            <div
                                class="day-header"
                                data-testid="day-header"
                                data-date=format!("{}-{:02}-{:02}", date.year, date.month, date.day)
                                id=heading_id
                                role="presentation"
                            >
                                {move || i18n::day_label(locale.get(), label)}
                            </div>
                            {rows}
                        </div>
                    }
                }
            />
            <Show when=is_empty>
                <p class="list-empty">{tr(Text::EmptyFolder)}</p>
            </Show>
            <div class="list-sentinel" node_ref=sentinel aria-hidden="true">
                <Show when=move || loading.get()>
                    <span class="spinner"></span>
                    {tr(Text::LoadingMore)}
                </Show>
            </div>
        </div>
    }
}

/// One message line: sender, time, subject, markers, preview.
#[component]
fn MessageRow(
    message: MessageSummary,
    selected: RwSignal<Option<Uid>>,
    opened: Signal<Option<Uid>>,
    show_recipients: Signal<bool>,
    on_open: Callback<Uid>,
    ticks: Option<Ticks>,
) -> impl IntoView {
    let locale = use_locale();
    let uid = message.uid;
    let unread = !message.has_flag(Flag::Seen);
    let flagged = message.has_flag(Flag::Flagged);
    let has_attachments = message.has_attachments;
    let time = i18n::time_of_day(effective_time(&message), &BrowserZone);
    let sender = message.from.as_ref().map(|a| a.label().to_owned());
    let recipients = message
        .to
        .iter()
        .map(|a| a.label().to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let subject = message.subject.clone();
    let preview = message.preview.clone();
    let correspondent = move || {
        let locale = locale.get();
        if show_recipients.get() && !recipients.is_empty() {
            format!("{} {recipients}", Text::To.get(locale))
        } else {
            sender
                .clone()
                .unwrap_or_else(|| Text::UnknownSender.get(locale).to_owned())
        }
    };
    let subject_text = move || {
        if subject.trim().is_empty() {
            locale.text(Text::NoSubject).to_owned()
        } else {
            subject.clone()
        }
    };
    let is_selected = move || selected.get() == Some(uid);
    let is_checked = move || ticks.is_some_and(|t| t.checked.with(|c| c.contains(&uid)));
    let on_click = move |ev: leptos::ev::MouseEvent| match ticks {
        Some(ticks) if ev.shift_key() => {
            ev.prevent_default();
            ticks.on_check.run((uid, true));
        }
        _ => on_open.run(uid),
    };
    let on_drag_start = move |ev: leptos::ev::DragEvent| {
        let (Some(ticks), Some(transfer)) = (ticks, ev.data_transfer()) else {
            return;
        };
        let checked = ticks.checked.get_untracked();
        let uids: Vec<Uid> = if checked.contains(&uid) {
            checked.into_iter().collect()
        } else {
            vec![uid]
        };
        let _ = transfer.set_data(DRAG_TYPE, &drag_data(&uids));
        transfer.set_effect_allowed("copyMove");
    };
    let tick_box = ticks.map(|ticks| {
        view! {
            <input
                type="checkbox"
                class="row-check"
                data-testid="row-check"
                aria-label=tr(MailText::SelectMessage)
                prop:checked=is_checked
                on:click=move |ev: leptos::ev::MouseEvent| {
                    ev.stop_propagation();
                    ticks.on_check.run((uid, ev.shift_key()));
                }
            />
        }
    });

    view! {
        <div
            class="message-row"
            class:unread=unread
            class:flagged=flagged
            class:selected=is_selected
            class:checked=is_checked
            class:with-check=ticks.is_some()
            class:open=move || opened.get() == Some(uid)
            role="option"
            id=row_id(uid)
            data-testid="message-row"
            data-uid=uid.0
            aria-selected=move || if is_selected() { "true" } else { "false" }
            draggable=if ticks.is_some() { "true" } else { "false" }
            on:click=on_click
            on:dragstart=on_drag_start
        >
            {tick_box}
            <span class="row-from">{correspondent}</span>
            <span class="row-markers">
                {flagged
                    .then(|| {
                        view! {
                            <span class="marker marker-flag" title=tr(Text::Flagged)>
                                <FlagIcon />
                                <span class="visually-hidden">{tr(Text::Flagged)}</span>
                            </span>
                        }
                    })}
                {has_attachments
                    .then(|| {
                        view! {
                            <span class="marker marker-attachment" title=tr(Text::HasAttachment)>
                                <AttachmentIcon />
                                <span class="visually-hidden">{tr(Text::HasAttachment)}</span>
                            </span>
                        }
                    })}
                <time class="row-time">{time}</time>
            </span>
            <span class="row-subject">
                {unread
                    .then(|| {
                        view! { <span class="visually-hidden">{tr(Text::Unread)}", "</span> }
                    })}
                {subject_text}
            </span>
            <span class="row-preview">{preview}</span>
        </div>
    }
}

/// Asks for the next page whenever the sentinel after the last row comes within a screen
/// of the list's visible area. The observer is re-armed after each page, because a
/// sentinel that stays in view after a short page raises no new intersection by itself.
fn watch_list_end(
    scroller: NodeRef<html::Div>,
    sentinel: NodeRef<html::Div>,
    loading: Signal<bool>,
    has_more: Signal<bool>,
    on_near_end: Callback<()>,
) {
    type Observed = (IntersectionObserver, Closure<dyn FnMut(js_sys::Array)>);
    let observer = StoredValue::new_local(None::<Observed>);

    Effect::new(move |_| {
        let (Some(root), Some(target)) = (scroller.get(), sentinel.get()) else {
            return;
        };
        if observer.with_value(Option::is_some) {
            return;
        }
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let near = entries.iter().any(|entry| {
                entry
                    .dyn_into::<IntersectionObserverEntry>()
                    .is_ok_and(|e| e.is_intersecting())
            });
            if near && has_more.get_untracked() && !loading.get_untracked() {
                on_near_end.run(());
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root(Some(&root));
        options.set_root_margin("0px 0px 600px 0px");
        if let Ok(created) =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        {
            created.observe(&target);
            observer.set_value(Some((created, callback)));
        }
    });

    // Re-arm after each load: observing again reports the sentinel's current state.
    Effect::new(move |_| {
        if loading.get() || !has_more.get() {
            return;
        }
        if let Some(target) = sentinel.get_untracked() {
            observer.with_value(|o| {
                if let Some((observer, _)) = o {
                    observer.unobserve(&target);
                    observer.observe(&target);
                }
            });
        }
    });

    on_cleanup(move || {
        observer.try_update_value(|o| {
            if let Some((observer, _)) = o.take() {
                observer.disconnect();
            }
        });
    });
}

/// Scrolls the selected row into view when the keyboard moves the selection.
fn keep_selection_visible(scroller: NodeRef<html::Div>, selected: RwSignal<Option<Uid>>) {
    Effect::new(move |_| {
        let (Some(uid), Some(list)) = (selected.get(), scroller.get_untracked()) else {
            return;
        };
        let selector = format!("#{}", row_id(uid));
        if let Ok(Some(row)) = list.query_selector(&selector) {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            row.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
}
