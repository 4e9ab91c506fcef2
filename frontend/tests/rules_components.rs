//! Component tests of the rules screen in a real browser: the editor's operators follow
//! the field, invalid rules show translated errors and are not saved, the preview counts,
//! templates make the expected rules, rows can be ticked.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test -p facteur-frontend --target
//! wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

mod dom;

use dom::{all, container, one, settle};
use facteur_frontend::alert_stack::{AlertStack, SHOWN_TICKS};
use facteur_frontend::components::alerts::AlertList;
use facteur_frontend::components::folder_picker::FolderPicker;
use facteur_frontend::components::message_list::{MessageList, Ticks};
use facteur_frontend::components::rule_editor::RuleEditor;
use facteur_frontend::components::rule_templates::RuleTemplates;
use facteur_frontend::i18n::Locale;
use facteur_frontend::settings::{Settings, SettingsEdit};
use facteur_frontend::state::{SessionState, provide_app_contexts};
use facteur_frontend::stores::mailbox::group_by_day;
use facteur_model::calendar::LocalDate;
use facteur_model::folder::{Folder, FolderRole};
use facteur_model::message::{Address, MessageSummary};
use facteur_model::{FolderPath, Timestamp, Uid};
use facteur_rules::{Condition, Context, Field, MessageFacts, Operator, Rule, templates};
use leptos::prelude::*;
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

const NOW: Timestamp = Timestamp(1_795_683_600);
const TODAY: LocalDate = LocalDate {
    year: 2026,
    month: 11,
    day: 26,
};
const ME: &str = "moi@maison.test";

fn texts(root: &Element, selector: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

fn fire(element: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    element.dispatch_event(&event).unwrap();
}

fn type_into(root: &Element, selector: &str, text: &str) {
    let input: HtmlInputElement = one(root, selector).unchecked_into();
    input.set_value(text);
    fire(&input, "input");
}

fn choose(root: &Element, selector: &str, value: &str) {
    let select: HtmlSelectElement = one(root, selector).unchecked_into();
    select.set_value(value);
    fire(&select, "change");
}

fn option_values(root: &Element, selector: &str) -> Vec<String> {
    all(root, &format!("{selector} option"))
        .iter()
        .map(|o| o.get_attribute("value").unwrap_or_default())
        .collect()
}

fn click(root: &Element, selector: &str) {
    one(root, selector).unchecked_into::<HtmlElement>().click();
}

fn folder(path: &str) -> Folder {
    Folder {
        path: FolderPath(path.into()),
        name: path.into(),
        parent: None,
        depth: 0,
        role: None,
        selectable: true,
        unread: 0,
        total: 0,
        subscribed: true,
    }
}

fn folders() -> Vec<Folder> {
    let mut list: Vec<Folder> = ["INBOX", "Drafts", "Sent", "Personnel", "Professionnel"]
        .into_iter()
        .map(folder)
        .collect();
    list[0].role = Some(FolderRole::Inbox);
    list[1].role = Some(FolderRole::Drafts);
    list[2].role = Some(FolderRole::Sent);
    list
}

fn facts(uid: u32, from: &str) -> MessageFacts {
    MessageFacts::from_summary(&summary(uid, from), FolderPath::inbox())
}

fn summary(uid: u32, from: &str) -> MessageSummary {
    MessageSummary {
        uid: Uid(uid),
        from: Some(Address {
            name: None,
            email: from.into(),
        }),
        to: vec![Address {
            name: None,
            email: ME.into(),
        }],
        cc: vec![],
        subject: format!("Sujet {uid}"),
        date: Some(NOW),
        received: NOW,
        flags: vec![],
        size: 2048,
        has_attachments: false,
        preview: String::new(),
        list_id: None,
        keywords: vec![],
    }
}

fn context() -> Context {
    Context {
        now: NOW,
        identities: vec![ME.into()],
        utc_offset_seconds: 0,
        trash: FolderPath("Trash".into()),
    }
}

fn work_rule() -> Rule {
    templates::professional(
        "Travail",
        &["acme.test".into()],
        FolderPath("Professionnel".into()),
    )
}

/// A mounted editor: its root, the rules it saved, its locale, and the mount.
struct MountedEditor<H> {
    root: HtmlElement,
    saved: Arc<Mutex<Vec<Rule>>>,
    locale: RwSignal<Option<facteur_frontend::state::CurrentLocale>>,
    handle: H,
}

/// Mounts an editor of `rule`, with three recent messages and `open` as the open one.
fn mount_editor(rule: Rule, open: Option<MessageFacts>) -> MountedEditor<impl Sized> {
    let root = container();
    let saved: Arc<Mutex<Vec<Rule>>> = Arc::default();
    let sink = saved.clone();
    let locale_slot = RwSignal::new(None);
    let recent = vec![
        facts(1, "boss@acme.test"),
        facts(2, "ami@ailleurs.test"),
        facts(3, "rh@acme.test"),
    ];
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let (_, locale) = provide_app_contexts(Locale::Fr, SessionState::Checking);
        locale_slot.set(Some(locale));
        view! {
            <RuleEditor
                rule
                folders=Signal::stored(folders())
                recent=Signal::stored(Some(recent))
                open_message=Signal::stored(open)
                context=Callback::new(|()| context())
                today=TODAY
                on_save=Callback::new(move |rule| sink.lock().unwrap().push(rule))
                on_cancel=Callback::new(|()| {})
            />
        }
    });
    MountedEditor {
        root,
        saved,
        locale: locale_slot,
        handle,
    }
}

#[wasm_bindgen_test]
async fn the_operators_follow_the_field() {
    let rule = Rule {
        conditions: vec![Condition::text(
            Field::Subject,
            Operator::Contains,
            "facture",
        )],
        ..work_rule()
    };
    let MountedEditor { root, handle, .. } = mount_editor(rule, None);
    settle().await;
    let operators = "[data-testid=condition-operator]";
    assert_eq!(
        option_values(&root, operators),
        [
            "contains",
            "does_not_contain",
            "is",
            "is_not",
            "begins_with",
            "ends_with",
            "matches",
            "regex",
            "exists",
            "is_empty"
        ]
    );
    assert_eq!(
        texts(&root, &format!("{operators} option"))[0],
        "contient",
        "operators are translated"
    );

    choose(&root, "[data-testid=condition-field]", "size");
    settle().await;
    assert_eq!(
        option_values(&root, operators),
        ["greater_than", "less_than"]
    );
    assert!(
        root.query_selector("[data-testid=condition-unit]")
            .unwrap()
            .is_some(),
        "a size takes a unit"
    );

    choose(&root, "[data-testid=condition-field]", "has_attachment");
    settle().await;
    assert_eq!(option_values(&root, operators), ["is", "is_not"]);
    assert!(
        root.query_selector("[data-testid=condition-value]")
            .unwrap()
            .is_none(),
        "a yes/no field takes no value"
    );

    choose(&root, "[data-testid=condition-field]", "date");
    settle().await;
    assert_eq!(
        option_values(&root, operators),
        ["before", "after", "is", "is_not"]
    );
    let date: HtmlInputElement = one(&root, "[data-testid=condition-value]").unchecked_into();
    assert_eq!(date.type_(), "date");
    assert_eq!(date.value(), "2026-11-26");
    drop(handle);
}

#[wasm_bindgen_test]
async fn an_invalid_rule_shows_a_translated_error_and_is_not_saved() {
    let MountedEditor {
        root,
        saved,
        locale,
        handle,
    } = mount_editor(work_rule(), None);
    settle().await;
    assert!(all(&root, "[data-testid=rule-error]").is_empty());

    // Empty the first condition's value.
    let first_value = "[data-testid=condition-row]:first-of-type [data-testid=condition-value]";
    type_into(&root, first_value, "  ");
    settle().await;
    let errors = all(&root, "[data-testid=rule-error]");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].get_attribute("data-code").as_deref(),
        Some("empty_value")
    );
    assert_eq!(
        errors[0].text_content().as_deref(),
        Some("Condition 1 : la valeur est vide.")
    );
    // The error sits in the row of the condition it concerns.
    assert!(
        one(&root, "[data-testid=condition-row]")
            .query_selector("[data-testid=rule-error]")
            .unwrap()
            .is_some()
    );

    // A bad regular expression on the second condition, and an unknown placeholder.
    choose(
        &root,
        "[data-testid=condition-row]:nth-of-type(2) [data-testid=condition-operator]",
        "regex",
    );
    type_into(
        &root,
        "[data-testid=condition-row]:nth-of-type(2) [data-testid=condition-value]",
        "(unclosed",
    );
    click(&root, "[data-testid=add-action]");
    settle().await;
    choose(
        &root,
        "[data-testid=action-row]:nth-of-type(2) [data-testid=action-kind]",
        "alert",
    );
    settle().await;
    type_into(&root, "[data-testid=action-alert]", "Hop {sujet}");
    settle().await;
    let codes: Vec<_> = all(&root, "[data-testid=rule-error]")
        .iter()
        .filter_map(|e| e.get_attribute("data-code"))
        .collect();
    assert_eq!(codes, ["empty_value", "bad_regex", "unknown_placeholder"]);
    assert!(
        texts(&root, "[data-testid=rule-error]")[2]
            .contains("Action 2 : la variable « {sujet} » n'existe pas.")
    );

    // Saving is refused while invalid.
    click(&root, "[data-testid=rule-save]");
    settle().await;
    assert!(saved.lock().unwrap().is_empty());
    assert!(
        root.query_selector("[data-testid=rule-fix-errors]")
            .unwrap()
            .is_some()
    );

    // In English too.
    locale.get_untracked().unwrap().0.set(Locale::En);
    settle().await;
    assert_eq!(
        texts(&root, "[data-testid=rule-error]")[0],
        "Condition 1: the value is empty."
    );

    // Fixed, it saves.
    type_into(&root, first_value, "@acme.test");
    type_into(
        &root,
        "[data-testid=condition-row]:nth-of-type(2) [data-testid=condition-value]",
        "acme\\.test$",
    );
    type_into(&root, "[data-testid=action-alert]", "Travail : {subject}");
    settle().await;
    assert!(all(&root, "[data-testid=rule-error]").is_empty());
    click(&root, "[data-testid=rule-save]");
    settle().await;
    let saved = saved.lock().unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].conditions[1].operator, Operator::Regex);
    assert_eq!(saved[0].actions.len(), 2);
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_preview_counts_recent_matches_and_the_open_message_can_be_tried() {
    let MountedEditor { root, handle, .. } =
        mount_editor(work_rule(), Some(facts(9, "boss@acme.test")));
    settle().await;
    assert_eq!(
        one(&root, "[data-testid=rule-preview]")
            .text_content()
            .as_deref(),
        Some("Cette règle correspondrait à 2 des 3 derniers messages.")
    );
    click(&root, "[data-testid=rule-test]");
    settle().await;
    let result = one(&root, "[data-testid=rule-test-result]")
        .text_content()
        .unwrap();
    assert!(result.contains("Déplacer vers Professionnel"), "{result}");

    // Changing the rule updates the preview: now only the friend's message matches.
    type_into(
        &root,
        "[data-testid=condition-row]:first-of-type [data-testid=condition-value]",
        "@ailleurs.test",
    );
    settle().await;
    assert_eq!(
        one(&root, "[data-testid=rule-preview]")
            .text_content()
            .as_deref(),
        Some("Cette règle correspondrait à 1 des 3 derniers messages.")
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn folder_pickers_show_the_names_the_user_sees() {
    let editor = mount_editor(work_rule(), None);
    settle().await;
    let labels = texts(&editor.root, "[data-testid=action-folder] option");
    for shown in ["Boîte de réception", "Brouillons", "Envoyés", "Personnel"] {
        assert!(labels.iter().any(|l| l == shown), "{shown}: {labels:?}");
    }
    for server_name in ["INBOX", "Drafts", "Sent"] {
        assert!(!labels.iter().any(|l| l == server_name), "{labels:?}");
    }
    // The values stay the server's paths.
    let values = option_values(&editor.root, "[data-testid=action-folder]");
    assert!(values.contains(&"INBOX".to_owned()) && values.contains(&"Sent".to_owned()));
    drop(editor.handle);

    // "Move to…" in the message list names them the same way.
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! {
            <FolderPicker
                label=facteur_frontend::i18n::MailText::MoveTo
                folders=Signal::stored(folders())
                exclude=Signal::stored(FolderPath("Personnel".into()))
                enabled=Signal::stored(true)
                testid="move-picker"
                on_pick=Callback::new(|_| {})
            />
        }
    });
    settle().await;
    let labels = texts(&root, "[data-testid=move-picker] option");
    assert_eq!(
        labels,
        [
            "Déplacer vers…",
            "Boîte de réception",
            "Brouillons",
            "Envoyés",
            "Professionnel"
        ]
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_alert_template_shows_a_live_example() {
    let editor = mount_editor(
        templates::notes_to_self(FolderPath("Personnel".into())),
        None,
    );
    settle().await;
    assert_eq!(
        texts(&editor.root, "[data-testid=alert-example]"),
        ["Exemple : Note à moi-même : Réunion de lundi"]
    );
    let area: web_sys::HtmlTextAreaElement =
        one(&editor.root, "[data-testid=action-alert]").unchecked_into();
    area.set_value("De {from} dans {folder}");
    fire(&area, "input");
    settle().await;
    assert_eq!(
        texts(&editor.root, "[data-testid=alert-example]"),
        ["Exemple : De Camille Martin dans Personnel"]
    );
    drop(editor.handle);
}

fn toast_classes(root: &Element) -> Vec<String> {
    all(root, "[data-testid=rule-alert]")
        .iter()
        .map(|e| e.class_name())
        .collect()
}

#[wasm_bindgen_test]
async fn a_run_shows_one_alert_group_that_fades_unless_hovered() {
    let root = container();
    let alerts = RwSignal::new(AlertStack::default());
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! { <AlertList alerts /> }
    });
    let subjects: Vec<String> = (1..=5)
        .map(|i| format!("Note à moi-même : sujet {i}"))
        .collect();
    alerts.update(|a| {
        a.raise(subjects.clone());
    });
    settle().await;
    // Five alerts of one run: one toast, a count, the subjects a click away.
    assert_eq!(all(&root, "[data-testid=rule-alert]").len(), 1);
    assert_eq!(
        texts(&root, "[data-testid=alert-count]"),
        ["5 alertes des règles"]
    );
    assert_eq!(texts(&root, "[data-testid=alert-item]"), subjects);
    let region = one(&root, "[data-testid=alerts]");
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(!toast_classes(&root)[0].contains("alert-fading"));

    // Its time up, it fades (a CSS class; the clock is the runner's ticks).
    alerts.update(|a| (0..SHOWN_TICKS).for_each(|_| a.tick()));
    settle().await;
    assert!(toast_classes(&root)[0].contains("alert-fading"));

    // The pointer over it brings it back and holds it, however long.
    fire(&one(&root, "[data-testid=rule-alert]"), "mouseenter");
    settle().await;
    assert!(!toast_classes(&root)[0].contains("alert-fading"));
    alerts.update(|a| (0..10 * SHOWN_TICKS).for_each(|_| a.tick()));
    settle().await;
    assert_eq!(toast_classes(&root).len(), 1);
    assert!(!toast_classes(&root)[0].contains("alert-fading"));

    // Let go, it fades and leaves, and stays among the recent alerts.
    fire(&one(&root, "[data-testid=rule-alert]"), "mouseleave");
    alerts.update(|a| (0..10 * SHOWN_TICKS).for_each(|_| a.tick()));
    settle().await;
    assert!(toast_classes(&root).is_empty());
    assert_eq!(all(&root, "[data-testid=recent-alert]").len(), 5);
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_professional_rule_needs_a_work_domain() {
    let root = container();
    let created: Arc<Mutex<Vec<Vec<SettingsEdit>>>> = Arc::default();
    let sink = created.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! {
            <RuleTemplates
                account=ME.to_owned()
                folders=Signal::stored(folders())
                settings=Signal::stored(Settings::default())
                on_created=Callback::new(move |edits| sink.lock().unwrap().push(edits))
                on_folder_created=Callback::new(|()| {})
            />
        }
    });
    settle().await;
    click(&root, "[data-testid=template-professional]");
    settle().await;
    type_into(&root, "[data-testid=template-domains]", " , ");
    click(&root, "[data-testid=template-create]");
    settle().await;
    assert!(
        created.lock().unwrap().is_empty(),
        "no rule without a domain"
    );
    let error = texts(&root, "[data-testid=template-field-error]");
    assert_eq!(error.len(), 1, "{error:?}");
    assert!(error[0].contains("domaine de travail"), "{error:?}");
    assert_eq!(
        one(&root, "[data-testid=template-domains]")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    // Typing clears the complaint; a domain makes the rule.
    type_into(&root, "[data-testid=template-domains]", "acme.fr");
    settle().await;
    assert!(texts(&root, "[data-testid=template-field-error]").is_empty());
    click(&root, "[data-testid=template-create]");
    settle().await;
    assert_eq!(created.lock().unwrap().len(), 1);
    drop(handle);
}

#[wasm_bindgen_test]
async fn templates_create_the_expected_rules() {
    let root = container();
    let created: Arc<Mutex<Vec<Vec<SettingsEdit>>>> = Arc::default();
    let sink = created.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! {
            <RuleTemplates
                account=ME.to_owned()
                folders=Signal::stored(folders())
                settings=Signal::stored(Settings::default())
                on_created=Callback::new(move |edits| sink.lock().unwrap().push(edits))
                on_folder_created=Callback::new(|()| {})
            />
        }
    });
    settle().await;

    click(&root, "[data-testid=template-notes]");
    settle().await;
    assert_eq!(
        one(&root, "[data-testid=template-account]")
            .text_content()
            .as_deref(),
        Some(ME)
    );
    let folder: HtmlInputElement = one(&root, "[data-testid=template-folder]").unchecked_into();
    assert_eq!(folder.value(), "Personnel");
    assert!(
        root.query_selector("[data-testid=template-folder-new]")
            .unwrap()
            .is_none(),
        "Personnel exists"
    );
    type_into(
        &root,
        "[data-testid=template-extra-addresses]",
        "moi@perso.test",
    );
    click(&root, "[data-testid=template-create]");
    settle().await;

    click(&root, "[data-testid=template-professional]");
    settle().await;
    type_into(
        &root,
        "[data-testid=template-domains]",
        "acme-industrie.test",
    );
    click(&root, "[data-testid=template-create]");
    settle().await;

    let created = created.lock().unwrap().clone();
    assert_eq!(
        created[0],
        [
            SettingsEdit::SetExtraIdentities(vec!["moi@perso.test".into()]),
            SettingsEdit::AddRules(vec![templates::notes_to_self(FolderPath(
                "Personnel".into()
            ))]),
        ]
    );
    assert_eq!(
        created[1],
        [
            SettingsEdit::SetWorkDomains(vec!["acme-industrie.test".into()]),
            SettingsEdit::AddRules(vec![templates::professional(
                "Courrier professionnel",
                &["acme-industrie.test".into()],
                FolderPath("Professionnel".into()),
            )]),
        ]
    );

    // A folder that does not exist yet is announced.
    click(&root, "[data-testid=template-newsletters]");
    settle().await;
    assert!(
        root.query_selector("[data-testid=template-folder-new]")
            .unwrap()
            .is_some()
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn rows_are_ticked_one_by_one_or_by_range() {
    let messages: Vec<MessageSummary> = (1..=3).map(|uid| summary(uid, "a@b.test")).collect();
    let groups = group_by_day(&messages, NOW, &facteur_model::calendar::FixedOffset(0));
    let checks: Arc<Mutex<Vec<(Uid, bool)>>> = Arc::default();
    let sink = checks.clone();
    let checked = RwSignal::new(BTreeSet::from([Uid(2)]));
    let root = container();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_app_contexts(Locale::Fr, SessionState::Checking);
        view! {
            <MessageList
                groups=Signal::stored(groups)
                selected=RwSignal::new(None)
                opened=Signal::stored(None)
                loading=Signal::stored(false)
                has_more=Signal::stored(false)
                show_recipients=Signal::stored(false)
                on_open=Callback::new(|_| {})
                on_near_end=Callback::new(|()| {})
                ticks=Ticks {
                    checked: checked.into(),
                    on_check: Callback::new(move |tick| sink.lock().unwrap().push(tick)),
                }
            />
        }
    });
    settle().await;
    let boxes = all(&root, "[data-testid=row-check]");
    assert_eq!(boxes.len(), 3);
    let ticked: Vec<bool> = boxes
        .iter()
        .map(|b| b.unchecked_ref::<HtmlInputElement>().checked())
        .collect();
    // Newest first: 3, 2, 1.
    assert_eq!(ticked, [false, true, false]);
    let rows = all(&root, "[data-testid=message-row]");
    assert_eq!(rows[0].get_attribute("draggable").as_deref(), Some("true"));
    boxes[0].unchecked_ref::<HtmlElement>().click();
    let shift_click = web_sys::MouseEventInit::new();
    shift_click.set_bubbles(true);
    shift_click.set_shift_key(true);
    let event = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &shift_click).unwrap();
    rows[2].dispatch_event(&event).unwrap();
    assert_eq!(*checks.lock().unwrap(), [(Uid(3), false), (Uid(1), true)]);
    drop(handle);
}
