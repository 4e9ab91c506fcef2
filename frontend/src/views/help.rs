//! The help pages (glossary, provider comparison, setup report, setup wizard) shown over
//! the current screen when the address bar's fragment names one, and the links to them.

use crate::components::locale_switch::LocaleSwitch;
use crate::help_route::HelpPage;
use crate::i18n::{DossierText, SetupText};
use crate::state::{tr, use_locale};
use crate::views::glossary::GlossaryPage;
use crate::views::providers::ProvidersPage;
use crate::views::setup::SetupWizard;
use crate::views::setup_report::SetupReportPage;
use facteur_model::api::SessionInfo;
use leptos::ev;
use leptos::prelude::*;

/// The page the fragment names, over the screen; `account` is the signed-in account
/// (the report needs it; the wizard is only for the signed-out).
#[component]
pub fn HelpPages(
    /// The signed-in account, or `None` on the sign-in screen.
    #[prop(optional)]
    account: Option<SessionInfo>,
) -> impl IntoView {
    let locale = use_locale();
    let page = RwSignal::new(current());
    let listener = window_event_listener(ev::hashchange, move |_| page.set(current()));
    on_cleanup(move || listener.remove());
    let signed_in = account.is_some();
    let shown = Memo::new(move |_| {
        page.get().filter(|page| match page {
            HelpPage::SetupReport => signed_in,
            HelpPage::Setup => !signed_in,
            _ => true,
        })
    });
    // The wizard stays mounted (hidden) while the glossary or the comparison is read from
    // it, so what the user typed survives the detour; leaving help drops it.
    let wizard_kept = RwSignal::new(false);
    Effect::new(move |_| match shown.get() {
        Some(HelpPage::Setup) => wizard_kept.set(true),
        None => wizard_kept.set(false),
        Some(_) => {}
    });
    let leave = move || {
        if wizard_kept.get_untracked() && shown.get_untracked() != Some(HelpPage::Setup) {
            go_to(HelpPage::Setup);
        } else {
            close();
            page.set(None);
        }
    };
    // The page holds the keyboard: Escape leaves it, and no key reaches the screen
    // underneath (the mailbox's shortcuts would act on what the page hides).
    hold_keyboard(move |event| {
        if shown.get_untracked().is_none() {
            return;
        }
        if event.key() == "Escape" {
            leave();
        }
        event.stop_propagation();
    });
    // Only the page's kind decides what is built; moving within the glossary scrolls.
    let kind = Memo::new(move |_| shown.get().map(|p| std::mem::discriminant(&p)));
    // Keyboard and screen-reader users land in the page that just opened.
    Effect::new(move |_| {
        let target = match kind.get() {
            None => return,
            Some(_) if shown.get_untracked() == Some(HelpPage::Setup) => "#setup-email",
            Some(_) => "[data-testid=help-close]",
        };
        request_animation_frame(move || focus_first(target));
    });
    let focus = Signal::derive(move || match shown.get() {
        Some(HelpPage::Glossary(term)) => term,
        _ => None,
    });
    let account = StoredValue::new(account);
    let body = move || {
        let account = account.get_value();
        shown.get_untracked().map(|shown| match shown {
            HelpPage::Glossary(_) => view! { <GlossaryPage focus /> }.into_any(),
            HelpPage::Providers => view! { <ProvidersPage /> }.into_any(),
            HelpPage::Setup => ().into_any(),
            HelpPage::SetupReport => match account {
                Some(account) => view! { <SetupReportPage account /> }.into_any(),
                None => ().into_any(),
            },
        })
    };
    let back_label = move || {
        let back = if signed_in {
            SetupText::Back
        } else if wizard_kept.get() && shown.get() != Some(HelpPage::Setup) {
            SetupText::BackToWizard
        } else {
            SetupText::BackToSignIn
        };
        locale.text(back)
    };
    view! {
        <Show when=move || kind.get().is_some()>
            <div class="help-overlay" role="dialog" aria-modal="true" data-testid="help-overlay">
                <div class="help-bar no-print">
                    <button
                        type="button"
                        class="button back-button"
                        data-testid="help-close"
                        on:click=move |_| leave()
                    >
                        {back_label}
                    </button>
                    <HelpLinks signed_in />
                    <LocaleSwitch />
                </div>
                <div class="help-body">
                    <Show when=move || wizard_kept.get()>
                        <div class:hidden=move || shown.get() != Some(HelpPage::Setup)>
                            <SetupWizard />
                        </div>
                    </Show>
                    {move || {
                        kind.track();
                        body()
                    }}
                </div>
            </div>
        </Show>
    }
}

/// Links to the help pages (and to the report when signed in).
#[component]
pub fn HelpLinks(signed_in: bool) -> impl IntoView {
    let link = move |page: HelpPage, text: SetupText, testid: &'static str| {
        view! { <a class="help-link" href=page.fragment() data-testid=testid>{tr(text)}</a> }
    };
    view! {
        <nav class="help-links" aria-label=tr(SetupText::Help)>
            {link(HelpPage::Glossary(None), SetupText::GlossaryTitle, "open-glossary")}
            {link(HelpPage::Providers, SetupText::ProvidersTitle, "open-providers")}
            {signed_in.then(|| view! {
                <a class="help-link" href=HelpPage::SetupReport.fragment() data-testid="open-setup-report">
                    {tr(DossierText::Title)}
                </a>
            })}
        </nav>
    }
}

/// The link from the sign-in screen to the setup wizard.
#[component]
pub fn SetupLink() -> impl IntoView {
    view! {
        <a class="button setup-link" href=HelpPage::Setup.fragment() data-testid="open-setup">
            {tr(SetupText::SetUpAccount)}
        </a>
    }
}

/// Leaves the help page: drops the fragment without reloading (and without a
/// `hashchange`, so callers update their own state).
pub fn close() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{search}")),
        );
    }
}

/// Runs `handle` on every key press before anything else in the page sees it (a
/// capture-phase listener on the window), until the calling component goes away.
fn hold_keyboard(handle: impl Fn(&web_sys::KeyboardEvent) + 'static) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let listener =
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
            handle(&event)
        });
    let function: js_sys::Function = listener
        .as_ref()
        .unchecked_ref::<js_sys::Function>()
        .clone();
    if window
        .add_event_listener_with_callback_and_bool("keydown", &function, true)
        .is_err()
    {
        return;
    }
    let held = send_wrapper::SendWrapper::new((window, function, listener));
    on_cleanup(move || {
        let (window, function, _listener) = held.take();
        let _ = window.remove_event_listener_with_callback_and_bool("keydown", &function, true);
    });
}

/// Opens `page` as if its link was followed.
fn go_to(page: HelpPage) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&page.fragment());
    }
}

fn focus_first(selector: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

fn current() -> Option<HelpPage> {
    let hash = web_sys::window()?.location().hash().ok()?;
    HelpPage::from_fragment(&hash)
}
