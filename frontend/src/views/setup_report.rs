//! The setup report screen: the « dossier preuve » of the signed-in account, with Print
//! (the print stylesheet keeps only the report, one part per page) and Download (the same
//! rendering as a self-contained HTML file). It reads what it proves from the app: the
//! folders listed, the rules runner's observations, the Sent folder's delivery reports
//! and the ManageSieve service.

use crate::api;
use crate::i18n::{DossierText, SetupText};
use crate::settings::Settings;
use crate::setup_report::document::standalone_html;
use crate::setup_report::evidence::same_script;
use crate::setup_report::{
    self, Block, Part, ReportInput, ReportSection, RunSeen, SentMessage, SentSeen, SetupReport,
    SieveSeen,
};
use crate::state::{tr, use_locale};
use crate::stores::mailbox::{Load, Mailbox};
use crate::stores::rules_runner::RulesRunner;
use crate::stores::settings_store::{SettingsStatus, SettingsStore};
use crate::time_zone::{self, BrowserZone};
use crate::views::glossary::GlossaryEntries;
use crate::views::providers::ProviderComparison;
use facteur_model::api::SessionInfo;
use facteur_model::folder::{Folder, FolderRole};
use facteur_rules::sieve::ExportOptions;
use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// ManageSieve's registered port, the one the report asks.
const SIEVE_PORT: u16 = 4190;
/// Newest Sent messages looked at for delivery reports.
const SENT_LOOKED_AT: u32 = 10;
/// Most sent messages with delivery status the report tells.
const SENT_TOLD: usize = 3;

/// The report of `account`, from the mailbox, the roaming settings and the rules runner.
#[component]
pub fn SetupReportPage(account: SessionInfo) -> impl IntoView {
    let locale = use_locale();
    let mailbox = use_context::<Mailbox>();
    let store = use_context::<SettingsStore>();
    let runner = use_context::<RulesRunner>();
    // Dated when opened, like a photograph of the configuration.
    let generated_at = time_zone::now();
    let folders = Memo::new(move |_| match mailbox.map(|m| m.folders.get()) {
        Some(Load::Ready(folders)) => Some(folders),
        Some(Load::Loading) => None,
        Some(Load::Failed(_)) | None => Some(Vec::<Folder>::new()),
    });
    // `None` once loading failed: the report then says the rules are missing.
    let settings = Memo::new(move |_| match store {
        Some(store) => match store.status.get() {
            SettingsStatus::Failed(_) => Some(None),
            SettingsStatus::Loading => None,
            SettingsStatus::Ready => Some(Some(store.settings.get())),
        },
        None => Some(None),
    });
    let sieve = RwSignal::new(SieveSeen::Loading);
    let sent = RwSignal::new(SentSeen::Loading);
    // Asked once the folders (for Sent and Trash) and the rules (for the script) are known.
    let asked = StoredValue::new(false);
    let email = account.email.to_string();
    Effect::new(move |_| {
        let (Some(folders), Some(settings)) = (folders.get(), settings.get()) else {
            return;
        };
        if asked.get_value() {
            return;
        }
        asked.set_value(true);
        let listed = folders.clone();
        spawn_local(async move {
            let seen = sent_with_reports(&listed).await;
            let _ = sent.try_set(seen);
        });
        let email = email.clone();
        spawn_local(async move {
            let seen = sieve_seen(&folders, settings.as_ref(), &email).await;
            let _ = sieve.try_set(seen);
        });
    });
    let ready = move || folders.with(Option::is_some) && settings.with(Option::is_some);
    let report = Memo::new(move |_| {
        let folders = folders.get().unwrap_or_default();
        let settings: Option<Settings> = settings.get().flatten();
        let checks = runner.map(|r| r.checks.get()).unwrap_or_default();
        // The run on screen when it has finished, else the last one whose panel closed.
        let run = runner.and_then(|r| {
            r.run
                .get()
                .filter(|run| run.finished)
                .or_else(|| r.last_finished.get())
        });
        let last_run = run.as_ref().map(|run| RunSeen {
            folder: &run.folder,
            examined: run.done,
            tally: &run.tally,
            clean: !run.cancelled && run.errors.is_empty(),
        });
        let (sieve, sent) = (sieve.get(), sent.get());
        let input = ReportInput {
            account: &account,
            folders: &folders,
            settings: settings.as_ref(),
            generated_at,
            checks: &checks,
            last_run,
            sieve: &sieve,
            sent: &sent,
        };
        setup_report::build(locale.get(), input, &BrowserZone)
    });
    // Whatever page was open before, the report starts at its top.
    request_animation_frame(scroll_to_top);
    let content = NodeRef::<Div>::new();
    let complete =
        move || sieve.with(|s| *s != SieveSeen::Loading) && sent.with(|s| *s != SentSeen::Loading);

    view! {
        <article class="help-page setup-report" data-print-root="" data-testid="setup-report">
            <div class="report-actions no-print">
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="report-print"
                    on:click=move |_| print()
                >
                    {tr(SetupText::Print)}
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="report-download"
                    on:click=move |_| report.with_untracked(|r| download(r, content))
                >
                    {tr(SetupText::Download)}
                </button>
            </div>
            <Show
                when=ready
                fallback=|| view! { <p class="pane-status" role="status">{tr(DossierText::Loading)}</p> }
            >
                <div node_ref=content>{move || report.with(report_view)}</div>
                <Show when=complete>
                    <span class="visually-hidden no-print" data-testid="report-ready"></span>
                </Show>
            </Show>
        </article>
    }
}

fn report_view(report: &SetupReport) -> impl IntoView + use<> {
    let locale = report.locale;
    let count = report.sections.len();
    let sections = report
        .sections
        .iter()
        .enumerate()
        .map(|(i, section)| section_view(locale, section, i + 1 == count, &report.footer))
        .collect_view();
    view! {
        <h1 data-testid="report-title">{report.title.clone()}</h1>
        <p class="hint">{report.intro.clone()}</p>
        {sections}
    }
}

/// One section; the last one carries the footer, so they print on the same page.
fn section_view(
    locale: crate::i18n::Locale,
    section: &ReportSection,
    last: bool,
    footer: &str,
) -> impl IntoView + use<> {
    let blocks = section
        .blocks
        .iter()
        .map(|block| block_view(locale, block))
        .collect_view();
    let part = match section.part {
        Part::Text => None,
        Part::Comparison => Some(view! { <ProviderComparison /> }.into_any()),
        Part::Glossary => {
            Some(view! { <GlossaryEntries focus=Signal::derive(|| None) /> }.into_any())
        }
    };
    view! {
        <section
            class="report-section"
            class:report-part=section.part != Part::Text
            data-testid="report-section"
            data-section=section.id
        >
            <h2>{section.heading.clone()}</h2>
            {blocks}
            {part}
            {last.then(|| view! { <footer class="report-footer">{footer.to_owned()}</footer> })}
        </section>
    }
}

fn block_view(locale: crate::i18n::Locale, block: &Block) -> AnyView {
    match block {
        Block::Rows(rows) => {
            let rows = rows
                .iter()
                .map(|(label, value)| {
                    view! { <tr><th scope="row">{label.clone()}</th><td>{value.clone()}</td></tr> }
                })
                .collect_view();
            view! { <table class="report-table"><tbody>{rows}</tbody></table> }.into_any()
        }
        Block::Paragraph(text) => view! { <p>{text.clone()}</p> }.into_any(),
        Block::Subheading(text) => view! { <h3>{text.clone()}</h3> }.into_any(),
        Block::List(items) => {
            let items = items
                .iter()
                .map(|item| view! { <li>{item.clone()}</li> })
                .collect_view();
            view! { <ul class="report-list">{items}</ul> }.into_any()
        }
        Block::Check(check) => view! {
            <p class=check.status.class() data-testid="report-check" data-status=format!("{:?}", check.status)>
                <span class="check-status">{check.status.label(locale)}</span>
                {check.text.clone()}
            </p>
        }
        .into_any(),
    }
}

/// The newest sent messages that asked for delivery status, with their reports.
async fn sent_with_reports(folders: &[Folder]) -> SentSeen {
    let Some(sent) = folders.iter().find(|f| f.role == Some(FolderRole::Sent)) else {
        return SentSeen::Found(Vec::new());
    };
    let Ok(page) = api::messages_page(&sent.path, None, SENT_LOOKED_AT).await else {
        return SentSeen::Unreadable;
    };
    let mut newest = page.messages;
    newest.sort_by_key(|m| std::cmp::Reverse(m.uid));
    let mut told = Vec::new();
    for message in newest {
        if told.len() == SENT_TOLD {
            break;
        }
        let Ok(view) = api::delivery::delivery(&sent.path, message.uid).await else {
            return SentSeen::Unreadable;
        };
        if view.dsn_requested {
            told.push(SentMessage {
                subject: message.subject,
                sent_at: message.received,
                view,
            });
        }
    }
    SentSeen::Found(told)
}

/// What ManageSieve says, and whether its active script is the export of the rules.
async fn sieve_seen(folders: &[Folder], settings: Option<&Settings>, email: &str) -> SieveSeen {
    let Ok(status) = api::sieve_status(Some(SIEVE_PORT)).await else {
        return SieveSeen::Unavailable { port: SIEVE_PORT };
    };
    if !status.available {
        return SieveSeen::Unavailable { port: SIEVE_PORT };
    }
    let same_as_rules = match (settings, &status.active_content) {
        (Some(settings), Some(installed)) => {
            let trash = folders
                .iter()
                .find(|f| f.role == Some(FolderRole::Trash))
                .map(|f| f.path.clone())
                .unwrap_or_else(|| facteur_model::FolderPath("Trash".to_owned()));
            let identities = settings.identities(email);
            let exported = facteur_rules::sieve::export(
                &settings.rules,
                ExportOptions {
                    identities: &identities,
                    trash: &trash,
                },
            );
            same_script(installed, &exported)
        }
        _ => false,
    };
    SieveSeen::Available {
        port: SIEVE_PORT,
        active: status.active_script,
        same_as_rules,
    }
}

fn scroll_to_top() {
    if let Some(body) = document().query_selector(".help-body").ok().flatten() {
        body.set_scroll_top(0);
    }
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Saves the report as shown (comparison and glossary included) as a self-contained HTML
/// file, through a temporary object URL.
fn download(report: &SetupReport, content: NodeRef<Div>) {
    let Some(shown) = content.get_untracked() else {
        return;
    };
    let Some(copy) = shown
        .clone_node_with_deep(true)
        .ok()
        .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    // What only makes sense inside the app stays out of the file.
    if let Ok(extra) = copy.query_selector_all(".no-print") {
        for i in 0..extra.length() {
            if let Some(node) = extra.item(i)
                && let Some(parent) = node.parent_node()
            {
                let _ = parent.remove_child(&node);
            }
        }
    }
    let html = standalone_html(report.locale, &report.title, &copy.inner_html());
    let parts = js_sys::Array::of1(&html.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/html;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(link) = document()
        .create_element("a")
        .ok()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", &report.file_name);
        link.click();
    }
    // Give the browser time to start the download before the URL goes.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
}
