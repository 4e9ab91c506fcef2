//! Tab stays inside the composer while it covers the whole screen (phones, tablets):
//! focus must not wander to the list hidden behind it. Beside the list on a desktop the
//! composer is not modal, and Tab goes on to the rest of the page.

use leptos::ev::KeyboardEvent;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// What Tab can reach inside the composer.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
select:not([disabled]), textarea:not([disabled]), [contenteditable=true], \
[tabindex]:not([tabindex='-1'])";

/// On Tab from the composer's last control, or Shift+Tab from its first, focus goes
/// round to the other end instead of leaving `dialog`, when `dialog` covers the screen.
pub fn keep_tab_inside(dialog: &HtmlElement, event: &KeyboardEvent) {
    if event.key() != "Tab" || !covers_the_screen(dialog) {
        return;
    }
    let controls = focusable_in(dialog);
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let is_active = |control: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == control.unchecked_ref::<Element>())
    };
    let outside = !active
        .as_ref()
        .is_some_and(|a| dialog.contains(Some(a.unchecked_ref())));
    let next = if event.shift_key() {
        (outside || is_active(first)).then_some(last)
    } else {
        (outside || is_active(last)).then_some(first)
    };
    if let Some(next) = next {
        event.prevent_default();
        let _ = next.focus();
    }
}

/// Whether `dialog` is as wide as the window (the phone and tablet layout).
fn covers_the_screen(dialog: &HtmlElement) -> bool {
    let window_width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .unwrap_or(f64::MAX);
    f64::from(dialog.offset_width()) >= window_width - 1.0
}

/// The controls inside `dialog` that Tab reaches, in document order; hidden ones (no
/// layout box) are skipped.
fn focusable_in(dialog: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(found) = dialog.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        .filter(|control| control.offset_width() > 0 || control.offset_height() > 0)
        .collect()
}
