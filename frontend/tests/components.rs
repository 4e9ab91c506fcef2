//! Component tests in a real browser: mount, interact, let effects run, read the DOM.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p facteur-frontend --target
//! wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{all, container, one, settle};
use facteur_frontend::components::locale_switch::LocaleSwitch;
use facteur_frontend::components::message_list::MessageList;
use facteur_frontend::components::reader::{FRAME_SANDBOX, MessageView};
use facteur_frontend::components::shortcuts_dialog::ShortcutsDialog;
use facteur_frontend::i18n::Locale;
use facteur_frontend::locale_choice;
use facteur_frontend::state::{SessionState, provide_app_contexts};
use facteur_frontend::stores::mailbox::group_by_day;
use facteur_frontend::time_zone::BrowserZone;
use facteur_frontend::views::login::Login;
use facteur_model::calendar::{FixedOffset, LocalDate};
use facteur_model::message::{
    Address, Attachment, Flag, MessageDetail, MessageSummary, ReportKind,
};
use facteur_model::{FolderPath, Timestamp, Uid};
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// Thursday 26 November 2026, 09:00 UTC.
const NOW: Timestamp = Timestamp(1_795_683_600);
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

fn summary(uid: u32, at: i64, flags: Vec<Flag>) -> MessageSummary {
    MessageSummary {
        uid: Uid(uid),
        from: Some(Address {
            name: Some(format!("Sender {uid}")),
            email: format!("s{uid}@example.test"),
        }),
        to: vec![],
        cc: vec![],
        subject: format!("Subject {uid}"),
        date: Some(Timestamp(at)),
        received: Timestamp(at),
        flags,
        size: 1000,
        has_attachments: uid == 5,
        preview: "preview".into(),
        list_id: None,
        keywords: vec![],
    }
}

fn texts(elements: &[Element]) -> Vec<String> {
    elements
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn message_list_groups_messages_under_day_headers() {
    let now = NOW.0;
    let messages = vec![
        summary(1, now - 40 * DAY, vec![Flag::Seen]),
        summary(2, now - 3 * DAY, vec![Flag::Seen, Flag::Flagged]),
        summary(3, now - DAY, vec![]),
        summary(4, now - HOUR, vec![Flag::Seen]),
        summary(5, now - 2 * HOUR, vec![]),
    ];
    let groups = group_by_day(&messages, NOW, &FixedOffset(0));
    let opened: Arc<Mutex<Vec<Uid>>> = Arc::default();
    let seen = opened.clone();
    let root = container();
    let locale_signal = RwSignal::new(None);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let (_, locale) = provide_app_contexts(Locale::Fr, SessionState::Checking);
        locale_signal.set(Some(locale));
        view! {
            <MessageList
                groups=Signal::stored(groups)
                selected=RwSignal::new(None)
                opened=Signal::stored(None)
                loading=Signal::stored(false)
                has_more=Signal::stored(false)
                show_recipients=Signal::stored(false)
                on_open=Callback::new(move |uid| seen.lock().unwrap().push(uid))
                on_near_end=Callback::new(|()| {})
            />
        }
    });
    settle().await;

    let headers = all(&root, "[data-testid=day-header]");
    assert_eq!(
        texts(&headers),
        ["Aujourd'hui", "Hier", "lundi", "samedi 17 octobre 2026"]
    );
    let rows = all(&root, "[data-testid=message-row]");
    let uids: Vec<_> = rows
        .iter()
        .map(|r| r.get_attribute("data-uid").unwrap())
        .collect();
    assert_eq!(uids, ["4", "5", "3", "2", "1"], "newest first");
    assert!(rows[1].class_list().contains("unread"));
    assert!(!rows[0].class_list().contains("unread"));
    assert!(rows[3].query_selector(".marker-flag").unwrap().is_some());
    assert!(
        rows[1]
            .query_selector(".marker-attachment")
            .unwrap()
            .is_some()
    );
    assert_eq!(
        one(&root, "[role=listbox]")
            .get_attribute("tabindex")
            .as_deref(),
        Some("0")
    );

    rows[2].unchecked_ref::<HtmlElement>().click();
    assert_eq!(*opened.lock().unwrap(), [Uid(3)]);

    locale_signal.get_untracked().unwrap().0.set(Locale::En);
    settle().await;
    let headers = all(&root, "[data-testid=day-header]");
    assert_eq!(
        texts(&headers),
        ["Today", "Yesterday", "Monday", "Saturday, 17 October 2026"]
    );
    drop(handle);
}

fn detail(has_remote_images: bool) -> MessageDetail {
    let mut summary = summary(5, NOW.0, vec![Flag::Seen]);
    summary.subject = "Rapport".into();
    MessageDetail {
        folder: FolderPath("Professionnel/Clients".into()),
        summary,
        reply_to: vec![],
        message_id: None,
        text: Some("plain".into()),
        has_html: true,
        has_remote_images,
        attachments: vec![Attachment {
            index: 0,
            filename: "rapport.pdf".into(),
            content_type: "application/pdf".into(),
            size: 1_572_864,
        }],
        in_reply_to: None,
        references: vec![],
        read_receipt_to: None,
        report: None,
    }
}

#[wasm_bindgen_test]
async fn reader_frames_the_body_and_shows_images_on_request() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! {
            <MessageView
                message=detail(true)
                flagged=Signal::stored(false)
                on_back=Callback::new(|()| {})
                on_toggle_flag=Callback::new(|()| {})
                on_mark_unread=Callback::new(|()| {})
            />
        }
    });
    settle().await;

    let frame = one(&root, "[data-testid=message-frame]");
    assert_eq!(
        frame.get_attribute("sandbox").as_deref(),
        Some(FRAME_SANDBOX)
    );
    let sandbox = FRAME_SANDBOX.to_string();
    assert!(!sandbox.contains("allow-scripts") && !sandbox.contains("allow-same-origin"));
    assert_eq!(
        frame.get_attribute("src").as_deref(),
        Some("/api/folders/Professionnel%2FClients/messages/5/body.html?images=blocked")
    );
    let banner = one(&root, "[data-testid=images-banner]");
    assert!(
        banner
            .text_content()
            .unwrap()
            .contains("Images distantes bloquées")
    );
    let link = one(&root, "[data-testid=attachment]");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("/api/folders/Professionnel%2FClients/messages/5/attachments/0")
    );
    assert!(root.text_content().unwrap().contains("1,5 Mo"));

    one(&root, "[data-testid=show-images]")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(
        one(&root, "[data-testid=message-frame]")
            .get_attribute("src")
            .as_deref(),
        Some("/api/folders/Professionnel%2FClients/messages/5/body.html?images=shown")
    );
    assert!(
        root.query_selector("[data-testid=images-banner]")
            .unwrap()
            .is_none()
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_report_s_english_prose_is_folded_behind_its_summary() {
    let mut message = detail(false);
    message.has_html = false;
    message.attachments = vec![];
    message.text = Some("This is the mail system at host mx.example.test.".into());
    message.report = Some(ReportKind::DeliveryStatus);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! {
            <MessageView
                message=message.clone()
                flagged=Signal::stored(false)
                on_back=Callback::new(|()| {})
                on_toggle_flag=Callback::new(|()| {})
                on_mark_unread=Callback::new(|()| {})
            />
        }
    });
    settle().await;
    let original = one(&root, "[data-testid=report-original-text]");
    assert!(!original.has_attribute("open"), "folded until asked for");
    let label = one(&root, "[data-testid=report-original-text] summary");
    assert!(
        label
            .text_content()
            .unwrap()
            .contains("Texte d'origine du serveur"),
        "{:?}",
        label.text_content()
    );
    assert!(
        original
            .text_content()
            .unwrap()
            .contains("This is the mail system")
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn reader_offers_no_image_button_without_remote_images() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::En, SessionState::Checking);
        view! {
            <MessageView
                message=detail(false)
                flagged=Signal::stored(true)
                on_back=Callback::new(|()| {})
                on_toggle_flag=Callback::new(|()| {})
                on_mark_unread=Callback::new(|()| {})
            />
        }
    });
    settle().await;
    assert!(
        root.query_selector("[data-testid=show-images]")
            .unwrap()
            .is_none()
    );
    let flag = one(&root, "[data-testid=toggle-flag]");
    assert_eq!(flag.text_content().as_deref(), Some("Unflag"));
    assert_eq!(flag.get_attribute("aria-pressed").as_deref(), Some("true"));
    drop(handle);
}

fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = one(root, selector).unchecked_into();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

fn value_of(root: &Element, selector: &str) -> String {
    one(root, selector)
        .unchecked_into::<HtmlInputElement>()
        .value()
}

#[wasm_bindgen_test]
async fn login_suggests_servers_until_the_user_edits_them() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! { <Login notice=None /> }
    });
    settle().await;

    type_into(&root, "[data-testid=login-email]", "jean@laposte.net");
    settle().await;
    assert_eq!(
        value_of(&root, "[data-testid=login-imap-host]"),
        "imap.laposte.net"
    );
    assert_eq!(value_of(&root, "[data-testid=login-imap-port]"), "993");
    assert_eq!(
        value_of(&root, "[data-testid=login-smtp-host]"),
        "smtp.laposte.net"
    );
    assert_eq!(value_of(&root, "[data-testid=login-smtp-port]"), "587");

    type_into(&root, "[data-testid=login-imap-host]", "mail.example.org");
    type_into(&root, "[data-testid=login-email]", "jean@orange.fr");
    settle().await;
    assert_eq!(
        value_of(&root, "[data-testid=login-imap-host]"),
        "mail.example.org"
    );

    // Submitting without a password is caught before any request.
    one(&root, "[data-testid=login-submit]")
        .unchecked_into::<HtmlElement>()
        .click();
    settle().await;
    assert_eq!(
        one(&root, "[data-testid=form-error]")
            .text_content()
            .as_deref(),
        Some("Saisissez votre mot de passe.")
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn locale_switch_changes_the_text_and_the_document_language() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let (_, locale) = provide_app_contexts(Locale::Fr, SessionState::Checking);
        Effect::new(move |_| locale_choice::apply_to_document(locale.get()));
        view! { <LocaleSwitch /> }
    });
    settle().await;
    let html = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .document_element()
        .unwrap();
    let switch = one(&root, "[data-testid=locale-switch]");
    assert_eq!(html.get_attribute("lang").as_deref(), Some("fr"));
    assert_eq!(switch.text_content().as_deref(), Some("English"));
    switch.unchecked_ref::<HtmlElement>().click();
    settle().await;
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(switch.text_content().as_deref(), Some("Français"));
    drop(handle);
}

#[wasm_bindgen_test]
fn browser_zone_agrees_with_the_browser_calendar() {
    // Every 5 days and 7 hours for two years crosses both DST changes, if the zone has any.
    for step in 0..150 {
        let at = Timestamp(NOW.0 - step * (5 * DAY + 7 * HOUR));
        let date = LocalDate::of(at, &BrowserZone);
        let js = js_sys::Date::new(&(at.0 as f64 * 1000.0).into());
        assert_eq!(
            (date.year, u32::from(date.month), u32::from(date.day)),
            (js.get_full_year() as i32, js.get_month() + 1, js.get_date()),
            "at {}",
            at.0
        );
    }
}

/// Presses `key` on `target` as the browser would (bubbling up to the window).
fn press(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn active_test_id() -> Option<String> {
    web_sys::window()?
        .document()?
        .active_element()?
        .get_attribute("data-testid")
}

#[wasm_bindgen_test]
async fn question_mark_opens_the_shortcuts_anywhere_but_in_a_field() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! {
            <button type="button" data-testid="somewhere">"…"</button>
            <input type="text" data-testid="a-field" />
            <ShortcutsDialog />
        }
    });
    settle().await;

    // Typing « ? » in a field is typing.
    let field = one(&root, "[data-testid=a-field]");
    field.unchecked_ref::<HtmlElement>().focus().unwrap();
    press(&field, "?");
    settle().await;
    assert!(
        root.query_selector("[data-testid=shortcuts-dialog]")
            .unwrap()
            .is_none()
    );

    let button = one(&root, "[data-testid=somewhere]");
    button.unchecked_ref::<HtmlElement>().focus().unwrap();
    press(&button, "?");
    settle().await;
    let dialog = one(&root, "[data-testid=shortcuts-dialog]");
    assert_eq!(dialog.get_attribute("role").as_deref(), Some("dialog"));
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title = one(&root, "#shortcuts-title");
    assert_eq!(title.text_content().as_deref(), Some("Raccourcis clavier"));
    let text = dialog.text_content().unwrap();
    for line in [
        "Message suivant / précédent",
        "Écrire un message",
        "Répondre (message ouvert)",
    ] {
        assert!(text.contains(line), "{line} missing: {text}");
    }
    assert_eq!(active_test_id().as_deref(), Some("shortcuts-close"));

    // Escape closes it and the focus goes back where it was.
    let close = one(&root, "[data-testid=shortcuts-close]");
    press(&close, "Escape");
    settle().await;
    assert!(
        root.query_selector("[data-testid=shortcuts-dialog]")
            .unwrap()
            .is_none()
    );
    assert_eq!(active_test_id().as_deref(), Some("somewhere"));
    drop(handle);
}

#[wasm_bindgen_test]
fn a_panic_in_a_listener_is_recorded_for_settle_to_fail_on() {
    let root = container();
    // The browser runs the listener and reports its trap; nothing unwinds into the test,
    // so only the recording hook can tell.
    let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| panic!("boom in a listener"));
    root.add_event_listener_with_callback("ping", listener.as_ref().unchecked_ref())
        .unwrap();
    root.dispatch_event(&web_sys::Event::new("ping").unwrap())
        .unwrap();
    let panics = dom::take_panics();
    assert_eq!(panics.len(), 1, "{panics:?}");
    assert!(panics[0].contains("boom in a listener"), "{panics:?}");
    root.remove();
}

#[wasm_bindgen_test]
fn the_panic_notice_is_an_alert_with_a_reload_button_in_both_languages() {
    let document = web_sys::window().unwrap().document().unwrap();
    for (locale, text, button) in [
        (Locale::Fr, "Une erreur s'est produite", "Recharger la page"),
        (Locale::En, "Something went wrong", "Reload the page"),
    ] {
        let (notice, reload) = facteur_frontend::panic_notice::build(&document, locale).unwrap();
        assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
        assert!(
            notice.text_content().unwrap_or_default().contains(text),
            "{locale:?}"
        );
        assert_eq!(reload.text_content().as_deref(), Some(button));
        assert_eq!(reload.get_attribute("type").as_deref(), Some("submit"));
        let form = reload
            .closest("form")
            .unwrap()
            .expect("the button is in a form");
        assert_eq!(form.get_attribute("method").as_deref(), Some("get"));
    }

    // Shown once, in the page's language, with the focus on its button.
    let root = container();
    document
        .document_element()
        .unwrap()
        .set_attribute("lang", "fr")
        .unwrap();
    let shown = facteur_frontend::panic_notice::show(&document).unwrap();
    let again = facteur_frontend::panic_notice::show(&document).unwrap();
    assert_eq!(shown, again);
    assert_eq!(
        all(&document.body().unwrap(), "[data-testid=panic-notice]").len(),
        1
    );
    let reload = one(&shown, "[data-testid=panic-reload]");
    assert_eq!(
        document.active_element().as_ref(),
        Some(&reload),
        "the reload button has the focus"
    );
    assert!(
        shown
            .text_content()
            .unwrap_or_default()
            .contains("Une erreur s'est produite")
    );
    shown.remove();
    root.remove();
}
