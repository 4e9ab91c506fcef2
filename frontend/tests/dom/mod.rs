//! DOM helpers shared by the component test files (each a test binary of its own, which
//! uses part of them).
#![allow(dead_code)]

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

thread_local! {
    /// Panics since the current test mounted its container, wherever they ran.
    static PANICS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Records every panic (still reported as before). A panic in an effect, a task or an
/// event listener does not unwind into the test; [`settle`] fails the test for it.
fn watch_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.with_borrow_mut(|panics| panics.push(info.to_string()));
            previous(info);
        }));
    });
}

/// The panics recorded since the last call (or since the test's container was made).
pub fn take_panics() -> Vec<String> {
    PANICS.with_borrow_mut(std::mem::take)
}

/// A fresh `<div>` at the end of the page's body, to mount a component into; starts
/// watching for panics.
pub fn container() -> HtmlElement {
    watch_panics();
    take_panics();
    let document = web_sys::window().unwrap().document().unwrap();
    let element = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

/// Every element under `root` matching `selector`, in document order.
pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// The first element under `root` matching `selector`; panics when there is none.
pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

/// Lets effects and ready futures run, and fails the test if anything panicked.
pub async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
    }
    let panics = take_panics();
    assert!(panics.is_empty(), "the app panicked: {panics:#?}");
}
