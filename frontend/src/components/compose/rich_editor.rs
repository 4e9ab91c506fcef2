//! The message text: a `contenteditable` area with a small toolbar (bold, italic,
//! lists, link) driven by `document.execCommand`, and a plain-text mode.
//!
//! Nothing reaches the editor's DOM uncleaned (`editor_html`): programmatic content is
//! loaded through the rich-text policy, pastes and drops of text or HTML are taken over
//! and inserted cleaned, and whatever the browser itself changes is scrubbed on input.

use super::editor_html::{clean_fragment, load, scrub, text_fragment};
use super::form::ComposeForm;
use crate::components::icons::LinkIcon;
use crate::compose::rich_html::HtmlSource;
use crate::compose::rich_text::{html_to_text, text_to_html};
use crate::i18n::ComposeText;
use crate::state::{tr, use_locale};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DataTransfer, DocumentFragment, Element, Range};

/// A formatting command of the toolbar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Bold,
    Italic,
    Bullets,
    Numbers,
    Link,
}

impl Format {
    fn command(self) -> &'static str {
        match self {
            Format::Bold => "bold",
            Format::Italic => "italic",
            Format::Bullets => "insertUnorderedList",
            Format::Numbers => "insertOrderedList",
            Format::Link => "createLink",
        }
    }

    fn label(self) -> ComposeText {
        match self {
            Format::Bold => ComposeText::Bold,
            Format::Italic => ComposeText::Italic,
            Format::Bullets => ComposeText::BulletedList,
            Format::Numbers => ComposeText::NumberedList,
            Format::Link => ComposeText::Link,
        }
    }

    fn testid(self) -> &'static str {
        match self {
            Format::Bold => "compose-bold",
            Format::Italic => "compose-italic",
            Format::Bullets => "compose-bullets",
            Format::Numbers => "compose-numbers",
            Format::Link => "compose-link",
        }
    }

    fn glyph(self) -> &'static str {
        match self {
            Format::Bold => "B",
            Format::Italic => "I",
            Format::Bullets => "•",
            Format::Numbers => "1.",
            Format::Link => "",
        }
    }
}

/// Whether a link address typed by the user may be used: web and mail links only, so
/// no `javascript:` link is ever written into a message.
fn allowed_link(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
}

/// The editor and its toolbar.
#[component]
pub fn RichEditor(form: ComposeForm) -> impl IntoView {
    let locale = use_locale();
    let editor = form.editor;
    // Programmatic content (start, reopened draft, back from plain text) goes into the
    // element once; afterwards the element is the source and `html` follows its input.
    Effect::new(move |_| {
        form.content_version.track();
        if let Some(element) = editor.get() {
            load(&element, &form.html.get_untracked());
        }
    });
    let read_editor = move || {
        if let Some(element) = editor.get_untracked() {
            form.html.set(element.inner_html());
            form.touch();
        }
    };
    let on_input = move |_| {
        if let Some(element) = editor.get_untracked() {
            scrub(&element);
        }
        read_editor();
    };
    // Pasted text or HTML goes in cleaned, never as the browser would insert it.
    let on_paste = move |event: ev::ClipboardEvent| {
        let (Some(element), Some(data)) = (editor.get_untracked(), event.clipboard_data()) else {
            return;
        };
        event.prevent_default();
        if let Some(fragment) = transferred_content(&data) {
            insert(&element, fragment, selection_range(&element));
            read_editor();
        }
    };
    // Dropped text or HTML likewise; dropped files go on to the composer's attachments.
    let on_drop = move |event: ev::DragEvent| {
        let (Some(element), Some(data)) = (editor.get_untracked(), event.data_transfer()) else {
            return;
        };
        if data.files().is_some_and(|files| files.length() > 0) {
            return;
        }
        event.prevent_default();
        if let Some(fragment) = transferred_content(&data) {
            let at = point_range(&element, event.client_x(), event.client_y())
                .or_else(|| selection_range(&element));
            insert(&element, fragment, at);
            read_editor();
        }
    };
    let apply = move |format: Format| {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(document) = document.dyn_into::<web_sys::HtmlDocument>() else {
            return;
        };
        let value = if format == Format::Link {
            let asked = web_sys::window().and_then(|w| {
                w.prompt_with_message_and_default(
                    ComposeText::LinkPrompt.get(locale.0.get_untracked()),
                    "https://",
                )
                .ok()
                .flatten()
            });
            match asked {
                Some(url) if allowed_link(&url) => url.trim().to_owned(),
                _ => return,
            }
        } else {
            String::new()
        };
        if let Some(element) = editor.get_untracked() {
            let _ = element.focus();
        }
        let _ = document.exec_command_with_show_ui_and_value(format.command(), false, &value);
        read_editor();
    };
    let toggle_plain = move |_| {
        match form.plain.get_untracked() {
            Some(text) => form.set_body_html(text_to_html(&text)),
            None => form
                .plain
                .set(Some(html_to_text(&form.html.get_untracked()))),
        }
        form.touch();
    };
    let plain_mode = move || form.plain.with(Option::is_some);
    let buttons = [
        Format::Bold,
        Format::Italic,
        Format::Bullets,
        Format::Numbers,
        Format::Link,
    ]
    .into_iter()
    .map(|format| {
        view! {
            <button
                type="button"
                class="button icon-button format-button"
                data-testid=format.testid()
                title=tr(format.label())
                aria-label=tr(format.label())
                // Keep the selection in the editor while the button is pressed.
                on:mousedown=|event: ev::MouseEvent| event.prevent_default()
                on:click=move |_| apply(format)
            >
                {if format == Format::Link {
                    view! { <LinkIcon /> }.into_any()
                } else {
                    view! {
                        <span aria-hidden="true" class=format!("glyph glyph-{}", format.command())>
                            {format.glyph()}
                        </span>
                    }
                        .into_any()
                }}
            </button>
        }
    })
    .collect_view();

    view! {
        <div class="compose-editor">
            <div class="format-bar" role="toolbar" aria-label=tr(ComposeText::FormattingToolbar)>
                <span class="format-buttons" class:hidden=plain_mode>{buttons}</span>
                <button
                    type="button"
                    class="button plain-toggle"
                    data-testid="compose-plain-toggle"
                    aria-pressed=move || if plain_mode() { "true" } else { "false" }
                    on:click=toggle_plain
                >
                    {move || {
                        if plain_mode() {
                            tr(ComposeText::RichText)()
                        } else {
                            tr(ComposeText::PlainText)()
                        }
                    }}
                </button>
            </div>
            <div
                id="compose-body-editor"
                class="compose-body"
                contenteditable="true"
                role="textbox"
                aria-multiline="true"
                aria-label=tr(ComposeText::BodyLabel)
                data-testid="compose-body"
                node_ref=editor
                hidden=plain_mode
                on:input=on_input
                on:paste=on_paste
                on:drop=on_drop
            ></div>
            <Show when=plain_mode>
                <textarea
                    class="compose-body compose-plain"
                    data-testid="compose-body-plain"
                    aria-label=tr(ComposeText::BodyLabel)
                    prop:value=move || form.plain.get().unwrap_or_default()
                    on:input=move |event| {
                        form.plain.set(Some(event_target_value(&event)));
                        form.touch();
                    }
                ></textarea>
            </Show>
        </div>
    }
}

/// The HTML (else the text) of a paste or a drop, cleaned; `None` when it has neither.
fn transferred_content(data: &DataTransfer) -> Option<DocumentFragment> {
    let html = data.get_data("text/html").unwrap_or_default();
    if !html.trim().is_empty() {
        return clean_fragment(&html, HtmlSource::Outside);
    }
    let text = data.get_data("text/plain").unwrap_or_default();
    (!text.is_empty()).then(|| text_fragment(&text)).flatten()
}

/// The current selection, when it is inside the editor.
fn selection_range(editor: &Element) -> Option<Range> {
    let selection = web_sys::window()?.get_selection().ok().flatten()?;
    if selection.range_count() == 0 {
        return None;
    }
    let range = selection.get_range_at(0).ok()?;
    let container = range.common_ancestor_container().ok()?;
    editor.contains(Some(&container)).then_some(range)
}

/// A collapsed range where the pointer is, when that is inside the editor.
fn point_range(editor: &Element, x: i32, y: i32) -> Option<Range> {
    let document = web_sys::window()?.document()?;
    #[allow(clippy::cast_precision_loss)]
    let caret = document.caret_position_from_point(x as f32, y as f32)?;
    let node = caret.offset_node()?;
    if !editor.contains(Some(&node)) {
        return None;
    }
    let range = document.create_range().ok()?;
    range.set_start(&node, caret.offset()).ok()?;
    range.collapse_with_to_start(true);
    Some(range)
}

/// Puts `fragment` in place of `at` (else at the end), the caret after it.
fn insert(editor: &Element, fragment: DocumentFragment, at: Option<Range>) {
    let last = fragment.last_child();
    match at {
        Some(range) => {
            let _ = range.delete_contents();
            let _ = range.insert_node(&fragment);
            if let Some(last) = last {
                let _ = range.set_start_after(&last);
                range.collapse_with_to_start(true);
                if let Some(selection) =
                    web_sys::window().and_then(|w| w.get_selection().ok().flatten())
                {
                    let _ = selection.remove_all_ranges();
                    let _ = selection.add_range(&range);
                }
            }
        }
        None => {
            let _ = editor.append_child(&fragment);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::allowed_link;

    #[test]
    fn only_web_and_mail_links() {
        assert!(allowed_link("https://example.com"));
        assert!(allowed_link(" mailto:a@b.c"));
        assert!(!allowed_link("javascript:alert(1)"));
        assert!(!allowed_link("https://"));
        assert!(!allowed_link("data:text/html,x"));
    }
}
