//! Component tests of the rich-text editor in a real browser: HTML from outside (a
//! paste, a drop, a reopened draft) and whatever the browser inserts never leave active
//! content in the editor, which lives on the app's own origin.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p facteur-frontend --target
//! wasm32-unknown-unknown --test editor_guard`.
#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{all, container, one, settle};
use facteur_frontend::components::compose::form::ComposeForm;
use facteur_frontend::components::compose::rich_editor::RichEditor;
use facteur_frontend::i18n::Locale;
use facteur_frontend::state::{SessionState, provide_app_contexts};
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{DataTransfer, Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Every way pasted or loaded HTML could act on the page, around harmless formatting.
const HOSTILE: &str = "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.test/\">\
    <p>Bonjour <b>gras</b> et <i>italique</i></p>\
    <img src=\"x\" onerror=\"window.__editorPwned = 1\">\
    <iframe srcdoc=\"&lt;script&gt;parent.__editorPwned = 2&lt;/script&gt;\"></iframe>\
    <div onclick=\"window.__editorPwned = 3\" style=\"position:fixed;inset:0\">bloc</div>\
    <a href=\"javascript:window.__editorPwned = 4\">js</a>\
    <a href=\"https://example.test/\" target=\"_top\">lien</a>\
    <svg><a href=\"javascript:x\"><text>svg</text></a></svg>\
    <form action=\"https://evil.test/\"><input name=\"p\" autofocus onfocus=\"x()\"></form>\
    <ul><li>un</li></ul>";

/// Mounts the editor alone; its form for the test to read.
fn mount() -> (HtmlElement, ComposeForm, Box<dyn std::any::Any>) {
    let root = container();
    let slot: Rc<Cell<Option<ComposeForm>>> = Rc::new(Cell::new(None));
    let kept = slot.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::En, SessionState::Checking);
        let form = ComposeForm::new(Signal::stored(Vec::new()), false);
        kept.set(Some(form));
        view! { <RichEditor form /> }
    });
    let form = slot.get().expect("the form was made");
    (root, form, Box::new(handle))
}

/// The editor element, focused, the caret at its end.
fn focused_editor(root: &Element) -> HtmlElement {
    let editor: HtmlElement = one(root, "[data-testid=compose-body]").unchecked_into();
    editor.focus().unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    let range = document.create_range().unwrap();
    range.select_node_contents(&editor).unwrap();
    range.collapse_with_to_start(false);
    let selection = web_sys::window().unwrap().get_selection().unwrap().unwrap();
    selection.remove_all_ranges().unwrap();
    selection.add_range(&range).unwrap();
    editor
}

/// Asserts `editor` holds no active content and kept the harmless formatting.
fn assert_clean(editor: &Element, html: &str) {
    for selector in [
        "img", "iframe", "meta", "svg", "form", "input", "script", "[style]",
    ] {
        assert!(all(editor, selector).is_empty(), "{selector} in {html}");
    }
    for element in all(editor, "*") {
        for name in element.get_attribute_names().iter() {
            let name = name.as_string().unwrap_or_default();
            assert!(!name.starts_with("on"), "{name} in {html}");
        }
    }
    let lower = html.to_ascii_lowercase();
    for bad in ["javascript", "srcdoc", "refresh", "evil.test", "target"] {
        assert!(!lower.contains(bad), "{bad} in {html}");
    }
    for kept in [
        "<b>gras</b>",
        "<i>italique</i>",
        "<a href=\"https://example.test/\">lien</a>",
        "<ul><li>un</li></ul>",
    ] {
        assert!(html.contains(kept), "{kept} lost: {html}");
    }
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__editorPwned".into()).unwrap();
    assert!(pwned.is_undefined(), "a handler ran: {pwned:?}");
}

/// Lets a failed image load (and its handler) happen, were an image in the page.
async fn pause() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn transfer(html: &str) -> DataTransfer {
    let data = DataTransfer::new().unwrap();
    data.set_data("text/html", html).unwrap();
    data.set_data("text/plain", "plain version").unwrap();
    data
}

#[wasm_bindgen_test]
async fn pasted_active_html_is_refused_and_formatting_kept() {
    let (root, form, handle) = mount();
    settle().await;
    let editor = focused_editor(&root);
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&transfer(HOSTILE)));
    let paste = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    editor.dispatch_event(&paste).unwrap();
    settle().await;
    pause().await;
    assert!(paste.default_prevented(), "the browser's own paste ran");
    let html = editor.inner_html();
    assert_clean(&editor, &html);
    assert_eq!(form.html.get_untracked(), html);
    drop(handle);
}

#[wasm_bindgen_test]
async fn dropped_active_html_is_refused_and_formatting_kept() {
    let (root, form, handle) = mount();
    settle().await;
    let editor = focused_editor(&root);
    let init = web_sys::DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer(HOSTILE)));
    let drop_event = web_sys::DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    editor.dispatch_event(&drop_event).unwrap();
    settle().await;
    pause().await;
    assert!(drop_event.default_prevented(), "the browser's own drop ran");
    let html = editor.inner_html();
    assert_clean(&editor, &html);
    assert_eq!(form.html.get_untracked(), html);
    drop(handle);
}

#[wasm_bindgen_test]
async fn pasted_plain_text_stays_text() {
    let (root, form, handle) = mount();
    settle().await;
    let editor = focused_editor(&root);
    let data = DataTransfer::new().unwrap();
    data.set_data("text/plain", "<img src=x onerror=alert(1)>\nligne 2")
        .unwrap();
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    let paste = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).unwrap();
    editor.dispatch_event(&paste).unwrap();
    settle().await;
    assert!(all(&editor, "img").is_empty());
    assert_eq!(
        editor.inner_html(),
        "&lt;img src=x onerror=alert(1)&gt;<br>ligne 2"
    );
    assert_eq!(form.html.get_untracked(), editor.inner_html());
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_reopened_drafts_html_is_cleaned_before_it_is_live() {
    let (root, form, handle) = mount();
    settle().await;
    form.set_body_html(HOSTILE.to_owned());
    settle().await;
    pause().await;
    let editor = one(&root, "[data-testid=compose-body]");
    assert_clean(&editor, &editor.inner_html());
    drop(handle);
}

#[wasm_bindgen_test]
async fn what_the_browser_inserts_is_scrubbed_on_input() {
    let (root, form, handle) = mount();
    settle().await;
    let editor = focused_editor(&root);
    let document: web_sys::HtmlDocument = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .unchecked_into();
    // The browser's own insertion (as a paste we did not see would do), then its input event.
    document
        .exec_command_with_show_ui_and_value(
            "insertHTML",
            false,
            "<p>Bonjour <b>gras</b> et <i>italique</i></p><img src=\"data:image/png;base64,iVBORw0KGgo=\" \
             onerror=\"x()\"><p style=\"color:red\" onclick=\"x()\"><a href=\"https://example.test/\">lien</a></p>\
             <ul><li>un</li></ul>",
        )
        .unwrap();
    settle().await;
    let html = editor.inner_html();
    assert!(all(&editor, "img").is_empty(), "{html}");
    for element in all(&editor, "*") {
        let names: Vec<String> = element
            .get_attribute_names()
            .iter()
            .filter_map(|n| n.as_string())
            .collect();
        assert!(
            names.iter().all(|n| n == "href"),
            "{names:?} left in {html}"
        );
    }
    assert!(html.contains("<b>gras</b>"), "{html}");
    assert!(
        html.contains("<a href=\"https://example.test/\">lien</a>"),
        "{html}"
    );
    assert_eq!(form.html.get_untracked(), html);
    drop(handle);
}
