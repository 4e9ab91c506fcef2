//! The setup report screen: the report of the signed-in account, with Print (the print
//! stylesheet keeps only the report) and Download (a self-contained HTML file).

use crate::i18n::SetupText;
use crate::settings::Settings;
use crate::settings_store::{SettingsStatus, SettingsStore};
use crate::setup_report::{self, ReportInput, SetupReport};
use crate::state::{tr, use_locale};
use crate::time_zone::{self, BrowserZone};
use crate::views::mailbox::{Load, Mailbox};
use facteur_model::api::SessionInfo;
use facteur_model::folder::Folder;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The report of `account`, from the mailbox's folders and the roaming settings.
#[component]
pub fn SetupReportPage(account: SessionInfo) -> impl IntoView {
    let locale = use_locale();
    let mailbox = use_context::<Mailbox>();
    let store = use_context::<SettingsStore>();
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
    let ready = move || folders.with(Option::is_some) && settings.with(Option::is_some);
    let report = Memo::new(move |_| {
        let folders = folders.get().unwrap_or_default();
        let settings: Option<Settings> = settings.get().flatten();
        let input = ReportInput {
            account: &account,
            folders: &folders,
            settings: settings.as_ref(),
            generated_at,
        };
        setup_report::build(locale.get(), input, &BrowserZone)
    });

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
                    on:click=move |_| report.with_untracked(download)
                >
                    {tr(SetupText::Download)}
                </button>
            </div>
            <Show
                when=ready
                fallback=|| view! { <p class="pane-status" role="status">{tr(SetupText::ReportLoading)}</p> }
            >
                {move || report.with(report_view)}
                <span class="visually-hidden" data-testid="report-ready"></span>
            </Show>
        </article>
    }
}

fn report_view(report: &SetupReport) -> impl IntoView + use<> {
    let sections = report
        .sections
        .iter()
        .map(|section| {
            let rows = (!section.rows.is_empty()).then(|| {
                let rows = section
                    .rows
                    .iter()
                    .map(|(label, value)| {
                        view! { <tr><th scope="row">{label.clone()}</th><td>{value.clone()}</td></tr> }
                    })
                    .collect_view();
                view! { <table class="report-table"><tbody>{rows}</tbody></table> }
            });
            let items = if section.items.is_empty() {
                section
                    .empty
                    .clone()
                    .filter(|_| section.rows.is_empty())
                    .map(|empty| view! { <p class="hint">{empty}</p> }.into_any())
            } else {
                let items = section
                    .items
                    .iter()
                    .map(|item| view! { <li>{item.clone()}</li> })
                    .collect_view();
                Some(view! { <ul class="report-list">{items}</ul> }.into_any())
            };
            view! {
                <section class="report-section">
                    <h2>{section.heading.clone()}</h2>
                    {rows}
                    {items}
                </section>
            }
        })
        .collect_view();
    view! {
        <h1 data-testid="report-title">{report.title.clone()}</h1>
        <p class="hint">{report.intro.clone()}</p>
        {sections}
        <footer class="report-footer">{report.footer.clone()}</footer>
    }
}

fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

/// Saves the report as a self-contained HTML file through a temporary object URL.
fn download(report: &SetupReport) {
    let html = setup_report::to_html(report);
    let parts = js_sys::Array::of1(&html.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/html;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = document();
    if let Some(link) = document
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
