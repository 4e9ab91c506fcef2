//! The rules screen: the user's rules, new rules from templates or from scratch, the
//! editor, running the rules on a folder now, alerts and notifications, and Sieve.

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::rule_editor::RuleEditor;
use crate::components::rule_list::RuleList;
use crate::components::rule_templates::RuleTemplates;
use crate::components::run_panel::RunPanel;
use crate::components::settings_save_error::SettingsSaveError;
use crate::components::sieve_panel::SievePanel;
use crate::folder_names;
use crate::i18n::{MailText, RulesText};
use crate::owned_task::TaskOwner;
use crate::rule_form;
use crate::settings::{SettingsEdit, unique_rule_id};
use crate::state::{tr, use_locale};
use crate::stores::mailbox::Mailbox;
use crate::stores::rules_runner::{RulesRunner, facts_of, notifications_supported};
use crate::stores::settings_store::{SettingsStatus, SettingsStore};
use crate::time_zone::{self, BrowserZone};
use facteur_model::FolderPath;
use facteur_model::api::MAX_PAGE_SIZE;
use facteur_model::calendar::LocalDate;
use facteur_rules::{Action, MatchKind, MessageFacts, Rule};
use leptos::prelude::*;

/// The rules screen of the signed-in account.
#[component]
pub fn RulesView(account: String, on_back: Callback<()>) -> impl IntoView {
    let tasks = TaskOwner::current();
    let locale = use_locale();
    let store = expect_context::<SettingsStore>();
    let runner = expect_context::<RulesRunner>();
    let mailbox = expect_context::<Mailbox>();
    let editing = RwSignal::new(None::<Rule>);
    let recent = RwSignal::new(None::<Vec<MessageFacts>>);
    let open_message = RwSignal::new(None::<MessageFacts>);
    let folders = Signal::derive(move || mailbox.folder_list());
    let known_folders = Signal::derive(move || {
        folders.with(|f| f.iter().map(|f| f.path.clone()).collect::<Vec<_>>())
    });
    let rules = Signal::derive(move || store.settings.with(|s| s.rules.clone()));
    let settings = Signal::derive(move || store.settings.get());
    let account_for_identities = account.clone();
    let identities = Signal::derive(move || {
        store
            .settings
            .with(|s| s.identities(&account_for_identities))
    });
    let trash = Signal::derive(move || mailbox.trash_folder());
    let context = Callback::new(move |()| runner.context());
    let today = LocalDate::of(time_zone::now(), &BrowserZone);

    // The preview's messages: the newest 200 of the inbox, fetched once.
    tasks.spawn(async move {
        if let Ok(page) = api::messages_page(&FolderPath::inbox(), None, MAX_PAGE_SIZE).await {
            recent.set(Some(facts_of(&page.messages, &page.folder)));
        } else {
            recent.set(Some(Vec::new()));
        }
    });
    // The open message, body included, for "test on the open message".
    if let Some((folder, uid)) = mailbox.opened.get_untracked()
        && let Some(summary) = mailbox.summary(uid)
    {
        let mut facts = MessageFacts::from_summary(&summary, folder.clone());
        open_message.set(Some(facts.clone()));
        tasks.spawn(async move {
            if let Ok(text) = api::message_text(&folder, uid).await {
                facts.body_text = Some(text.text);
                open_message.set(Some(facts));
            }
        });
    }

    let new_rule = move |_| {
        let id = store
            .settings
            .with_untracked(|s| unique_rule_id(&s.rules, "rule"));
        editing.set(Some(Rule {
            id,
            name: String::new(),
            enabled: true,
            match_kind: MatchKind::All,
            conditions: vec![rule_form::new_condition()],
            actions: vec![Action::MoveTo(FolderPath(String::new()))],
            stop_after: false,
        }));
    };
    let run_folder = RwSignal::new(FolderPath::inbox().as_str().to_owned());

    view! {
        <main class="rules-screen" data-testid="rules-screen">
            <header class="rules-header">
                <button type="button" class="button back-button" data-testid="rules-back" on:click=move |_| on_back.run(())>
                    <crate::components::icons::BackIcon />
                    {tr(RulesText::BackToMail)}
                </button>
                <h2>{tr(RulesText::Title)}</h2>
            </header>
            <p class="hint">{tr(RulesText::Intro)}</p>
            <SettingsSaveError store />
            {move || match store.status.get() {
                SettingsStatus::Loading => {
                    view! { <p role="status">{move || locale.text(crate::i18n::Text::Loading)}</p> }.into_any()
                }
                SettingsStatus::Failed(error) => {
                    view! {
                        <ErrorNotice error=Signal::stored(Some(error)) />
                        <button type="button" class="button" on:click=move |_| store.load()>
                            {move || locale.text(crate::i18n::Text::Retry)}
                        </button>
                    }
                        .into_any()
                }
                SettingsStatus::Ready => ().into_any(),
            }}
            <Show when=move || store.saving.get()>
                <p class="hint" role="status" data-testid="settings-saving">{tr(RulesText::Saving)}</p>
            </Show>
            {
                let account = account.clone();
                move || match editing.get() {
                Some(rule) => view! {
                    <section class="rules-block">
                        <h3>{tr(RulesText::Edit)}</h3>
                        <RuleEditor
                            rule
                            folders
                            recent
                            open_message
                            context
                            today
                            on_save=Callback::new(move |rule| {
                                store.edit(vec![SettingsEdit::UpsertRule(rule)]);
                                editing.set(None);
                            })
                            on_cancel=Callback::new(move |()| editing.set(None))
                        />
                    </section>
                }
                .into_any(),
                None => view! {
                    <section class="rules-block">
                        <h3>{tr(MailText::Rules)}</h3>
                        <RuleList
                            rules
                            known_folders
                            on_edit=Callback::new(move |rule| editing.set(Some(rule)))
                            on_change=Callback::new(move |edits| store.edit(edits))
                        />
                        <button type="button" class="button" data-testid="new-rule" on:click=new_rule>
                            {tr(RulesText::NewRule)}
                        </button>
                    </section>
                    <RuleTemplates
                        account=account.clone()
                        folders
                        settings
                        on_created=Callback::new(move |edits| store.edit(edits))
                        on_folder_created=Callback::new(move |()| mailbox.load_folders())
                    />
                }
                .into_any(),
            }}
            <section class="rules-block run-block">
                <h3>{tr(RulesText::RunTitle)}</h3>
                <p class="hint">{tr(RulesText::RunHint)}</p>
                <div class="button-row">
                    <select
                        data-testid="run-folder"
                        aria-label=tr(RulesText::Folder)
                        prop:value=move || run_folder.get()
                        on:change=move |ev| run_folder.set(event_target_value(&ev))
                    >
                        {move || {
                            folders
                                .get()
                                .into_iter()
                                .filter(|f| f.selectable)
                                .map(|f| {
                                    let value = f.path.as_str().to_owned();
                                    let selected = value == run_folder.get_untracked();
                                    let name = folder_names::picker_label(locale.get(), &f);
                                    view! { <option value=value prop:selected=selected>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="run-start"
                        disabled=move || runner.running()
                        on:click=move |_| runner.run_now(FolderPath(run_folder.get_untracked()))
                    >
                        {tr(RulesText::Run)}
                    </button>
                </div>
                <RunPanel
                    run=runner.run
                    folders
                    on_cancel=Callback::new(move |()| runner.cancel_run())
                    on_close=Callback::new(move |()| runner.run.set(None))
                />
            </section>
            <AlertSettings store />
            <SievePanel store identities trash />
        </main>
    }
}

/// Whether alerts show, and the browser's notification permission (asked only here, on
/// the user's click).
#[component]
fn AlertSettings(store: SettingsStore) -> impl IntoView {
    let tasks = TaskOwner::current();
    let permission = RwSignal::new(notification_permission());
    let ask = move |_| {
        store.edit(vec![SettingsEdit::NotificationsAsked]);
        if let Ok(promise) = web_sys::Notification::request_permission() {
            tasks.spawn(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                permission.set(notification_permission());
            });
        }
    };
    view! {
        <section class="rules-block">
            <h3>{tr(RulesText::Alerts)}</h3>
            <label class="check-field">
                <input
                    type="checkbox"
                    data-testid="alerts-enabled"
                    prop:checked=move || store.settings.with(|s| s.alerts_enabled)
                    on:change=move |ev| store.edit(vec![SettingsEdit::SetAlertsEnabled(event_target_checked(&ev))])
                />
                {tr(RulesText::AlertsEnabled)}
            </label>
            {move || match permission.get() {
                None => view! { <p class="hint">{tr(RulesText::NotificationsUnsupported)}</p> }.into_any(),
                Some(web_sys::NotificationPermission::Granted) => {
                    view! { <p class="hint" data-testid="notifications-granted">{tr(RulesText::NotificationsGranted)}</p> }.into_any()
                }
                Some(web_sys::NotificationPermission::Denied) => {
                    view! { <p class="hint">{tr(RulesText::NotificationsDenied)}</p> }.into_any()
                }
                Some(_) => view! {
                    <button type="button" class="button" data-testid="allow-notifications" on:click=ask>
                        {tr(RulesText::AllowNotifications)}
                    </button>
                }
                .into_any(),
            }}
        </section>
    }
}

fn notification_permission() -> Option<web_sys::NotificationPermission> {
    notifications_supported().then(web_sys::Notification::permission)
}
