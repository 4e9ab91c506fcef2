//! "Run rules now": a progress bar, Stop between batches, and what was done, titled with
//! the folder's name as the user sees it.

use crate::components::error_notice::ErrorNotice;
use crate::folder_names;
use crate::i18n::{self, RulesText};
use crate::state::{tr, use_locale};
use crate::stores::rules_runner::RunProgress;
use facteur_model::folder::Folder;
use leptos::prelude::*;

/// The progress and outcome of a run, nothing when there is none.
#[component]
pub fn RunPanel(
    #[prop(into)] run: Signal<Option<RunProgress>>,
    /// The account's folders, to name the run's folder.
    #[prop(into)]
    folders: Signal<Vec<Folder>>,
    on_cancel: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        run.get().map(|run| {
            let path = run.folder.clone();
            let folder = move || folders.with(|list| folder_names::path_name(locale.get(), list, &path));
            let running = !run.finished;
            let status = if running {
                None
            } else if run.cancelled {
                Some(RulesText::RunCancelled)
            } else if run.tally.is_empty() && run.errors.is_empty() {
                Some(RulesText::RunNothing)
            } else {
                Some(RulesText::RunDone)
            };
            let lines = i18n::tally_lines(locale.get(), &run.tally)
                .into_iter()
                .map(|line| view! { <li data-testid="run-summary-line">{line}</li> })
                .collect_view();
            let error = run.errors.first().cloned();
            let (done, total) = (run.done, run.total.max(1));
            view! {
                <section class="run-panel" data-testid="run-panel" aria-busy=if running { "true" } else { "false" }>
                    <h3 data-testid="run-title">{tr(RulesText::RunTitle)}" — "{folder}</h3>
                    <progress
                        data-testid="run-progress"
                        max=total
                        value=done
                        aria-label=tr(RulesText::RunTitle)
                    ></progress>
                    <p class="run-count" role="status" data-testid="run-count">
                        {move || i18n::run_progress(locale.get(), done, run.total)}
                    </p>
                    {status.map(|s| view! { <p class="run-status" data-testid="run-status">{move || locale.text(s)}</p> })}
                    <ul class="run-summary" data-testid="run-summary">{lines}</ul>
                    {error
                        .map(|e| {
                            view! {
                                <p>{tr(RulesText::RunFailed)}</p>
                                <ErrorNotice error=Signal::stored(Some(e)) />
                            }
                        })}
                    <div class="run-buttons">
                        {if running {
                            view! {
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="run-cancel"
                                    on:click=move |_| on_cancel.run(())
                                >
                                    {tr(RulesText::CancelRun)}
                                </button>
                            }
                                .into_any()
                        } else {
                            view! {
                                <button
                                    type="button"
                                    class="button"
                                    data-testid="run-close"
                                    on:click=move |_| on_close.run(())
                                >
                                    {move || locale.text(crate::i18n::Text::Close)}
                                </button>
                            }
                                .into_any()
                        }}
                    </div>
                </section>
            }
        })
    }
}
