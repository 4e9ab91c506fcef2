//! The user's rules in order: enable, reorder, edit, delete; a rule that became invalid
//! (a folder deleted elsewhere) says why.

use crate::components::rule_editor::error_line;
use crate::i18n::{self, RulesText};
use crate::settings::SettingsEdit;
use crate::state::{tr, use_locale};
use facteur_model::FolderPath;
use facteur_rules::{Rule, RuleSet};
use leptos::prelude::*;

/// The list of rules.
#[component]
pub fn RuleList(
    #[prop(into)] rules: Signal<RuleSet>,
    #[prop(into)] known_folders: Signal<Vec<FolderPath>>,
    on_edit: Callback<Rule>,
    on_change: Callback<Vec<SettingsEdit>>,
) -> impl IntoView {
    let locale = use_locale();
    let errors = Memo::new(move |_| {
        let set = rules.get();
        known_folders.with(|known| {
            facteur_rules::validate(&set, known)
                .err()
                .unwrap_or_default()
        })
    });
    let count = move || rules.with(|r| r.rules.len());
    let numbered =
        move || -> Vec<(usize, Rule)> { rules.get().rules.into_iter().enumerate().collect() };
    view! {
        <Show
            when=move || { count() > 0 }
            fallback=move || view! { <p class="hint" data-testid="no-rules">{tr(RulesText::NoRules)}</p> }
        >
            <ol class="rule-list" data-testid="rule-list">
                <For
                    each=numbered
                    key=|(index, rule)| (*index, rule.clone())
                    children=move |(index, rule)| {
                        let last = count().saturating_sub(1);
                        let rule_errors = move || {
                            errors
                                .get()
                                .into_iter()
                                .filter(|e| e.rule() == Some(index))
                                .map(|e| error_line(locale, e))
                                .collect_view()
                        };
                        let actions = rule.actions.clone();
                        let summary = move || {
                            let locale = locale.get();
                            let parts: Vec<String> =
                                actions.iter().map(|a| i18n::action_summary(locale, a)).collect();
                            parts.join(" · ")
                        };
                        let confirming = RwSignal::new(false);
                        let (toggle, up, down, edit, delete) = (
                            rule.clone(),
                            rule.id.clone(),
                            rule.id.clone(),
                            rule.clone(),
                            rule.id.clone(),
                        );
                        view! {
                            <li
                                class="rule-item"
                                class:disabled=!rule.enabled
                                data-testid="rule-item"
                                data-rule-id=rule.id.clone()
                            >
                                <label class="rule-enabled">
                                    <input
                                        type="checkbox"
                                        data-testid="rule-enabled"
                                        prop:checked=rule.enabled
                                        on:change=move |_| {
                                            let mut changed = toggle.clone();
                                            changed.enabled = !changed.enabled;
                                            on_change.run(vec![SettingsEdit::UpsertRule(changed)]);
                                        }
                                    />
                                    <span class="visually-hidden">{tr(RulesText::Enabled)}</span>
                                </label>
                                <div class="rule-text">
                                    <span class="rule-name" data-testid="rule-name-label">{rule.name.clone()}</span>
                                    <span class="rule-summary">{summary}</span>
                                    {rule_errors}
                                </div>
                                <div class="rule-buttons">
                                    <button
                                        type="button"
                                        class="button icon-button"
                                        data-testid="rule-up"
                                        disabled=index == 0
                                        title=tr(RulesText::MoveUp)
                                        on:click=move |_| on_change.run(vec![SettingsEdit::MoveRule { id: up.clone(), up: true }])
                                    >
                                        <span aria-hidden="true">"↑"</span>
                                        <span class="visually-hidden">{tr(RulesText::MoveUp)}</span>
                                    </button>
                                    <button
                                        type="button"
                                        class="button icon-button"
                                        data-testid="rule-down"
                                        disabled=index == last
                                        title=tr(RulesText::MoveDown)
                                        on:click=move |_| on_change.run(vec![SettingsEdit::MoveRule { id: down.clone(), up: false }])
                                    >
                                        <span aria-hidden="true">"↓"</span>
                                        <span class="visually-hidden">{tr(RulesText::MoveDown)}</span>
                                    </button>
                                    <button
                                        type="button"
                                        class="button"
                                        data-testid="rule-edit"
                                        on:click=move |_| on_edit.run(edit.clone())
                                    >
                                        {tr(RulesText::Edit)}
                                    </button>
                                    <Show
                                        when=move || confirming.get()
                                        fallback=move || view! {
                                            <button
                                                type="button"
                                                class="button"
                                                data-testid="rule-delete"
                                                on:click=move |_| confirming.set(true)
                                            >
                                                {move || locale.text(crate::i18n::MailText::Delete)}
                                            </button>
                                        }
                                    >
                                        {
                                            let delete = delete.clone();
                                            view! {
                                                <button
                                                    type="button"
                                                    class="button button-danger"
                                                    data-testid="rule-delete-confirm"
                                                    on:click=move |_| on_change.run(vec![SettingsEdit::RemoveRule(delete.clone())])
                                                >
                                                    {move || locale.text(crate::i18n::MailText::Delete)}" ✓"
                                                </button>
                                                <button type="button" class="button" on:click=move |_| confirming.set(false)>
                                                    {move || locale.text(crate::i18n::MailText::Cancel)}
                                                </button>
                                            }
                                        }
                                    </Show>
                                </div>
                            </li>
                        }
                    }
                />
            </ol>
        </Show>
    }
}
