//! The rule editor: name, all/any, conditions (field → operators the field accepts →
//! a value input of the field's kind), actions, "stop after". Validated as it is edited
//! with the engine's own `validate`, errors translated beside the condition or action they
//! concern; saving is refused while the rule is invalid. A preview counts the recent
//! messages it would match, and it can be tried on the open message.

use crate::components::dialog_buttons::DialogButtons;
use crate::components::rule_rows::{ActionRow, ConditionRow, Row};
use crate::i18n::{self, RulesText};
use crate::rule_form::{self, ErrorPlace, error_place};
use crate::state::{tr, use_locale};
use facteur_model::FolderPath;
use facteur_model::calendar::LocalDate;
use facteur_model::folder::Folder;
use facteur_rules::templates::NOTES_TO_SELF_ALERT;
use facteur_rules::{
    Action, CompiledRuleSet, Context, MatchKind, MessageFacts, Rule, RuleError, RuleSet,
};
use leptos::prelude::*;

/// What trying the rule on the open message found.
#[derive(Debug, Clone, PartialEq)]
enum TestResult {
    NoMessage,
    NoMatch,
    NeedsBody,
    NothingToDo {
        alerts: Vec<String>,
    },
    WouldDo {
        actions: Vec<Action>,
        alerts: Vec<String>,
    },
}

/// Edits `rule`; `on_save` receives it only when valid.
#[component]
pub fn RuleEditor(
    rule: Rule,
    /// The account's folders, for folder choices and validation.
    #[prop(into)]
    folders: Signal<Vec<Folder>>,
    /// Recent inbox messages for the preview (`None` while they load).
    #[prop(into)]
    recent: Signal<Option<Vec<MessageFacts>>>,
    /// The message open in the reader, if any.
    #[prop(into)]
    open_message: Signal<Option<MessageFacts>>,
    /// The evaluation context (now, identities, Trash).
    context: Callback<(), Context>,
    /// Today in the user's time zone, for new date conditions.
    today: LocalDate,
    on_save: Callback<Rule>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let id = rule.id.clone();
    let enabled = rule.enabled;
    let name = RwSignal::new(rule.name.clone());
    let match_kind = RwSignal::new(rule.match_kind);
    let stop_after = RwSignal::new(rule.stop_after);
    let next_row = StoredValue::new(0u32);
    let new_row = move || {
        let n = next_row.get_value();
        next_row.set_value(n + 1);
        n
    };
    let conditions = RwSignal::new(
        rule.conditions
            .iter()
            .map(|c| Row::new(new_row(), c.clone()))
            .collect::<Vec<_>>(),
    );
    let actions = RwSignal::new(
        rule.actions
            .iter()
            .map(|a| Row::new(new_row(), a.clone()))
            .collect::<Vec<_>>(),
    );
    let touched = RwSignal::new(false);
    let attempted = RwSignal::new(false);
    let test_result = RwSignal::new(None::<TestResult>);

    let draft = Memo::new(move |_| Rule {
        id: id.clone(),
        name: name.get(),
        enabled,
        match_kind: match_kind.get(),
        conditions: conditions.with(|rows| rows.iter().map(|r| r.value.get()).collect()),
        actions: actions.with(|rows| rows.iter().map(|r| r.value.get()).collect()),
        stop_after: stop_after.get(),
    });
    let known_folders = Memo::new(move |_| {
        folders.with(|list| {
            list.iter()
                .map(|f| f.path.clone())
                .collect::<Vec<FolderPath>>()
        })
    });
    let errors = Memo::new(move |_| {
        let set = RuleSet::new(vec![draft.get()]);
        known_folders.with(|known| {
            facteur_rules::validate(&set, known)
                .err()
                .unwrap_or_default()
        })
    });
    let shown_errors = Signal::derive(move || {
        if touched.get() || attempted.get() {
            errors.get()
        } else {
            Vec::new()
        }
    });
    Effect::new(move |previous: Option<Rule>| {
        let current = draft.get();
        if previous.is_some_and(|p| p != current) {
            touched.set(true);
            test_result.set(None);
        }
        current
    });

    let rule_errors = move || {
        shown_errors
            .get()
            .into_iter()
            .filter(|e| error_place(e) == ErrorPlace::Rule)
            .map(|e| error_line(locale, e))
            .collect_view()
    };
    let preview = move || preview_text(locale.get(), &draft.get(), &recent.get(), &context);
    let run_test = move |_| {
        let result = match open_message.get_untracked() {
            None => TestResult::NoMessage,
            Some(facts) => test_on(&draft.get_untracked(), &facts, &context.run(())),
        };
        test_result.set(Some(result));
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        attempted.set(true);
        if errors.with_untracked(Vec::is_empty) {
            on_save.run(draft.get_untracked());
        }
    };
    let add_condition = move |_| {
        conditions.update(|rows| rows.push(Row::new(new_row(), rule_form::new_condition())));
    };
    let add_action = move |_| {
        actions.update(|rows| {
            rows.push(Row::new(
                new_row(),
                Action::MoveTo(FolderPath(String::new())),
            ))
        });
    };

    view! {
        <form class="rule-editor" data-testid="rule-editor" novalidate=true on:submit=save>
            <div class="field">
                <label for="rule-name">{tr(RulesText::RuleName)}</label>
                <input
                    id="rule-name"
                    type="text"
                    data-testid="rule-name"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            <div class="field">
                <label for="rule-match">{tr(RulesText::Apply)}</label>
                <select
                    id="rule-match"
                    data-testid="rule-match"
                    prop:value=move || match_key(match_kind.get())
                    on:change=move |ev| {
                        let kind = match event_target_value(&ev).as_str() {
                            "any" => MatchKind::Any,
                            "all_messages" => MatchKind::AllMessages,
                            _ => MatchKind::All,
                        };
                        match_kind.set(kind);
                        if kind == MatchKind::AllMessages {
                            conditions.set(Vec::new());
                        }
                    }
                >
                    {[MatchKind::All, MatchKind::Any, MatchKind::AllMessages]
                        .into_iter()
                        .map(|kind| {
                            view! {
                                <option
                                    value=match_key(kind)
                                    prop:selected=move || match_kind.get() == kind
                                >
                                    {move || i18n::match_kind_name(locale.get(), kind)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="rule-errors">{rule_errors}</div>

            <fieldset class="rule-section" data-testid="rule-conditions"
                disabled=move || match_kind.get() == MatchKind::AllMessages>
                <legend>{tr(RulesText::Conditions)}</legend>
                <For
                    each=move || conditions.get()
                    key=|row| row.id
                    children=move |row| {
                        let row_id = row.id;
                        let index = Signal::derive(move || {
                            conditions.with(|rows| rows.iter().position(|r| r.id == row_id).unwrap_or(0))
                        });
                        view! {
                            <ConditionRow
                                condition=row.value
                                index
                                errors=shown_errors
                                today
                                on_remove=Callback::new(move |()| {
                                    conditions.update(|rows| rows.retain(|r| r.id != row_id))
                                })
                            />
                        }
                    }
                />
                <button type="button" class="button" data-testid="add-condition" on:click=add_condition>
                    {tr(RulesText::AddCondition)}
                </button>
            </fieldset>

            <fieldset class="rule-section" data-testid="rule-actions">
                <legend>{tr(RulesText::Actions)}</legend>
                <For
                    each=move || actions.get()
                    key=|row| row.id
                    children=move |row| {
                        let row_id = row.id;
                        let index = Signal::derive(move || {
                            actions.with(|rows| rows.iter().position(|r| r.id == row_id).unwrap_or(0))
                        });
                        view! {
                            <ActionRow
                                action=row.value
                                index
                                errors=shown_errors
                                folders
                                default_alert=NOTES_TO_SELF_ALERT
                                on_remove=Callback::new(move |()| {
                                    actions.update(|rows| rows.retain(|r| r.id != row_id))
                                })
                            />
                        }
                    }
                />
                <button type="button" class="button" data-testid="add-action" on:click=add_action>
                    {tr(RulesText::AddAction)}
                </button>
            </fieldset>

            <label class="check-field">
                <input
                    type="checkbox"
                    data-testid="rule-stop-after"
                    prop:checked=move || stop_after.get()
                    on:change=move |ev| stop_after.set(event_target_checked(&ev))
                />
                {tr(RulesText::StopAfter)}
            </label>

            <p class="rule-preview" data-testid="rule-preview" role="status">{preview}</p>

            <div class="rule-test">
                <button type="button" class="button" data-testid="rule-test" on:click=run_test>
                    {tr(RulesText::TestOnOpen)}
                </button>
                {move || test_result.get().map(|result| view! { <TestResultView result /> })}
            </div>

            <Show when=move || attempted.get() && errors.with(|e| !e.is_empty())>
                <p class="form-error" role="alert" data-testid="rule-fix-errors">
                    {tr(RulesText::FixErrors)}
                </p>
            </Show>
            <DialogButtons on_cancel cancel_testid="rule-cancel">
                <button type="submit" class="button button-primary" data-testid="rule-save">
                    {tr(RulesText::SaveRule)}
                </button>
            </DialogButtons>
        </form>
    }
}

/// One translated error line, tagged with its stable code.
pub fn error_line(locale: crate::state::CurrentLocale, error: RuleError) -> impl IntoView {
    let code = error.code();
    view! {
        <p class="field-error" data-testid="rule-error" data-code=code>
            {move || i18n::rule_error(locale.get(), &error)}
        </p>
    }
}

fn match_key(kind: MatchKind) -> &'static str {
    match kind {
        MatchKind::All => "all",
        MatchKind::Any => "any",
        MatchKind::AllMessages => "all_messages",
    }
}

/// "Cette règle correspondrait à N des 200 derniers messages", when the rule compiles.
fn preview_text(
    locale: i18n::Locale,
    draft: &Rule,
    recent: &Option<Vec<MessageFacts>>,
    context: &Callback<(), Context>,
) -> String {
    let Some(recent) = recent else {
        return RulesText::PreviewLoading.get(locale).to_owned();
    };
    let mut rule = draft.clone();
    rule.enabled = true;
    let Ok(compiled) = CompiledRuleSet::new(&RuleSet::new(vec![rule])) else {
        return String::new();
    };
    let context = context.run(());
    let (mut matched, mut unknown) = (0, 0);
    for facts in recent {
        let outcome = compiled.evaluate(facts, &context);
        if outcome.needs_body {
            unknown += 1;
        } else if !outcome.matched_rules.is_empty() {
            matched += 1;
        }
    }
    let mut text = i18n::preview_matches(locale, matched, recent.len());
    if unknown > 0 {
        text.push(' ');
        text.push_str(&i18n::preview_needs_body(locale, unknown));
    }
    text
}

fn test_on(draft: &Rule, facts: &MessageFacts, context: &Context) -> TestResult {
    let mut rule = draft.clone();
    rule.enabled = true;
    let Ok(compiled) = CompiledRuleSet::new(&RuleSet::new(vec![rule])) else {
        return TestResult::NoMatch;
    };
    let outcome = compiled.evaluate(facts, context);
    if outcome.needs_body {
        TestResult::NeedsBody
    } else if outcome.matched_rules.is_empty() {
        TestResult::NoMatch
    } else if outcome.changes_nothing() {
        TestResult::NothingToDo {
            alerts: outcome.alerts,
        }
    } else {
        TestResult::WouldDo {
            actions: outcome.actions,
            alerts: outcome.alerts,
        }
    }
}

#[component]
fn TestResultView(result: TestResult) -> impl IntoView {
    let locale = use_locale();
    let alert_lines = |alerts: Vec<String>| {
        alerts
            .into_iter()
            .map(|text| {
                view! { <li class="test-alert">{tr(RulesText::TestAlert)}" "{text}</li> }
            })
            .collect_view()
    };
    let body = match result {
        TestResult::NoMessage => view! { <p>{tr(RulesText::NoOpenMessage)}</p> }.into_any(),
        TestResult::NoMatch => view! { <p>{tr(RulesText::TestNoMatch)}</p> }.into_any(),
        TestResult::NeedsBody => {
            view! { <p>{move || i18n::preview_needs_body(locale.get(), 1)}</p> }.into_any()
        }
        TestResult::NothingToDo { alerts } => view! {
            <p>{tr(RulesText::TestNothingToDo)}</p>
            <ul>{alert_lines(alerts)}</ul>
        }
        .into_any(),
        TestResult::WouldDo { actions, alerts } => {
            let lines = actions
                .into_iter()
                .map(|action| view! { <li>{move || i18n::action_summary(locale.get(), &action)}</li> })
                .collect_view();
            view! {
                <p>{tr(RulesText::TestWouldDo)}</p>
                <ul>{lines} {alert_lines(alerts)}</ul>
            }
            .into_any()
        }
    };
    view! { <div class="rule-test-result" data-testid="rule-test-result" role="status">{body}</div> }
}
