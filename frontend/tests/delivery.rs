//! Component tests of the reader's delivery side in a real browser: the per-recipient
//! status panel, report summaries, the read-receipt prompt by policy and the reply and
//! forward buttons. The panels are rendered from data, so no bridge is needed.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p facteur-frontend --target
//! wasm32-unknown-unknown --test delivery`.
#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{all, container, settle};
use facteur_delivery::{
    DeliveryView, Problem, ProblemKind, RecipientDelivery, RecipientStatus, ReportLocation,
    ReportProblem, ReportSummary, ReportedRecipient, StatusCode,
};
use facteur_frontend::components::delivery_status::DeliveryPanel;
use facteur_frontend::components::reader_actions::ReaderActions;
use facteur_frontend::components::receipt_prompt::ReceiptPrompt;
use facteur_frontend::components::report_summary::ReportView;
use facteur_frontend::i18n::Locale;
use facteur_frontend::settings::ReadReceiptPolicy;
use facteur_frontend::state::{SessionState, provide_app_contexts};
use facteur_frontend::stores::compose_start::{ComposeStart, Composer};
use facteur_model::message::{Address, MessageDetail, MessageSummary, ReportKind};
use facteur_model::{FolderPath, Timestamp, Uid};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const REJECTED: &str = "550 5.1.1 <nobody@example.test>: Recipient address rejected";

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

fn code(text: &str) -> Option<StatusCode> {
    StatusCode::parse(text).ok()
}

/// One recipient per state, in the order of the fold's ranks.
fn every_state() -> Vec<(RecipientStatus, &'static str, &'static str)> {
    let at = Some(Timestamp(1_795_683_600));
    vec![
        (RecipientStatus::Waiting, "waiting", "En attente"),
        (
            RecipientStatus::Delayed {
                code: code("4.4.1"),
                reason: "connect timeout".into(),
                will_retry_until: at,
            },
            "delayed",
            "Retardé",
        ),
        (RecipientStatus::Relayed, "relayed", "Transmis"),
        (RecipientStatus::Expanded, "expanded", "Remis à une liste"),
        (RecipientStatus::Delivered, "delivered", "Remis"),
        (
            RecipientStatus::Failed {
                code: code("5.1.1"),
                reason: REJECTED.into(),
            },
            "failed",
            "Échec",
        ),
        (
            RecipientStatus::Deleted { at },
            "deleted",
            "Supprimé sans être lu",
        ),
        (
            RecipientStatus::Dispatched { at },
            "dispatched",
            "Traité sans être lu",
        ),
        (
            RecipientStatus::Processed { at },
            "processed",
            "Traité automatiquement",
        ),
        (RecipientStatus::Read { at }, "read", "Lu"),
    ]
}

#[wasm_bindgen_test]
async fn the_status_panel_shows_every_state_translated() {
    let states = every_state();
    let view_data = DeliveryView {
        dsn_requested: true,
        read_receipt_requested: false,
        recipients: states
            .iter()
            .enumerate()
            .map(|(i, (status, _, _))| RecipientDelivery {
                recipient: format!("r{i}@example.test"),
                status: status.clone(),
                // Only the failure came with a report (in the inbox, UID 40 + i).
                reports: if i == 5 {
                    vec![ReportLocation {
                        folder: FolderPath::inbox(),
                        uid: Uid(40 + i as u32),
                    }]
                } else {
                    vec![]
                },
            })
            .collect(),
        searched: vec![FolderPath::inbox()],
    };
    let opened = RwSignal::new(None::<ReportLocation>);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        let on_open = Some(Callback::new(move |at| opened.set(Some(at))));
        view! { <DeliveryPanel view=view_data on_open /> }
    });
    settle().await;

    let rows = all(&root, "[data-testid=delivery-recipient]");
    assert_eq!(rows.len(), states.len());
    for (row, (_, tag, label)) in rows.iter().zip(&states) {
        assert_eq!(row.get_attribute("data-state").as_deref(), Some(*tag));
        let state = row.query_selector(".delivery-state").unwrap().unwrap();
        assert_eq!(text(&state), *label, "{tag}");
    }
    let failed = text(&rows[5]);
    assert!(failed.contains("r5@example.test"), "{failed}");
    assert!(
        failed.contains(&format!("Échec : 5.1.1 utilisateur inconnu — {REJECTED}")),
        "{failed}"
    );
    let delayed = text(&rows[1]);
    assert!(
        delayed.contains("4.4.1 le serveur du destinataire ne répond pas — connect timeout"),
        "{delayed}"
    );
    assert!(all(&root, "[data-testid=delivery-none]").is_empty());
    // The failure links to its report; the rows without a report have no link.
    let links = all(&root, "[data-testid=delivery-report-link]");
    assert_eq!(links.len(), 1);
    assert!(rows[5].contains(Some(&links[0])));
    assert_eq!(text(&links[0]), "Voir le rapport");
    links[0].unchecked_ref::<HtmlElement>().click();
    assert_eq!(
        opened.get_untracked(),
        Some(ReportLocation {
            folder: FolderPath::inbox(),
            uid: Uid(45)
        })
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn nothing_requested_is_a_quiet_line() {
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::En, SessionState::Checking);
        let nothing = DeliveryView {
            dsn_requested: false,
            read_receipt_requested: false,
            recipients: vec![],
            searched: vec![],
        };
        view! { <DeliveryPanel view=nothing /> }
    });
    settle().await;
    let none = all(&root, "[data-testid=delivery-none]");
    assert_eq!(
        none.iter().map(text).collect::<Vec<_>>(),
        ["No delivery receipt was requested for this message."]
    );
    assert!(all(&root, "[data-testid=delivery-recipient]").is_empty());
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_report_reads_as_a_summary() {
    let summary = ReportSummary {
        kind: ReportKind::DeliveryStatus,
        original_subject: Some("Devis".into()),
        original_message_id: Some("<devis@example.test>".into()),
        original: Some(ReportLocation {
            folder: FolderPath("Sent".into()),
            uid: Uid(4),
        }),
        arrival: Some(Timestamp(1_795_683_600)),
        recipients: vec![ReportedRecipient {
            recipient: "nobody@example.test".into(),
            status: RecipientStatus::Failed {
                code: code("5.1.1"),
                reason: REJECTED.into(),
            },
            code: code("5.1.1"),
            diagnostic: Some(REJECTED.into()),
            reported_by: Some("mx.example.test".into()),
        }],
        from: Some(Address {
            name: Some("Mail Delivery System".into()),
            email: "MAILER-DAEMON@example.test".into(),
        }),
        problems: vec![],
    };
    let opened = RwSignal::new(None::<ReportLocation>);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! { <ReportView summary on_open=Some(Callback::new(move |at| opened.set(Some(at)))) /> }
    });
    settle().await;

    let card = all(&root, "[data-testid=report-summary]");
    assert_eq!(card.len(), 1);
    let title = card[0].query_selector(".report-title").unwrap().unwrap();
    assert_eq!(text(&title), "Accusé de remise pour « Devis »");
    let rows = all(&root, "[data-testid=report-recipient]");
    assert_eq!(rows.len(), 1);
    let row = text(&rows[0]);
    assert!(
        row.contains(&format!("Échec : 5.1.1 utilisateur inconnu — {REJECTED}")),
        "{row}"
    );
    // The code and the server's words are said once, not repeated from the report.
    assert_eq!(row.matches("utilisateur inconnu").count(), 1, "{row}");
    assert!(row.contains("mx.example.test"), "{row}");

    all(&root, "[data-testid=report-original]")[0]
        .unchecked_ref::<HtmlElement>()
        .click();
    assert_eq!(
        opened.get_untracked(),
        Some(ReportLocation {
            folder: FolderPath("Sent".into()),
            uid: Uid(4)
        })
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn what_a_report_could_not_say_is_listed_in_the_readers_language() {
    let summary = ReportSummary {
        kind: ReportKind::DeliveryStatus,
        original_subject: None,
        original_message_id: None,
        original: None,
        arrival: None,
        recipients: vec![],
        from: None,
        problems: vec![
            ReportProblem::Field(Problem {
                line: 6,
                kind: ProblemKind::DuplicateField {
                    name: "Status".into(),
                },
            }),
            ReportProblem::Field(Problem {
                line: 9,
                kind: ProblemKind::UnknownAction {
                    text: "bounced".into(),
                },
            }),
            ReportProblem::MissingPart,
        ],
    };
    let locale = RwSignal::new(None);
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let (_, current) = provide_app_contexts(Locale::Fr, SessionState::Checking);
        locale.set(Some(current));
        view! { <ReportView summary /> }
    });
    settle().await;

    let list = all(&root, "[data-testid=report-problems]");
    assert_eq!(list.len(), 1);
    let heading = list[0].query_selector("summary").unwrap().unwrap();
    assert_eq!(
        text(&heading),
        "Certaines parties du rapport n'ont pas pu être lues :"
    );
    let items = |root: &Element| -> Vec<String> {
        all(root, "[data-testid=report-problems] li")
            .iter()
            .map(text)
            .collect()
    };
    assert_eq!(
        items(&root),
        [
            "ligne 6 : le champ Status apparaît plusieurs fois ; le premier a été gardé",
            "ligne 9 : un destinataire à l'action inconnue « bounced » a été omis",
            "le rapport n'a pas de partie technique (l'état par destinataire)",
        ]
    );

    locale.get_untracked().unwrap().0.set(Locale::En);
    settle().await;
    assert_eq!(
        items(&root),
        [
            "line 6: Status appears more than once; the first was kept",
            "line 9: a recipient with the unknown action “bounced” was left out",
            "the report has no technical part (the status per recipient)",
        ]
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_report_read_in_full_lists_no_problems() {
    let summary = ReportSummary {
        kind: ReportKind::ReadReceipt,
        original_subject: Some("Devis".into()),
        original_message_id: None,
        original: None,
        arrival: None,
        recipients: vec![],
        from: None,
        problems: vec![],
    };
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::En, SessionState::Checking);
        view! { <ReportView summary /> }
    });
    settle().await;
    assert_eq!(all(&root, "[data-testid=report-summary]").len(), 1);
    assert!(all(&root, "[data-testid=report-problems]").is_empty());
    drop(handle);
}

fn alice() -> Address {
    Address {
        name: Some("Alice Martin".into()),
        email: "alice@example.test".into(),
    }
}

#[wasm_bindgen_test]
async fn the_receipt_banner_asks_only_under_the_ask_policy() {
    let root = container();
    let policy = RwSignal::new(None::<ReadReceiptPolicy>);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! {
            <ReceiptPrompt folder=FolderPath::inbox() uid=Uid(3) requester=alice() policy />
        }
    });
    settle().await;
    // Nothing is asked before the settings tell the policy.
    assert!(all(&root, "[data-testid=receipt-prompt]").is_empty());

    policy.set(Some(ReadReceiptPolicy::Ask));
    settle().await;
    let banner = all(&root, "[data-testid=receipt-prompt]");
    assert_eq!(banner.len(), 1);
    assert!(
        text(&banner[0]).contains("Alice Martin demande un accusé de lecture."),
        "{}",
        text(&banner[0])
    );
    assert_eq!(
        text(&all(&root, "[data-testid=receipt-send]")[0]),
        "Envoyer l'accusé"
    );
    assert_eq!(
        text(&all(&root, "[data-testid=receipt-decline]")[0]),
        "Ne pas envoyer"
    );
    drop(handle);

    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! {
            <ReceiptPrompt
                folder=FolderPath::inbox()
                uid=Uid(3)
                requester=alice()
                policy=Signal::stored(Some(ReadReceiptPolicy::Never))
            />
        }
    });
    settle().await;
    assert!(all(&root, "[data-testid=receipt-prompt]").is_empty());
    assert!(all(&root, "[data-testid=receipt-send]").is_empty());
    drop(handle);
}

fn message() -> MessageDetail {
    MessageDetail {
        folder: FolderPath::inbox(),
        summary: MessageSummary {
            uid: Uid(9),
            from: Some(alice()),
            to: vec![],
            cc: vec![],
            subject: "Devis".into(),
            date: None,
            received: Timestamp(1_795_683_600),
            flags: vec![],
            size: 100,
            has_attachments: false,
            preview: String::new(),
            list_id: None,
            keywords: vec![],
        },
        reply_to: vec![],
        message_id: Some("<devis@example.test>".into()),
        text: Some("Bonjour".into()),
        has_html: false,
        has_remote_images: false,
        attachments: vec![],
        in_reply_to: None,
        references: vec![],
        read_receipt_to: None,
        report: None,
    }
}

#[wasm_bindgen_test]
async fn reply_and_forward_open_the_composer() {
    let root = container();
    let composer = RwSignal::new(None::<Composer>);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        composer.set(Some(Composer::provide()));
        view! { <ReaderActions message=message() is_draft=false /> }
    });
    settle().await;
    let composer = composer.get_untracked().unwrap();
    let labels: Vec<_> = all(&root, ".reader-action-label")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        labels,
        [
            "Répondre",
            "Répondre à tous",
            "Transférer",
            "Transférer en pièce jointe"
        ]
    );
    all(&root, "[data-testid=reply-all]")[0]
        .unchecked_ref::<HtmlElement>()
        .click();
    assert_eq!(
        composer.0.get_untracked(),
        Some(ComposeStart::Reply {
            message: Box::new(message()),
            all: true
        })
    );
    all(&root, "[data-testid=forward-attachment]")[0]
        .unchecked_ref::<HtmlElement>()
        .click();
    assert!(matches!(
        composer.0.get_untracked(),
        Some(ComposeStart::Forward {
            as_attachment: true,
            ..
        })
    ));
    assert!(all(&root, "[data-testid=continue-draft]").is_empty());
    drop(handle);

    let root = container();
    let composer = RwSignal::new(None::<Composer>);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::En, SessionState::Checking);
        composer.set(Some(Composer::provide()));
        view! { <ReaderActions message=message() is_draft=true /> }
    });
    settle().await;
    assert!(all(&root, "[data-testid=reply]").is_empty());
    let button = &all(&root, "[data-testid=continue-draft]")[0];
    assert_eq!(text(button).trim(), "Continue writing");
    button.unchecked_ref::<HtmlElement>().click();
    assert_eq!(
        composer.get_untracked().unwrap().0.get_untracked(),
        Some(ComposeStart::Draft {
            folder: FolderPath::inbox(),
            uid: Uid(9)
        })
    );
    drop(handle);
}
