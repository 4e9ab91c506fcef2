//! Sieve, the server-side twin of the rules: export the script (shown and downloadable),
//! install it over ManageSieve where the server offers it, import a script.

use crate::api::{self, ApiError};
use crate::components::error_notice::ErrorNotice;
use crate::components::glossary_link::GlossaryHint;
use crate::i18n::glossary_text::Term;
use crate::i18n::{self, RulesText};
use crate::owned_task::TaskOwner;
use crate::settings::SettingsEdit;
use crate::state::{tr, use_locale};
use crate::stores::settings_store::SettingsStore;
use facteur_model::FolderPath;
use facteur_model::sieve::{InstallSieve, SieveStatus};
use facteur_rules::sieve::{ExportOptions, ImportOptions, Imported};
use leptos::prelude::*;

/// The default ManageSieve port (RFC 5804).
const MANAGESIEVE_PORT: u16 = 4190;

/// The Sieve section of the rules screen.
#[component]
pub fn SievePanel(
    store: SettingsStore,
    /// The user's identities, for "from me" / "to me".
    #[prop(into)]
    identities: Signal<Vec<String>>,
    #[prop(into)] trash: Signal<FolderPath>,
) -> impl IntoView {
    let tasks = TaskOwner::current();
    let locale = use_locale();
    let script = RwSignal::new(None::<String>);
    let download = RwSignal::new(None::<String>);
    let port = RwSignal::new(MANAGESIEVE_PORT.to_string());
    let status = RwSignal::new(None::<SieveStatus>);
    let error = RwSignal::new(None::<ApiError>);
    let installed = RwSignal::new(None::<Option<String>>);
    let pending = RwSignal::new(false);
    let import_text = RwSignal::new(String::new());
    let imported = RwSignal::new(None::<Imported>);

    let export = move |_| {
        let text = store.settings.with_untracked(|s| {
            let identities = identities.get_untracked();
            let trash = trash.get_untracked();
            facteur_rules::sieve::export(
                &s.rules,
                ExportOptions {
                    identities: &identities,
                    trash: &trash,
                },
            )
        });
        if let Some(old) = download.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        download.set(blob_url(&text));
        script.set(Some(text));
    };
    let port_number = move || port.get_untracked().trim().parse::<u16>().ok();
    let check = move |_| {
        pending.set(true);
        error.set(None);
        tasks.spawn(async move {
            let result = api::sieve_status(port_number()).await;
            pending.set(false);
            match result {
                Ok(found) => status.set(Some(found)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let install = move |_| {
        let Some(text) = script.get_untracked() else {
            return;
        };
        pending.set(true);
        error.set(None);
        tasks.spawn(async move {
            let request = InstallSieve {
                script: text,
                port: port_number(),
            };
            let result = api::install_sieve(&request).await;
            pending.set(false);
            match result {
                Ok(done) => installed.set(Some(done.warnings)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let read_script = move |_| {
        let identities = identities.get_untracked();
        let trash = trash.get_untracked();
        let result = facteur_rules::sieve::import(
            &import_text.get_untracked(),
            ImportOptions {
                identities: &identities,
                trash: &trash,
            },
        );
        imported.set(Some(result));
    };
    let add_imported = move |_| {
        if let Some(result) = imported.get_untracked() {
            store.edit(vec![SettingsEdit::AddRules(result.rules.rules)]);
            imported.set(None);
            import_text.set(String::new());
        }
    };
    let available = move || status.with(|s| s.as_ref().is_some_and(|s| s.available));

    view! {
        <section class="rules-block sieve-panel" data-testid="sieve-panel">
            <h3>{tr(RulesText::SieveTitle)} " " <GlossaryHint term=Term::Sieve /></h3>
            <p class="hint">{tr(RulesText::SieveHint)}</p>
            <div class="button-row">
                <button type="button" class="button" data-testid="sieve-export" on:click=export>
                    {tr(RulesText::ExportSieve)}
                </button>
                {move || {
                    download
                        .get()
                        .map(|href| {
                            view! {
                                <a class="button" href=href download="facteur.sieve" data-testid="sieve-download">
                                    {tr(RulesText::Download)}
                                </a>
                            }
                        })
                }}
            </div>
            {move || {
                script
                    .get()
                    .map(|text| {
                        view! {
                            <textarea class="sieve-script" data-testid="sieve-script" readonly=true rows="10" prop:value=text></textarea>
                        }
                    })
            }}
            <div class="sieve-server">
                <div class="field field-inline">
                    <label for="sieve-port">{tr(RulesText::SievePort)}</label>
                    <input
                        id="sieve-port"
                        type="number"
                        inputmode="numeric"
                        data-testid="sieve-port"
                        prop:value=move || port.get()
                        on:input=move |ev| port.set(event_target_value(&ev))
                    />
                </div>
                <button type="button" class="button" data-testid="sieve-check" disabled=move || pending.get() on:click=check>
                    {tr(RulesText::CheckServer)}
                </button>
                {move || {
                    status
                        .get()
                        .map(|found| {
                            let text = if found.available {
                                RulesText::SieveAvailable
                            } else {
                                RulesText::SieveNotAvailable
                            };
                            let reason = found.reason.clone();
                            view! {
                                <p data-testid="sieve-status">{move || locale.text(text)}</p>
                                {reason.map(|r| view! { <p class="hint">{r}</p> })}
                            }
                        })
                }}
                <Show when=move || available() && script.with(Option::is_some)>
                    <button
                        type="button"
                        class="button button-primary"
                        data-testid="sieve-install"
                        disabled=move || pending.get()
                        on:click=install
                    >
                        {tr(RulesText::InstallOnServer)}
                    </button>
                </Show>
                {move || {
                    installed
                        .get()
                        .map(|warnings| {
                            view! {
                                <p class="notice notice-info" role="status" data-testid="sieve-installed">
                                    {tr(RulesText::SieveInstalled)}
                                    {warnings.clone().map(|w| format!(" ({w})"))}
                                </p>
                            }
                        })
                }}
                <ErrorNotice error />
            </div>
            <details class="sieve-import">
                <summary>{tr(RulesText::ImportSieve)}</summary>
                <div class="field">
                    <label for="sieve-import">{tr(RulesText::PasteScript)}</label>
                    <textarea
                        id="sieve-import"
                        rows="8"
                        data-testid="sieve-import-input"
                        prop:value=move || import_text.get()
                        on:input=move |ev| import_text.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <button type="button" class="button" data-testid="sieve-import-read" on:click=read_script>
                    {tr(RulesText::Import)}
                </button>
                {move || {
                    imported
                        .get()
                        .map(|result| {
                            let names = result
                                .rules
                                .rules
                                .iter()
                                .map(|r| view! { <li data-testid="sieve-imported-rule">{r.name.clone()}</li> })
                                .collect_view();
                            let issues = result
                                .issues
                                .iter()
                                .map(|issue| {
                                    let issue = issue.clone();
                                    view! { <li data-testid="sieve-issue">{move || i18n::import_issue(locale.get(), &issue)}</li> }
                                })
                                .collect_view();
                            let (count, has_issues) = (result.rules.rules.len(), !result.issues.is_empty());
                            view! {
                                <p data-testid="sieve-imported-count">{move || i18n::imported_count(locale.get(), count)}</p>
                                <ul>{names}</ul>
                                {has_issues
                                    .then(|| {
                                        view! {
                                            <p>{tr(RulesText::ImportIssues)}</p>
                                            <ul class="sieve-issues">{issues}</ul>
                                        }
                                    })}
                                {(count > 0)
                                    .then(|| {
                                        view! {
                                            <button type="button" class="button button-primary" data-testid="sieve-import-add" on:click=add_imported>
                                                {tr(RulesText::AddImported)}
                                            </button>
                                        }
                                    })}
                            }
                        })
                }}
            </details>
        </section>
    }
}

/// An object URL for downloading `text` as a Sieve file.
fn blob_url(text: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/sieve;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}
