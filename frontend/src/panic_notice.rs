//! What the user sees if the app ever panics: the panic is still logged to the console,
//! and a notice says that something went wrong and offers to reload, instead of leaving
//! a half-dead page.
//!
//! Built with plain DOM calls, never through Leptos: after a panic the reactive runtime
//! may be in any state. The reload is a plain `GET` form, so it works without running
//! any more of this module's code.

use crate::i18n::{Locale, Text};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, HtmlElement};

/// The notice's element id: it is shown once, however many panics follow.
pub const NOTICE_ID: &str = "panic-notice";

/// Replaces the default panic hook: logs the panic as before, then shows the notice.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = show(&document);
        }
    }));
}

/// Shows the notice at the end of `<body>` in the page's language (the `lang` the app
/// keeps on `<html>`), focuses its reload button, and returns it; an existing notice is
/// returned as it is.
pub fn show(document: &Document) -> Result<Element, JsValue> {
    if let Some(shown) = document.get_element_by_id(NOTICE_ID) {
        return Ok(shown);
    }
    let locale = document
        .document_element()
        .and_then(|root| root.get_attribute("lang"))
        .and_then(|lang| Locale::from_tag(&lang))
        .unwrap_or(Locale::En);
    let (notice, button) = build(document, locale)?;
    let body = document
        .body()
        .ok_or_else(|| JsValue::from_str("no <body>"))?;
    body.append_child(&notice)?;
    let _ = button.focus();
    Ok(notice)
}

/// The notice and its reload button, not yet in the page.
pub fn build(document: &Document, locale: Locale) -> Result<(Element, HtmlElement), JsValue> {
    let notice = document.create_element("div")?;
    notice.set_id(NOTICE_ID);
    notice.set_class_name("panic-notice");
    notice.set_attribute("role", "alert")?;
    notice.set_attribute("data-testid", "panic-notice")?;
    let text = document.create_element("p")?;
    text.set_text_content(Some(Text::AppFailed.get(locale)));
    // Submitting an empty GET form loads the app's page again, with no script needed.
    let form = document.create_element("form")?;
    form.set_attribute("method", "get")?;
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "/".to_owned());
    form.set_attribute("action", &path)?;
    let button: HtmlElement =
        wasm_bindgen::JsCast::unchecked_into(document.create_element("button")?);
    button.set_attribute("type", "submit")?;
    button.set_class_name("button button-primary");
    button.set_attribute("data-testid", "panic-reload")?;
    button.set_text_content(Some(Text::ReloadPage.get(locale)));
    form.append_child(&button)?;
    notice.append_child(&text)?;
    notice.append_child(&form)?;
    Ok((notice, button))
}
