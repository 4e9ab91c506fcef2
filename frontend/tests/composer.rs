//! Component tests of the composer in a real browser, its bridge calls answered
//! in-process by a fake whose answers the test releases when it chooses.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p facteur-frontend --target
//! wasm32-unknown-unknown --test composer`.
#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{all, container, one, settle};
use facteur_frontend::api::ApiError;
use facteur_frontend::api::Pending;
use facteur_frontend::api::compose::ComposeApi;
use facteur_frontend::components::compose::{ComposeService, ComposerView};
use facteur_frontend::compose::rich_text::html_to_text;
use facteur_frontend::i18n::Locale;
use facteur_frontend::settings::{SendingIdentity, Settings};
use facteur_frontend::state::{SessionState, provide_app_contexts};
use facteur_frontend::stores::compose_start::ComposeStart;
use facteur_frontend::stores::settings_store::SettingsStore;
use facteur_model::compose::{
    AddressSuggestions, ComposeCapabilities, DEFAULT_MAX_ATTACHMENT_BYTES, Draft, DraftBody,
    DraftSaved, SaveDraft, SendFailure, SendRequest, SendResult, SentCopy, UploadId,
};
use facteur_model::message::Address;
use facteur_model::problem::ErrorCode;
use facteur_model::{FolderPath, Uid};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// What the fake bridge saw and what it will answer.
#[derive(Default)]
struct FakeState {
    saves: Vec<SaveDraft>,
    sends: Vec<SendRequest>,
    /// What suggestions were asked for.
    queries: Vec<String>,
    /// The resolver of the send waiting for the test.
    release: Option<js_sys::Function>,
    /// The answer given when the test releases the waiting send.
    outcome: Option<Result<SendResult, ApiError>>,
    /// The resolver of the save waiting for the test (when saves are held).
    save_release: Option<js_sys::Function>,
}

struct FakeBridge {
    dsn: bool,
    /// What reopening a draft gives.
    saved_draft: Option<Draft>,
    max_bytes: u64,
    suggestions: Vec<Address>,
    /// Saves wait for [`FakeBridge::release_save`] instead of answering at once.
    hold_saves: bool,
    state: SendWrapper<Rc<RefCell<FakeState>>>,
}

impl FakeBridge {
    fn new(dsn: bool) -> Arc<FakeBridge> {
        Arc::new(FakeBridge::plain(dsn))
    }

    fn plain(dsn: bool) -> FakeBridge {
        FakeBridge {
            dsn,
            saved_draft: None,
            max_bytes: DEFAULT_MAX_ATTACHMENT_BYTES,
            hold_saves: false,
            suggestions: vec![Address {
                name: Some("Alice Martin".into()),
                email: "alice@example.com".into(),
            }],
            state: SendWrapper::new(Rc::new(RefCell::new(FakeState::default()))),
        }
    }

    /// Answers the waiting send with `outcome`.
    fn release(&self, outcome: Result<SendResult, ApiError>) {
        let release = {
            let mut state = self.state.borrow_mut();
            state.outcome = Some(outcome);
            state.release.take().expect("a send is waiting")
        };
        release.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    }

    /// Answers the waiting save (the draft is kept as UID 7).
    fn release_save(&self) {
        let release = self
            .state
            .borrow_mut()
            .save_release
            .take()
            .expect("a save is waiting");
        release.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    }

    fn sends(&self) -> Vec<SendRequest> {
        self.state.borrow().sends.clone()
    }
}

fn ready<T: 'static>(value: Result<T, ApiError>) -> Pending<T> {
    Box::pin(async move { value })
}

impl ComposeApi for FakeBridge {
    fn capabilities(&self) -> Pending<ComposeCapabilities> {
        ready(Ok(ComposeCapabilities {
            dsn: self.dsn,
            max_attachment_bytes: self.max_bytes,
            server_size_limit: None,
            server_saves_sent: false,
        }))
    }

    fn suggestions(&self, typed: String) -> Pending<AddressSuggestions> {
        self.state.borrow_mut().queries.push(typed.clone());
        let addresses = self
            .suggestions
            .iter()
            .filter(|a| a.email.starts_with(&typed) || a.label().starts_with(&typed))
            .cloned()
            .collect();
        ready(Ok(AddressSuggestions { addresses }))
    }

    fn save_draft(&self, request: SaveDraft) -> Pending<DraftSaved> {
        self.state.borrow_mut().saves.push(request);
        let saved = Ok(DraftSaved {
            folder: FolderPath("Drafts".into()),
            uid: Some(Uid(7)),
        });
        if !self.hold_saves {
            return ready(saved);
        }
        let state = Rc::clone(&self.state);
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            state.borrow_mut().save_release = Some(resolve);
        });
        Box::pin(async move {
            let _ = JsFuture::from(promise).await;
            saved
        })
    }

    fn reopen_draft(&self, _folder: FolderPath, _uid: Uid) -> Pending<Draft> {
        ready(self.saved_draft.clone().ok_or(ApiError::Network))
    }

    fn send(&self, request: SendRequest) -> Pending<SendResult> {
        let state = Rc::clone(&self.state);
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            let mut waiting = state.borrow_mut();
            waiting.sends.push(request.clone());
            waiting.release = Some(resolve);
        });
        Box::pin(async move {
            let _ = JsFuture::from(promise).await;
            state
                .borrow_mut()
                .outcome
                .take()
                .expect("an outcome was set")
        })
    }

    fn delete_upload(&self, _id: UploadId) -> Pending<()> {
        ready(Ok(()))
    }
}

fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = one(root, selector).unchecked_into();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Waits (a real timer) until something matches `selector`; suggestions are asked for
/// once typing pauses.
async fn shown(root: &Element, selector: &str) -> Vec<Element> {
    for _ in 0..100 {
        let found = all(root, selector);
        if !found.is_empty() {
            return found;
        }
        pause_ms(50).await;
    }
    panic!("nothing matches {selector:?} after 5 s");
}

async fn pause_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn text(root: &Element, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

fn mount(locale: Locale, fake: Arc<FakeBridge>) -> (HtmlElement, Box<dyn std::any::Any>) {
    mount_watching(locale, fake, RwSignal::new(0))
}

/// Mounts a new-message composer; `closed` counts its `on_closed` calls.
fn mount_watching(
    locale: Locale,
    fake: Arc<FakeBridge>,
    closed: RwSignal<u32>,
) -> (HtmlElement, Box<dyn std::any::Any>) {
    mount_starting(locale, fake, closed, ComposeStart::New)
}

fn mount_starting(
    locale: Locale,
    fake: Arc<FakeBridge>,
    closed: RwSignal<u32>,
    start: ComposeStart,
) -> (HtmlElement, Box<dyn std::any::Any>) {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(locale, SessionState::Checking);
        provide_context(ComposeService(fake.clone()));
        view! {
            <ComposerView
                start=start.clone()
                on_closed=Callback::new(move |()| closed.update(|n| *n += 1))
                on_sent=Callback::new(|_| {})
            />
        }
    });
    (root, Box::new(handle))
}

#[wasm_bindgen_test]
async fn a_reopened_draft_says_why_its_last_send_failed() {
    let refused = "550 5.1.1 <nobody@example.com>: Recipient address rejected";
    let mut fake = FakeBridge::plain(true);
    fake.saved_draft = Some(Draft {
        from: Address {
            name: None,
            email: "demo@example.test".into(),
        },
        to: vec![Address {
            name: None,
            email: "nobody@example.com".into(),
        }],
        cc: vec![],
        bcc: vec![],
        subject: "Devis".into(),
        body: DraftBody {
            text: "Bonjour".into(),
            html: None,
        },
        attachments: vec![],
        in_reply_to: None,
        references: vec![],
        request_dsn: false,
        dsn_notify: Default::default(),
        request_read_receipt: false,
        last_failure: Some(SendFailure {
            code: ErrorCode::RecipientRefused,
            detail: Some(refused.into()),
        }),
    });
    let start = ComposeStart::Draft {
        folder: FolderPath("Drafts".into()),
        uid: Uid(12),
    };
    let (root, handle) = mount_starting(Locale::Fr, Arc::new(fake), RwSignal::new(0), start);
    settle().await;
    let shown = text(&root, "[data-testid=compose-error]");
    assert!(
        shown.contains("Le serveur d'envoi refuse un destinataire."),
        "{shown}"
    );
    assert!(shown.contains(refused), "{shown}");
    assert!(shown.contains("Conservé dans les Brouillons."), "{shown}");
    assert_eq!(
        one(&root, "[data-testid=compose-subject]")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "Devis"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn recipients_become_chips_and_invalid_ones_are_refused() {
    let fake = FakeBridge::new(true);
    let (root, handle) = mount(Locale::En, fake);
    settle().await;

    type_into(
        &root,
        "[data-testid=compose-to]",
        "Bob Durand <bob@example.com>, ",
    );
    settle().await;
    let chips = all(&root, "[data-testid=compose-chip]");
    assert_eq!(chips.len(), 1);
    assert_eq!(
        chips[0].get_attribute("title").as_deref(),
        Some("bob@example.com")
    );
    assert!(chips[0].text_content().unwrap().contains("Bob Durand"));

    // Suggestions from the mailbox's addresses; clicking one makes a chip.
    type_into(&root, "[data-testid=compose-to]", "ali");
    let suggestions = shown(&root, "[data-testid=compose-suggestion]").await;
    assert_eq!(suggestions.len(), 1);
    assert_eq!(
        one(&root, "[data-testid=compose-to]")
            .get_attribute("aria-expanded")
            .as_deref(),
        Some("true")
    );
    suggestions[0].unchecked_ref::<HtmlElement>().click();
    settle().await;
    assert_eq!(all(&root, "[data-testid=compose-chip]").len(), 2);

    type_into(&root, "[data-testid=compose-to]", "bob at example,");
    settle().await;
    assert_eq!(
        all(&root, "[data-testid=compose-chip]").len(),
        2,
        "no chip for it"
    );
    assert_eq!(
        text(&root, "[data-testid=compose-recipient-error]"),
        "“bob at example” is not a valid address: the address must not contain spaces."
    );
    let input: HtmlInputElement = one(&root, "[data-testid=compose-to]").unchecked_into();
    assert_eq!(input.value(), "bob at example", "what was typed is kept");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_refusal_is_in_french_for_french_users() {
    let (root, handle) = mount(Locale::Fr, FakeBridge::new(true));
    settle().await;
    type_into(&root, "[data-testid=compose-cc]", "personne;");
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=compose-recipient-error]"),
        "« personne » n'est pas une adresse valide : l'adresse doit contenir un seul « @ »."
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_dsn_warning_follows_the_server_capabilities() {
    let (root, handle) = mount(Locale::En, FakeBridge::new(false));
    settle().await;
    assert_eq!(
        text(&root, "[data-testid=compose-dsn-warning]"),
        "Your server does not offer delivery receipts."
    );
    let dsn: HtmlInputElement = one(&root, "[data-testid=compose-dsn]").unchecked_into();
    assert!(dsn.checked(), "on by default, as the settings say");
    drop(handle);

    let (root, handle) = mount(Locale::En, FakeBridge::new(true));
    settle().await;
    assert!(
        root.query_selector("[data-testid=compose-dsn-warning]")
            .unwrap()
            .is_none()
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn send_is_disabled_while_sending_and_a_retry_reuses_the_key() {
    let fake = FakeBridge::new(true);
    let (root, handle) = mount(Locale::En, fake.clone());
    settle().await;
    type_into(&root, "[data-testid=compose-to]", "bob@example.com,");
    type_into(&root, "[data-testid=compose-subject]", "Devis");
    settle().await;

    let send: HtmlElement = one(&root, "[data-testid=compose-send]").unchecked_into();
    assert!(!send.has_attribute("disabled"));
    send.click();
    settle().await;
    assert!(
        send.has_attribute("disabled"),
        "disabled while the send runs"
    );
    assert_eq!(send.text_content().unwrap(), "Sending…");
    send.click();
    settle().await;
    assert_eq!(fake.sends().len(), 1, "a second click sends nothing");

    fake.release(Err(ApiError::Bridge {
        code: ErrorCode::SendFailed,
        detail: Some("451 4.3.0 try again later".into()),
        message_count: None,
        current_settings: None,
        limit_bytes: None,
        saved_draft: Some(DraftSaved {
            folder: FolderPath("Drafts".into()),
            uid: Some(Uid(12)),
        }),
    }));
    settle().await;
    assert!(!send.has_attribute("disabled"), "enabled again to retry");
    let error = text(&root, "[data-testid=compose-error]");
    assert!(error.contains("451 4.3.0 try again later"), "{error}");
    assert!(error.contains("Kept in Drafts."), "{error}");
    assert!(
        root.query_selector("[data-testid=composer]")
            .unwrap()
            .is_some()
    );

    send.click();
    settle().await;
    let sends = fake.sends();
    assert_eq!(sends.len(), 2);
    assert_eq!(sends[0].key, sends[1].key, "the same attempt keeps its key");
    assert_eq!(
        sends[1].draft_uid,
        Some(Uid(12)),
        "the kept draft is replaced"
    );
    assert_eq!(sends[0].draft.subject, "Devis");
    assert_eq!(sends[0].draft.to[0].email, "bob@example.com");
    assert_eq!(sends[0].key.0.len(), 32);
    fake.release(Ok(SendResult {
        message_id: "<x@example.org>".into(),
        sent_folder: None,
        sent_uid: None,
        sent_copy: SentCopy::ByServer,
        envid: None,
        dsn_unavailable: false,
        recipients: vec![],
    }));
    settle().await;
    drop(handle);
}

/// Dispatches a `keydown` of `key` (with Ctrl when asked) on the element.
fn press(root: &Element, selector: &str, key: &str, ctrl: bool) {
    let make = js_sys::Function::new_with_args(
        "key, ctrl",
        "return new KeyboardEvent('keydown', { key, ctrlKey: ctrl, bubbles: true, cancelable: true })",
    );
    let event = make
        .call2(
            &wasm_bindgen::JsValue::NULL,
            &key.into(),
            &wasm_bindgen::JsValue::from_bool(ctrl),
        )
        .unwrap();
    one(root, selector)
        .dispatch_event(event.unchecked_ref())
        .unwrap();
}

#[wasm_bindgen_test]
async fn suggestions_are_asked_for_once_typing_pauses() {
    let fake = FakeBridge::new(true);
    let (root, handle) = mount(Locale::En, fake.clone());
    settle().await;
    let to = "[data-testid=compose-to]";
    // Typed in one go (no await between): no timer can fire in between.
    for typed in ["a", "al", "ali", "alic"] {
        type_into(&root, to, typed);
    }
    let found = shown(&root, "[data-testid=compose-suggestion]").await;
    assert!(found[0].text_content().unwrap().contains("Alice Martin"));
    assert_eq!(fake.state.borrow().queries, ["alic"]);
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_keyboard_picks_suggestions_and_removes_chips() {
    let (root, handle) = mount(Locale::En, FakeBridge::new(true));
    settle().await;
    let to = "[data-testid=compose-to]";
    type_into(&root, to, "alice");
    shown(&root, "[data-testid=compose-suggestion]").await;
    press(&root, to, "ArrowDown", false);
    settle().await;
    let option = one(&root, "[data-testid=compose-suggestion]");
    assert_eq!(
        option.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert_eq!(
        one(&root, to).get_attribute("aria-activedescendant"),
        option.get_attribute("id")
    );
    press(&root, to, "Enter", false);
    settle().await;
    let chips = all(&root, "[data-testid=compose-chip]");
    assert_eq!(chips.len(), 1);
    assert_eq!(
        chips[0].get_attribute("title").as_deref(),
        Some("alice@example.com")
    );
    assert!(all(&root, "[data-testid=compose-suggestion]").is_empty());

    type_into(&root, to, "bob@example.com");
    press(&root, to, "Enter", false);
    settle().await;
    assert_eq!(all(&root, "[data-testid=compose-chip]").len(), 2);
    type_into(&root, to, "");
    press(&root, to, "Backspace", false);
    settle().await;
    let left: Vec<_> = all(&root, "[data-testid=compose-chip]")
        .iter()
        .map(|c| c.get_attribute("title").unwrap_or_default())
        .collect();
    assert_eq!(left, ["alice@example.com"]);
    drop(handle);
}

#[wasm_bindgen_test]
async fn escape_saves_the_draft_before_closing_and_ctrl_enter_sends() {
    let fake = FakeBridge::new(true);
    let closed = RwSignal::new(0);
    let (root, handle) = mount_watching(Locale::Fr, fake.clone(), closed);
    settle().await;
    type_into(&root, "[data-testid=compose-to]", "bob@example.com;");
    type_into(&root, "[data-testid=compose-subject]", "Compte rendu");
    settle().await;
    press(&root, "[data-testid=compose-subject]", "Escape", false);
    settle().await;
    let saves = fake.state.borrow().saves.clone();
    assert_eq!(saves.len(), 1, "saved on close");
    assert_eq!(saves[0].draft.subject, "Compte rendu");
    assert_eq!(saves[0].draft.to[0].email, "bob@example.com");
    assert_eq!(saves[0].replaces, None);
    assert_eq!(closed.get_untracked(), 1, "closed once saved");
    assert_eq!(
        text(&root, "[data-testid=compose-draft-state]")
            .split(' ')
            .next(),
        Some("Enregistré")
    );

    // Closed is final: neither a second Escape nor Ctrl+Enter does anything more.
    press(&root, "[data-testid=compose-subject]", "Escape", false);
    press(&root, "[data-testid=compose-subject]", "Enter", true);
    settle().await;
    assert_eq!(closed.get_untracked(), 1, "closed once");
    assert!(fake.sends().is_empty(), "a closed composer sends nothing");
    assert_eq!(fake.state.borrow().saves.len(), 1);
    drop(handle);

    let (root, handle) = mount(Locale::Fr, fake.clone());
    settle().await;
    type_into(&root, "[data-testid=compose-to]", "bob@example.com;");
    press(&root, "[data-testid=compose-to]", "Enter", true);
    settle().await;
    let sends = fake.sends();
    assert_eq!(sends.len(), 1, "Ctrl+Enter sends");
    assert_eq!(sends[0].draft.to[0].email, "bob@example.com");
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_send_waits_for_the_running_save_and_late_answers_find_nothing_to_do() {
    let fake = Arc::new(FakeBridge {
        hold_saves: true,
        ..FakeBridge::plain(true)
    });
    let closed = RwSignal::new(0);
    let (root, handle) = mount_watching(Locale::En, fake.clone(), closed);
    settle().await;
    type_into(&root, "[data-testid=compose-to]", "bob@example.com;");
    type_into(&root, "[data-testid=compose-subject]", "Planning");
    settle().await;
    press(&root, "[data-testid=compose-subject]", "Escape", false);
    settle().await;
    assert_eq!(fake.state.borrow().saves.len(), 1, "closing saves first");
    assert_eq!(text(&root, "[data-testid=compose-draft-state]"), "Saving…");
    assert_eq!(
        closed.get_untracked(),
        0,
        "not closed before the draft is kept"
    );

    let send: HtmlElement = one(&root, "[data-testid=compose-send]").unchecked_into();
    send.click();
    settle().await;
    assert!(
        fake.sends().is_empty(),
        "not while the draft is being saved"
    );
    assert!(send.has_attribute("disabled"), "the send waits");
    fake.release_save();
    settle().await;
    let sends = fake.sends();
    assert_eq!(sends.len(), 1, "sent once the save ended");
    assert_eq!(
        sends[0].draft_uid,
        Some(Uid(7)),
        "the saved copy is replaced"
    );
    assert_eq!(closed.get_untracked(), 0, "sending, not closing");

    // The composer is taken away while the bridge sends: its answer arrives to
    // nothing, and nothing panics.
    drop(handle);
    fake.release(Ok(SendResult {
        message_id: "<y@example.org>".into(),
        sent_folder: None,
        sent_uid: None,
        sent_copy: SentCopy::ByServer,
        envid: None,
        dsn_unavailable: false,
        recipients: vec![],
    }));
    settle().await;
    assert_eq!(fake.sends().len(), 1);
    assert_eq!(fake.state.borrow().saves.len(), 1, "nothing more was saved");
}

#[wasm_bindgen_test]
async fn changing_identity_swaps_the_signature() {
    let settings = Settings {
        sending_identities: vec![
            SendingIdentity {
                email: "pro@example.org".into(),
                name: "Marie Dupont".into(),
                signature: "Marie Dupont\nService RH".into(),
            },
            SendingIdentity {
                email: "marie@example.net".into(),
                name: String::new(),
                signature: "Marie".into(),
            },
        ],
        ..Settings::default()
    };
    let root = container();
    let fake = FakeBridge::new(true);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::En, SessionState::Checking);
        provide_context(ComposeService(fake.clone()));
        provide_context(SettingsStore::ready(settings.clone()));
        view! {
            <ComposerView
                start=ComposeStart::New
                on_closed=Callback::new(|()| {})
                on_sent=Callback::new(|_| {})
            />
        }
    });
    settle().await;
    // The text version, as sent: it keeps the separator's trailing space, which the
    // rendered text collapses.
    let body = || html_to_text(&one(&root, "[data-testid=compose-body]").inner_html());
    let choose = |index: &str| {
        let select: web_sys::HtmlSelectElement =
            one(&root, "[data-testid=compose-from]").unchecked_into();
        select.set_value(index);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let event = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
        select.dispatch_event(&event).unwrap();
    };
    let options: Vec<_> = all(&root, "[data-testid=compose-from] option")
        .iter()
        .map(|o| o.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        options[1..],
        ["Marie Dupont <pro@example.org>", "marie@example.net"]
    );
    assert!(!body().contains("-- "), "the account has no signature");

    choose("1");
    settle().await;
    assert!(
        body().contains("-- \nMarie Dupont\nService RH"),
        "{:?}",
        body()
    );
    choose("2");
    settle().await;
    assert!(body().contains("-- \nMarie"), "{:?}", body());
    assert!(
        !body().contains("Service RH"),
        "the old one is gone: {:?}",
        body()
    );
    choose("0");
    settle().await;
    assert!(!body().contains("-- "), "{:?}", body());
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_file_over_the_limit_is_refused_before_upload() {
    let fake = Arc::new(FakeBridge {
        max_bytes: 1024 * 1024,
        ..FakeBridge::plain(true)
    });
    let (root, handle) = mount(Locale::Fr, fake);
    settle().await;
    // A 2 MB file, given to the picker as the browser would.
    let pick = js_sys::Function::new_with_args(
        "input",
        "const file = new File([new Uint8Array(2 * 1024 * 1024)], 'film.mp4');
         const transfer = new DataTransfer();
         transfer.items.add(file);
         input.files = transfer.files;
         input.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    pick.call1(
        &wasm_bindgen::JsValue::NULL,
        &one(&root, "[data-testid=compose-attach-input]"),
    )
    .unwrap();
    settle().await;
    let rows = all(&root, "[data-testid=compose-attachment]");
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].get_attribute("data-state").as_deref(),
        Some("failed")
    );
    let shown = rows[0].text_content().unwrap_or_default();
    assert!(
        shown.contains("« film.mp4 » dépasse la taille maximale de 1 Mo par pièce jointe."),
        "{shown}"
    );
    assert!(shown.contains("2,0 Mo"), "its size: {shown}");
    drop(handle);
}
