//! One condition and one action of the rule editor, each with its errors beside it.

use crate::components::alert_field::AlertField;
use crate::components::rule_editor::error_line;
use crate::folder_names;
use crate::i18n::{self, RulesText};
use crate::rule_form::{self, ErrorPlace, ValueShape, error_place, value_shape};
use crate::state::{tr, use_locale};
use facteur_model::FolderPath;
use facteur_model::calendar::LocalDate;
use facteur_model::folder::Folder;
use facteur_rules::{Action, Condition, Field, RuleError, Value};
use leptos::prelude::*;

/// A row of the editor: a stable key for `<For>` and the edited value.
#[derive(Debug, Clone, Copy)]
pub struct Row<T: Send + Sync + 'static> {
    pub id: u32,
    pub value: RwSignal<T>,
}

impl<T: Send + Sync + 'static> Row<T> {
    pub fn new(id: u32, value: T) -> Self {
        Row {
            id,
            value: RwSignal::new(value),
        }
    }
}

/// The errors of `place`, translated.
fn errors_at(
    errors: Signal<Vec<RuleError>>,
    place: impl Fn() -> ErrorPlace + Send + Sync + 'static,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        let place = place();
        errors
            .get()
            .into_iter()
            .filter(|e| error_place(e) == place)
            .map(|e| error_line(locale, e))
            .collect_view()
    }
}

/// Field, operator and value of one condition.
#[component]
pub fn ConditionRow(
    condition: RwSignal<Condition>,
    index: Signal<usize>,
    errors: Signal<Vec<RuleError>>,
    today: LocalDate,
    on_remove: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let field_key = Memo::new(move |_| condition.with(|c| rule_form::field_key(&c.field)));
    let field = Memo::new(move |_| condition.with(|c| c.field.clone()));
    let shape = Memo::new(move |_| condition.with(|c| value_shape(&c.field, c.operator)));
    let is_header = Memo::new(move |_| matches!(field.get(), Field::Header(_)));
    let label = move || format!("{} {}", locale.text(RulesText::Conditions), index.get() + 1);

    let field_options = rule_form::all_fields()
        .into_iter()
        .map(|f| {
            let key = rule_form::field_key(&f);
            view! {
                <option value=key prop:selected=move || field_key.get() == key>
                    {move || i18n::field_name(locale.get(), &f)}
                </option>
            }
        })
        .collect_view();
    let operator_options = move || {
        field
            .get()
            .operators()
            .iter()
            .map(|op| {
                let op = *op;
                view! {
                    <option
                        value=rule_form::operator_key(op)
                        prop:selected=move || condition.with(|c| c.operator == op)
                    >
                        {move || i18n::operator_name(locale.get(), op)}
                    </option>
                }
            })
            .collect_view()
    };
    let set_field = move |key: String| {
        if let Some(mut new_field) = rule_form::field_from_key(&key) {
            if let (Field::Header(_), Field::Header(old)) = (&new_field, field.get_untracked()) {
                new_field = Field::Header(old);
            }
            condition.update(|c| *c = rule_form::with_field(c, new_field, today));
        }
    };
    let set_operator = move |key: String| {
        condition.update(|c| {
            if let Some(op) = rule_form::operator_from_key(&c.field, &key) {
                *c = rule_form::with_operator(c, op, today);
            }
        });
    };

    view! {
        <div class="rule-row condition-row" data-testid="condition-row" role="group" aria-label=label>
            <div class="rule-row-inputs">
                <select
                    class="condition-field"
                    data-testid="condition-field"
                    aria-label=tr(RulesText::Field)
                    prop:value=move || field_key.get()
                    on:change=move |ev| set_field(event_target_value(&ev))
                >
                    {field_options}
                </select>
                <Show when=move || is_header.get()>
                    <input
                        type="text"
                        class="condition-header"
                        data-testid="condition-header"
                        placeholder="X-Mailer"
                        aria-label=tr(RulesText::HeaderName)
                        prop:value=move || match field.get() {
                            Field::Header(name) => name,
                            _ => String::new(),
                        }
                        on:input=move |ev| {
                            let name = event_target_value(&ev);
                            condition.update(|c| c.field = Field::Header(name));
                        }
                    />
                </Show>
                <select
                    class="condition-operator"
                    data-testid="condition-operator"
                    aria-label=tr(RulesText::Operator)
                    prop:value=move || condition.with(|c| rule_form::operator_key(c.operator))
                    on:change=move |ev| set_operator(event_target_value(&ev))
                >
                    {operator_options}
                </select>
                {move || value_input(shape.get(), condition)}
                <button
                    type="button"
                    class="button icon-button"
                    data-testid="condition-remove"
                    title=tr(RulesText::Remove)
                    on:click=move |_| on_remove.run(())
                >
                    <span aria-hidden="true">"×"</span>
                    <span class="visually-hidden">{tr(RulesText::Remove)}</span>
                </button>
            </div>
            {errors_at(errors, move || ErrorPlace::Condition(index.get()))}
        </div>
    }
}

/// The value input a condition's shape needs.
fn value_input(shape: ValueShape, condition: RwSignal<Condition>) -> AnyView {
    let locale = use_locale();
    let value_label = tr(RulesText::Value);
    match shape {
        ValueShape::Nothing => ().into_any(),
        ValueShape::Text => view! {
            <input
                type="text"
                class="condition-value"
                data-testid="condition-value"
                aria-label=value_label
                prop:value=move || condition.with(|c| match &c.value {
                    Value::Text(text) => text.clone(),
                    _ => String::new(),
                })
                on:input=move |ev| condition.update(|c| c.value = Value::Text(event_target_value(&ev)))
            />
        }
        .into_any(),
        ValueShape::Number => view! {
            <input
                type="number"
                min="0"
                inputmode="numeric"
                class="condition-value condition-number"
                data-testid="condition-value"
                aria-label=value_label
                prop:value=move || condition.with(|c| match &c.value {
                    Value::Number(n) => n.to_string(),
                    _ => String::new(),
                })
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).trim().parse() {
                        condition.update(|c| c.value = Value::Number(n));
                    }
                }
            />
        }
        .into_any(),
        ValueShape::Size => {
            let amount = move || match condition.with(|c| c.value.clone()) {
                Value::Size { amount, unit } => (amount, unit),
                _ => (0, facteur_rules::SizeUnit::Kilobytes),
            };
            view! {
                <input
                    type="number"
                    min="0"
                    inputmode="numeric"
                    class="condition-value condition-number"
                    data-testid="condition-value"
                    aria-label=value_label
                    prop:value=move || amount().0.to_string()
                    on:input=move |ev| {
                        if let Ok(n) = event_target_value(&ev).trim().parse() {
                            let unit = amount().1;
                            condition.update(|c| c.value = Value::Size { amount: n, unit });
                        }
                    }
                />
                <select
                    data-testid="condition-unit"
                    aria-label=tr(RulesText::Unit)
                    prop:value=move || rule_form::size_unit_key(amount().1)
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        if let Some(unit) = rule_form::SIZE_UNITS
                            .into_iter()
                            .find(|u| rule_form::size_unit_key(*u) == key)
                        {
                            let n = amount().0;
                            condition.update(|c| c.value = Value::Size { amount: n, unit });
                        }
                    }
                >
                    {rule_form::SIZE_UNITS
                        .into_iter()
                        .map(|unit| {
                            view! {
                                <option
                                    value=rule_form::size_unit_key(unit)
                                    prop:selected=move || amount().1 == unit
                                >
                                    {move || i18n::size_unit_name(locale.get(), unit)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
            .into_any()
        }
        ValueShape::Date => view! {
            <input
                type="date"
                class="condition-value"
                data-testid="condition-value"
                aria-label=value_label
                prop:value=move || condition.with(|c| match &c.value {
                    Value::Date(date) => rule_form::format_date(*date),
                    _ => String::new(),
                })
                on:input=move |ev| {
                    if let Some(date) = rule_form::parse_date(&event_target_value(&ev)) {
                        condition.update(|c| c.value = Value::Date(date));
                    }
                }
            />
        }
        .into_any(),
        ValueShape::Status => view! {
            <select
                data-testid="condition-value"
                aria-label=value_label
                prop:value=move || condition.with(|c| match &c.value {
                    Value::Status(status) => rule_form::status_key(*status),
                    _ => "read",
                })
                on:change=move |ev| {
                    let key = event_target_value(&ev);
                    if let Some(status) = rule_form::STATUSES
                        .into_iter()
                        .find(|s| rule_form::status_key(*s) == key)
                    {
                        condition.update(|c| c.value = Value::Status(status));
                    }
                }
            >
                {rule_form::STATUSES
                    .into_iter()
                    .map(|status| {
                        view! {
                            <option
                                value=rule_form::status_key(status)
                                prop:selected=move || condition.with(|c| c.value == Value::Status(status))
                            >
                                {move || i18n::status_name(locale.get(), status)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
        .into_any(),
    }
}

/// The kind and parameter of one action.
#[component]
pub fn ActionRow(
    action: RwSignal<Action>,
    index: Signal<usize>,
    errors: Signal<Vec<RuleError>>,
    folders: Signal<Vec<Folder>>,
    default_alert: &'static str,
    on_remove: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let kind = Memo::new(move |_| action.with(rule_form::action_key));
    let label = move || format!("{} {}", locale.text(RulesText::Actions), index.get() + 1);
    let kinds = rule_form::all_action_kinds()
        .into_iter()
        .map(|a| {
            let key = rule_form::action_key(&a);
            view! {
                <option value=key prop:selected=move || kind.get() == key>
                    {move || i18n::action_kind_name(locale.get(), &a)}
                </option>
            }
        })
        .collect_view();
    let parameter = move || match kind.get() {
        "move_to" | "copy_to" => view! { <ActionFolder action folders /> }.into_any(),
        "add_keyword" | "remove_keyword" => view! {
            <input
                type="text"
                data-testid="action-keyword"
                aria-label=tr(RulesText::Keyword)
                prop:value=move || action.with(|a| match a {
                    Action::AddKeyword(k) | Action::RemoveKeyword(k) => k.clone(),
                    _ => String::new(),
                })
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    action.update(|a| match a {
                        Action::AddKeyword(k) | Action::RemoveKeyword(k) => *k = text,
                        _ => {}
                    });
                }
            />
        }
        .into_any(),
        "alert" => view! { <AlertField action /> }.into_any(),
        _ => ().into_any(),
    };
    view! {
        <div class="rule-row action-row" data-testid="action-row" role="group" aria-label=label>
            <div class="rule-row-inputs">
                <select
                    data-testid="action-kind"
                    aria-label=tr(RulesText::Actions)
                    prop:value=move || kind.get()
                    on:change=move |ev| {
                        let key = event_target_value(&ev);
                        action.update(|a| {
                            if let Some(next) = rule_form::action_of_kind(a, &key, default_alert) {
                                *a = next;
                            }
                        });
                    }
                >
                    {kinds}
                </select>
                {parameter}
                <button
                    type="button"
                    class="button icon-button"
                    data-testid="action-remove"
                    title=tr(RulesText::Remove)
                    on:click=move |_| on_remove.run(())
                >
                    <span aria-hidden="true">"×"</span>
                    <span class="visually-hidden">{tr(RulesText::Remove)}</span>
                </button>
            </div>
            {errors_at(errors, move || ErrorPlace::Action(index.get()))}
        </div>
    }
}

/// The folder of a move or copy action.
#[component]
fn ActionFolder(action: RwSignal<Action>, folders: Signal<Vec<Folder>>) -> impl IntoView {
    let locale = use_locale();
    let current = move || {
        action.with(|a| match a {
            Action::MoveTo(f) | Action::CopyTo(f) => f.as_str().to_owned(),
            _ => String::new(),
        })
    };
    view! {
        <select
            data-testid="action-folder"
            aria-label=tr(RulesText::Folder)
            prop:value=current
            on:change=move |ev| {
                let path = FolderPath(event_target_value(&ev));
                action.update(|a| match a {
                    Action::MoveTo(f) | Action::CopyTo(f) => *f = path,
                    _ => {}
                });
            }
        >
            <option value="">{tr(RulesText::Folder)}"…"</option>
            {move || {
                folders
                    .get()
                    .into_iter()
                    .filter(|f| f.selectable)
                    .map(|f| {
                        let name = folder_names::picker_label(locale.get(), &f);
                        let value = f.path.as_str().to_owned();
                        let selected = current() == value;
                        view! { <option value=value prop:selected=selected>{name}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}
