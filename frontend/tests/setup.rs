//! Component tests of account setup in a real browser: the glossary in both languages,
//! and the connection test's diagnosis naming the server.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p facteur-frontend --target
//! wasm32-unknown-unknown --test setup`.
#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{all, container, settle};
use facteur_frontend::i18n::Locale;
use facteur_frontend::i18n::glossary_text::Term;
use facteur_frontend::state::{CurrentLocale, SessionState, provide_app_contexts};
use facteur_frontend::views::glossary::GlossaryPage;
use facteur_frontend::views::setup::CheckView;
use facteur_model::api::{Security, ServerEndpoint};
use facteur_providers::Protocol;
use facteur_providers::setup_api::{
    CertificateProblem, CheckOutcome, CheckStep, Diagnosis, StepKind,
};
use leptos::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

fn text_of(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_glossary_shows_in_both_languages() {
    let root = container();
    let locale_signal = RwSignal::new(None::<CurrentLocale>);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let (_, locale) = provide_app_contexts(Locale::Fr, SessionState::Checking);
        locale_signal.set(Some(locale));
        view! { <GlossaryPage focus=Signal::stored(Some(Term::Imap)) /> }
    });
    settle().await;

    let entries = all(&root, "[data-testid=glossary-entry]");
    assert_eq!(entries.len(), Term::ALL.len());
    for term in Term::ALL {
        assert!(
            root.query_selector(&format!("#{}", term.anchor()))
                .unwrap()
                .is_some(),
            "no entry with the anchor of {term:?}"
        );
    }
    let thick = format!("#{} h2", Term::ThickClient.anchor());
    assert_eq!(text_of(&root, &thick), "Client lourd");
    let imap = text_of(&root, "#glossary-imap");
    assert!(imap.contains("laissant sur le serveur"), "{imap}");
    assert!(
        all(&root, "#glossary-imap.focused").len() == 1,
        "the asked entry is highlighted"
    );
    // Every term of the index links to its entry.
    let link = root
        .query_selector("[data-testid=glossary-link-pop3]")
        .unwrap()
        .unwrap();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("#glossary-pop3")
    );

    locale_signal.get_untracked().unwrap().0.set(Locale::En);
    settle().await;
    assert_eq!(text_of(&root, &thick), "Thick client");
    let imap = text_of(&root, "#glossary-imap");
    assert!(imap.contains("leaving it on the server"), "{imap}");
    assert_eq!(text_of(&root, "h1"), "Glossary");
    drop(handle);
}

#[wasm_bindgen_test]
async fn an_untrusted_certificate_is_explained_naming_the_host() {
    let root = container();
    let locale_signal = RwSignal::new(None::<CurrentLocale>);
    let outcome = CheckOutcome {
        steps: vec![
            CheckStep {
                step: StepKind::Resolve,
                ok: true,
            },
            CheckStep {
                step: StepKind::Connect,
                ok: true,
            },
            CheckStep {
                step: StepKind::Tls,
                ok: false,
            },
        ],
        diagnosis: Some(Diagnosis::TlsCertificate {
            problem: CertificateProblem::UnknownIssuer,
            detail: "invalid peer certificate: UnknownIssuer".into(),
        }),
        warnings: Vec::new(),
    };
    let endpoint = ServerEndpoint {
        host: "untrusted.example.test".into(),
        port: 10993,
        security: Security::Tls,
    };
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let (_, locale) = provide_app_contexts(Locale::Fr, SessionState::Checking);
        locale_signal.set(Some(locale));
        view! { <CheckView protocol=Protocol::Imap endpoint outcome /> }
    });
    settle().await;

    let check = root
        .query_selector("[data-testid=check-imap]")
        .unwrap()
        .unwrap();
    assert_eq!(check.get_attribute("data-ok").as_deref(), Some("false"));
    let marks: Vec<_> = all(&root, "[data-testid=check-step]")
        .iter()
        .map(|s| s.get_attribute("data-ok").unwrap())
        .collect();
    assert_eq!(marks, ["true", "true", "false"]);
    let fr = text_of(&root, "[data-testid=diagnosis]");
    assert!(fr.contains("untrusted.example.test"), "{fr}");
    assert!(fr.contains("autorité inconnue"), "{fr}");
    assert!(text_of(&root, "[data-testid=check-step]:last-child").contains("Chiffrement SSL/TLS"));

    locale_signal.get_untracked().unwrap().0.set(Locale::En);
    settle().await;
    let en = text_of(&root, "[data-testid=diagnosis]");
    assert!(en.contains("untrusted.example.test"), "{en}");
    assert!(en.contains("unknown authority"), "{en}");
    drop(handle);
}
